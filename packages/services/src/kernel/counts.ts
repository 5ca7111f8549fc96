import { sql } from 'kysely'

/**
 * Which revisions count (statuses, alerts, forecasts, 序时进度, "reported"): those that needed no
 * review and those a manager approved. Pending ones wait; returned ones never count. Every query that
 * picks "the value in force" filters with this, so the rule lives in one place.
 */
export const COUNTING_REVIEW_STATES = ['none', 'approved'] as const

/** `<alias>.review_state in ('none', 'approved')` for raw SQL. */
export const countsSql = (alias: string) => sql.raw(`${alias}.review_state in ('none', 'approved')`)

/**
 * `countsSql` minus incomplete roll-ups: what drives statuses, alerts and a parent's own roll-up. A
 * roll-up below its indicator's min_coverage (rollup_provenance.complete = false) is stored and listed in
 * the history, but a partial sum or a mean of a few children must not raise or clear an alert.
 */
export const drivesSql = (alias: string) =>
  sql.raw(
    `${alias}.review_state in ('none', 'approved') and not exists (select 1 from rollup_provenance rp where rp.observation_id = ${alias}.id and not rp.complete)`,
  )
