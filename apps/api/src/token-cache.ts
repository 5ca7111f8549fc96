import { createHash } from 'node:crypto'
import type { Principal } from '@cockpit/services/kernel'

export interface TokenCacheOptions {
  /** How long a resolved token is trusted without asking the database again. */
  ttlMs: number
  /** Entries kept at most (oldest dropped first), so a flood of distinct bad tokens cannot grow memory. */
  maxEntries: number
}
export const DEFAULT_TOKEN_CACHE: TokenCacheOptions = { ttlMs: 2_000, maxEntries: 5_000 }

/**
 * Who a Bearer token (department token or display key) is, remembered briefly: a hundred walls polling with
 * one display key otherwise cost a token look-up and a scope walk per request, more than the snapshot they read.
 * Keyed by the token's digest (never the secret). Every write this process answers clears it (a revoke, a
 * jurisdiction or user change takes effect on the next request here); another API process sees a revoke within
 * `ttlMs`. Unknown tokens are not remembered: a wrong token always costs a look-up and gets 401.
 */
export function tokenCache(opts: TokenCacheOptions = DEFAULT_TOKEN_CACHE) {
  const entries = new Map<string, { principal: Principal; until: number }>()
  const digest = (token: string) => createHash('sha256').update(token).digest('base64url')
  return {
    async resolve(token: string, lookUp: () => Promise<Principal | null>): Promise<Principal | null> {
      const key = digest(token)
      const hit = entries.get(key)
      if (hit && hit.until > Date.now()) return hit.principal
      entries.delete(key)
      const principal = await lookUp()
      if (principal && opts.ttlMs > 0) {
        entries.set(key, { principal, until: Date.now() + opts.ttlMs })
        if (entries.size > opts.maxEntries) entries.delete(entries.keys().next().value!)
      }
      return principal
    },
    clear() {
      entries.clear()
    },
    size: () => entries.size,
  }
}
export type TokenCache = ReturnType<typeof tokenCache>
