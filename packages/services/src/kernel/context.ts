import type { Database } from '@cockpit/db'
import { shanghaiDate } from '@cockpit/domain'
import type { Kysely } from 'kysely'
import type { Principal } from './principal.js'

/**
 * What a service call runs with, built in one place per edge (`serviceContext(c)` in the API's route
 * helpers, `systemContext` in a job) so that no service reads a clock, a request or `process.env` itself.
 * A service that opens a transaction passes `{ ...ctx, db: trx }` to the services it calls inside it.
 */
export interface ServiceContext {
  db: Kysely<Database>
  /** Who acts: the service checks role and scope against it and records it in the audit log. */
  principal: Principal
  /** The product clock's instant (a demo calendar runs faster than the wall clock). */
  now: Date
  /** Today in Asia/Shanghai by the product clock: the date 序时进度, due states and statuses are judged for. */
  asOf: string
  /** The API request behind the call, for the audit log; null for jobs and scripts. */
  requestId: string | null
}

/** The clock part of a context, for services that act for no one in particular (jobs, recomputes). */
export type ClockContext = Pick<ServiceContext, 'now' | 'asOf' | 'requestId'>

export function serviceContext(
  db: Kysely<Database>,
  principal: Principal,
  now: Date,
  requestId: string | null = null,
): ServiceContext {
  return { db, principal, now, asOf: shanghaiDate(now), requestId }
}

/** A clock context for `now`, as jobs and scripts build it. */
export const clockContext = (now: Date, requestId: string | null = null): ClockContext => ({
  now,
  asOf: shanghaiDate(now),
  requestId,
})
