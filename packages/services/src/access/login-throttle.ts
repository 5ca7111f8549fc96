import type { Database } from '@cockpit/db'
import { type Kysely, sql } from 'kysely'
import { ServiceError } from '../kernel/errors.js'

type Scope = 'account' | 'address'

interface Rule {
  /** Failures let through without any wait. */
  free: number
  /** From this many failures on, each further failure locks the key for `lockMs`. */
  lockAt: number
  lockMs: number
  /** The exponential wait between free and lockAt never exceeds this. */
  maxDelayMs: number
}

/**
 * An account gets 3 tries, then waits of 2, 4, 8 … 60 s, and is locked for 15 minutes at the 10th
 * failure (and at each failure after that, until a success). An address — shared by an office behind
 * one NAT — gets 10 free tries and is locked at 50.
 */
export const THROTTLE_RULES: Record<Scope, Rule> = {
  account: { free: 3, lockAt: 10, lockMs: 15 * 60_000, maxDelayMs: 60_000 },
  address: { free: 10, lockAt: 50, lockMs: 15 * 60_000, maxDelayMs: 60_000 },
}
/** Failures older than this are forgotten. */
const FORGET_MS = 24 * 60 * 60_000

export function waitAfter(failures: number, rule: Rule): number {
  if (failures >= rule.lockAt) return rule.lockMs
  if (failures <= rule.free) return 0
  return Math.min(2 ** (failures - rule.free) * 1000, rule.maxDelayMs)
}

export interface ThrottleKeys {
  account: string
  /** null when the client's address is unknown (a request made inside the process). */
  address: string | null
}

// The address first: a guess refused for the address is not charged to the account it named.
const keysOf = (k: ThrottleKeys): [Scope, string][] =>
  k.address
    ? [
        ['address', k.address],
        ['account', k.account],
      ]
    : [['account', k.account]]

/** Beijing wall-clock time of an instant, "14:35". */
const hhmm = (d: Date) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d)

function refusal(scope: Scope, until: Date, failures: number, now: Date): ServiceError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000))
  const locked = failures >= THROTTLE_RULES[scope].lockAt
  const message = locked
    ? scope === 'account'
      ? `该账号登录失败次数过多,已临时锁定,请于 ${hhmm(until)}(北京时间,约 ${Math.ceil(seconds / 60)} 分钟后)再试`
      : `来自当前网络地址的登录失败次数过多,已临时限制登录,请于 ${hhmm(until)}(北京时间,约 ${Math.ceil(seconds / 60)} 分钟后)再试`
    : `登录尝试过于频繁,请 ${seconds} 秒后再试`
  return new ServiceError('too_many_requests', message, seconds)
}

export interface Claimed {
  /** Keys that just reached a lockout with this attempt (to audit once it proves wrong). */
  lockedNow: { scope: Scope; key: string; failures: number; until: Date }[]
}

/**
 * Lets one attempt through, or refuses it (429 with when to retry). The attempt is counted as a failure
 * before the password is checked, in one conditional statement per key, so a burst of parallel guesses
 * cannot all slip in before the first is counted; a success takes its count back (`forgetSuccess`).
 * A refused attempt changes nothing: it neither counts nor extends the wait.
 */
export async function claimAttempt(db: Kysely<Database>, keys: ThrottleKeys, now: Date): Promise<Claimed> {
  const lockedNow: Claimed['lockedNow'] = []
  for (const [scope, key] of keysOf(keys)) {
    const rule = THROTTLE_RULES[scope]
    const forgetBefore = new Date(now.getTime() - FORGET_MS)
    // The new count and the wait it imposes are written by the same statement that admits the attempt.
    const count = sql<number>`(case when login_throttles.last_failure_at < ${forgetBefore} then 1 else login_throttles.failures + 1 end)`
    const firstWait = waitAfter(1, rule)
    const claimed = await db
      .insertInto('login_throttles')
      .values({
        scope,
        key,
        failures: 1,
        last_failure_at: now,
        blocked_until: firstWait > 0 ? new Date(now.getTime() + firstWait) : null,
      })
      .onConflict((oc) =>
        oc
          .columns(['scope', 'key'])
          .doUpdateSet({
            failures: count,
            last_failure_at: now,
            blocked_until: sql<Date | null>`case
              when ${count} >= ${rule.lockAt} then ${now}::timestamptz + ${rule.lockMs} * interval '1 millisecond'
              when ${count} > ${rule.free} then ${now}::timestamptz + least(power(2, ${count} - ${rule.free}) * 1000, ${rule.maxDelayMs}) * interval '1 millisecond'
              else null end`,
          })
          .where((eb) =>
            eb.or([eb('login_throttles.blocked_until', 'is', null), eb('login_throttles.blocked_until', '<=', now)]),
          ),
      )
      .returning(['failures', 'blocked_until'])
      .executeTakeFirst()
    if (!claimed) {
      const row = await db
        .selectFrom('login_throttles')
        .select(['failures', 'blocked_until'])
        .where('scope', '=', scope)
        .where('key', '=', key)
        .executeTakeFirstOrThrow()
      throw refusal(scope, row.blocked_until ?? now, row.failures, now)
    }
    if (claimed.failures >= rule.lockAt && claimed.blocked_until)
      lockedNow.push({ scope, key, failures: claimed.failures, until: claimed.blocked_until })
  }
  return { lockedNow }
}

/** The password was right: the account starts afresh, and the address takes back this attempt only. */
export async function forgetSuccess(db: Kysely<Database>, keys: ThrottleKeys): Promise<void> {
  await db.deleteFrom('login_throttles').where('scope', '=', 'account').where('key', '=', keys.account).execute()
  if (keys.address)
    await db
      .updateTable('login_throttles')
      .set({ failures: sql<number>`greatest(failures - 1, 0)`, blocked_until: null })
      .where('scope', '=', 'address')
      .where('key', '=', keys.address)
      .execute()
}
