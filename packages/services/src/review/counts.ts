import { sql } from 'kysely'

/**
 * Which revisions count (statuses, alerts, forecasts, 序时进度, "reported"): those that needed no
 * review and those a manager approved. Pending ones wait; returned ones never count. Every query that
 * picks "the value in force" filters with this, so the rule lives in one place.
 */
export const COUNTING_REVIEW_STATES = ['none', 'approved'] as const

/** `<alias>.review_state in ('none', 'approved')` for raw SQL. */
export const countsSql = (alias: string) => sql.raw(`${alias}.review_state in ('none', 'approved')`)
