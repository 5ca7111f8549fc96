export { checkOutboundUrl, guardedFetch, OutboundRefused, outboundRefusal, type FetchLike } from './guarded-fetch.js'
export { addressAllowed, parseOutboundAllow, PUBLIC_ONLY, type OutboundPolicy } from './policy.js'
