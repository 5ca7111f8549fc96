export { ApiRequestError, apiClient, authHeaders, readDone, readJson, type ApiAccess } from './http.js'
export { backoffDelay, connectLiveEvents, type LiveOptions, type LiveState } from './live-events.js'
export { uploadForm, type UploadOptions } from './upload.js'
export * from './format.js'
