export { ApiRequestError, apiClient, authHeaders, readJson, type ApiAccess } from './http.js'
export { backoffDelay, connectLiveEvents, type LiveOptions, type LiveState } from './live-events.js'
export * from './format.js'
