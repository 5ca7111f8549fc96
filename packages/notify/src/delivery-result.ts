/** What a delivery attempt came to. `retryable` tells the queue whether trying again later can help. */
export type DeliveryResult = { ok: true; detail?: string } | { ok: false; retryable: boolean; error: string }

export const delivered = (detail?: string): DeliveryResult =>
  detail === undefined ? { ok: true } : { ok: true, detail }

export const failed = (retryable: boolean, error: string): DeliveryResult => ({ ok: false, retryable, error })
