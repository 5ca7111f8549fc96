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

/**
 * `drivesSql` for a scan along one series (`observations_current`): the same rule, with the provenance probed only
 * for a roll-up (`rollup_provenance` rows are written for roll-ups alone). As an anti-join the probe ran once per
 * revision of every series, roll-up or not, and cost the status recompute half its reading time.
 */
export const drivesRowSql = (alias: string) =>
  sql.raw(
    `${alias}.review_state in ('none', 'approved') and (${alias}.source <> 'rollup' or not exists (select 1 from rollup_provenance rp where rp.observation_id = ${alias}.id and not rp.complete))`,
  )
