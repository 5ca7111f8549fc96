import type { Database } from '@cockpit/db'
import { type Kysely, sql } from 'kysely'

/** The demo calendar as configured (DEMO_CLOCK, DEMO_SPEED): a stored time resumes only the same one. */
export interface DemoClockConfig {
  start: Date
  speed: number
}

const KEY = 'demo-clock'

interface Stored {
  start: string
  speed: number
  productTime: string
}

/**
 * Where a relaunched demo calendar starts: the last product time stored for the same configuration, or
 * the newest submission it received if that is later (a killed process stores nothing on the way out),
 * so product time never runs backwards across a restart. A changed DEMO_CLOCK or DEMO_SPEED starts afresh.
 */
export async function resumeDemoClock(db: Kysely<Database>, config: DemoClockConfig): Promise<Date> {
  const row = await db.selectFrom('runtime_state').select('value').where('key', '=', KEY).executeTakeFirst()
  const stored = row?.value as Stored | undefined
  if (!stored || stored.start !== config.start.toISOString() || stored.speed !== config.speed) return config.start
  const newest = await db
    .selectFrom('submissions')
    .select(sql<Date | null>`max(received_at)`.as('at'))
    .executeTakeFirst()
  const times = [
    config.start.getTime(),
    new Date(stored.productTime).getTime(),
    newest?.at ? new Date(newest.at).getTime() : 0,
  ]
  return new Date(Math.max(...times))
}

/** Remembers the calendar's current product time (the launcher calls it every few seconds and on shutdown). */
export async function storeDemoClock(db: Kysely<Database>, config: DemoClockConfig, productTime: Date): Promise<void> {
  const value = JSON.stringify({
    start: config.start.toISOString(),
    speed: config.speed,
    productTime: productTime.toISOString(),
  } satisfies Stored)
  await db
    .insertInto('runtime_state')
    .values({ key: KEY, value, updated_at: new Date() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: new Date() }))
    .execute()
}
