import { testDatabases } from '@cockpit/db/testing'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { loadSeeds } from './load-seeds.js'
import { readSeedFiles } from './read-seed-files.js'

const tables = [
  'jurisdictions',
  'plans',
  'pillars',
  'departments',
  'indicators',
  'indicator_targets',
  'indicator_departments',
  'tasks',
  'task_departments',
] as const

describe.each(testDatabases())('seed loader on $name', (target) => {
  it('loads every plan, and a second run changes nothing', async () => {
    const handle = await target.open()
    try {
      const data = readSeedFiles({ sourceDir: null })
      const first = await loadSeeds(handle.db, data)
      expect(first.changed).toBeGreaterThan(0)
      const snapshot = async () => {
        const out: Record<string, unknown[]> = {}
        for (const t of tables)
          out[t] = (await sql`select * from ${sql.table(t)} order by 1, 2`.execute(handle.db)).rows
        return out
      }
      const before = await snapshot()
      const second = await loadSeeds(handle.db, data)
      expect(second.changed).toBe(0)
      expect(await snapshot()).toEqual(before)

      const indicators = await handle.db
        .selectFrom('indicators')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      expect(Number(indicators.n)).toBe(data.plans.reduce((n, p) => n + p.data.indicators.length, 0))
    } finally {
      await handle.close()
    }
  })

  it('updates an edited record in place by its stable key and drops a removed target', async () => {
    const handle = await target.open()
    try {
      const data = readSeedFiles({ sourceDir: null })
      await loadSeeds(handle.db, data)
      const plan = data.plans.find((p) => p.data.indicators.some((i) => i.targets.length > 1)) ?? data.plans[0]!
      const indicator = plan.data.indicators.find((i) => i.targets.length > 1) ?? plan.data.indicators[0]!
      const before = await handle.db
        .selectFrom('indicators')
        .select(['id', 'updated_at'])
        .where('key', '=', indicator.key)
        .executeTakeFirstOrThrow()

      const edited = structuredClone(data)
      const editedPlan = edited.plans.find((p) => p.file === plan.file)!
      const editedIndicator = editedPlan.data.indicators.find((i) => i.key === indicator.key)!
      editedIndicator.name = `${indicator.name}(修订)`
      const keptTarget = editedIndicator.targets.at(-1)!
      editedIndicator.targets = [{ ...keptTarget, value: keptTarget.value - 1 }]
      const result = await loadSeeds(handle.db, edited)
      expect(result.changed).toBeGreaterThanOrEqual(2)

      const after = await handle.db
        .selectFrom('indicators')
        .selectAll()
        .where('id', '=', before.id)
        .executeTakeFirstOrThrow()
      expect(after.name).toBe(`${indicator.name}(修订)`)
      expect(after.updated_at.getTime()).toBeGreaterThanOrEqual(before.updated_at.getTime())
      const targets = await handle.db
        .selectFrom('indicator_targets')
        .selectAll()
        .where('indicator_id', '=', before.id)
        .execute()
      expect(targets.map((t) => t.value)).toEqual([keptTarget.value - 1])
    } finally {
      await handle.close()
    }
  })
})
