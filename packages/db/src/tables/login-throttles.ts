import type { Selectable } from 'kysely'

export interface LoginThrottlesTable {
  scope: 'account' | 'address'
  /** The user name as typed (lower-cased) or the client's address. */
  key: string
  /** Attempts counted since the last success (an attempt counts until its password proves right). */
  failures: number
  last_failure_at: Date
  /** No attempt is let through before this instant. */
  blocked_until: Date | null
}
export type LoginThrottleRow = Selectable<LoginThrottlesTable>
