import type { JurisdictionLevel } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Transaction } from 'kysely'
import { type DivisionUnit, levelOrder } from './division.js'
import type { SeedData } from './read-seed-files.js'

export interface ProvinceCounts {
  code: string
  name: string
  cities: number
  counties: number
}

export interface JurisdictionSeedSummary {
  /** Package and version the tree came from. */
  source: string
  provinces: ProvinceCounts[]
  changed: number
  /** What a person should read: renamed codes, retired codes, planned jurisdictions the package does not list. */
  notes: string[]
}

interface Wanted extends DivisionUnit {
  fromPackage: boolean
}

/**
 * Makes the jurisdictions table match the pinned code package plus the seed file's planned jurisdictions.
 * The package wins for names, levels and parents; the seed file for which jurisdictions must exist (a planned
 * one the package does not list is kept, with a note). A code the package listed before and lists no longer
 * (撤县设区) is retired, not deleted, so whatever points at it keeps its history; a code that comes back is
 * restored. Renames, retirements and restorations go to the audit log, the history of the code.
 */
export async function loadJurisdictions(trx: Transaction<Database>, data: SeedData): Promise<JurisdictionSeedSummary> {
  const source = `${data.division.source.package} ${data.division.source.version}`
  const notes: string[] = []
  const wanted = new Map<string, Wanted>(data.division.units.map((u) => [u.code, { ...u, fromPackage: true }]))
  for (const j of data.jurisdictions) {
    const listed = wanted.get(j.code)
    if (!listed) {
      wanted.set(j.code, { code: j.code, name: j.name, level: j.level, parent: j.parent, fromPackage: false })
      notes.push(`${j.code} ${j.name} is in jurisdictions.yaml but not listed by ${source}: kept as the seed file says`)
    } else if (listed.name !== j.name || listed.parent !== j.parent || listed.level !== j.level)
      notes.push(
        `${j.code}: jurisdictions.yaml says ${j.name} (${j.level}, parent ${j.parent}), ${source} says ${listed.name} (${listed.level}, parent ${listed.parent}): the package wins`,
      )
  }

  const existing = new Map((await trx.selectFrom('jurisdictions').selectAll().execute()).map((r) => [r.code, r]))
  const audit = (action: string, code: string, before: unknown, after: unknown) =>
    trx
      .insertInto('audit_log')
      .values({
        actor_label: `seeds (${source})`,
        action,
        entity: 'jurisdiction',
        entity_id: code,
        before: JSON.stringify(before),
        after: JSON.stringify(after),
      })
      .execute()
  const view = (j: {
    name: string
    level: JurisdictionLevel
    parent_code: string | null
    retired_at: Date | null
  }) => ({
    name: j.name,
    level: j.level,
    parentCode: j.parent_code,
    retiredAt: j.retired_at?.toISOString() ?? null,
  })

  let changed = 0
  // Parents before children (the foreign key), new rows in one statement per level.
  const ordered = [...wanted.values()].sort(
    (a, b) => levelOrder[a.level] - levelOrder[b.level] || a.code.localeCompare(b.code),
  )
  for (const level of ['province', 'city', 'county'] as const) {
    const fresh = ordered.filter((u) => u.level === level && !existing.has(u.code))
    if (fresh.length) {
      await trx
        .insertInto('jurisdictions')
        .values(
          fresh.map((u) => ({
            code: u.code,
            name: u.name,
            level: u.level,
            parent_code: u.parent,
            from_package: u.fromPackage,
          })),
        )
        .execute()
      changed += fresh.length
    }
  }
  for (const u of ordered) {
    const before = existing.get(u.code)
    if (!before) continue
    const same =
      before.name === u.name &&
      before.level === u.level &&
      before.parent_code === u.parent &&
      before.retired_at === null &&
      before.from_package === u.fromPackage
    if (same) continue
    const after = await trx
      .updateTable('jurisdictions')
      .set({
        name: u.name,
        level: u.level,
        parent_code: u.parent,
        retired_at: null,
        from_package: u.fromPackage,
        updated_at: new Date(),
      })
      .where('code', '=', u.code)
      .returningAll()
      .executeTakeFirstOrThrow()
    changed++
    if (before.retired_at !== null) {
      await audit('jurisdiction.restore', u.code, view(before), view(after))
      notes.push(`${u.code} ${u.name}: listed again by ${source}, restored`)
    } else if (before.name !== u.name || before.level !== u.level || before.parent_code !== u.parent) {
      await audit('jurisdiction.rename', u.code, view(before), view(after))
      notes.push(`${u.code}: ${before.name} → ${u.name} (${source})`)
    }
  }

  // Only codes the package itself brought in are retired: one an administrator created stays theirs to manage.
  const gone = [...existing.values()].filter((r) => r.from_package && r.retired_at === null && !wanted.has(r.code))
  if (gone.length) {
    const now = new Date()
    const withPlans = new Map(
      (
        await trx
          .selectFrom('plans')
          .select(['jurisdiction_code', (eb) => eb.fn.countAll<number>().as('n')])
          .where(
            'jurisdiction_code',
            'in',
            gone.map((r) => r.code),
          )
          .groupBy('jurisdiction_code')
          .execute()
      ).map((r) => [r.jurisdiction_code, Number(r.n)]),
    )
    for (const r of gone) {
      const after = await trx
        .updateTable('jurisdictions')
        .set({ retired_at: now, updated_at: now })
        .where('code', '=', r.code)
        .returningAll()
        .executeTakeFirstOrThrow()
      await audit('jurisdiction.retire', r.code, view(r), view(after))
      changed++
      const plans = withPlans.get(r.code) ?? 0
      notes.push(
        plans
          ? `WARNING ${r.code} ${r.name} has ${plans} plan(s) but is no longer listed by ${source}: retired; move its plans to the new code or list it in jurisdictions.yaml`
          : `${r.code} ${r.name}: no longer listed by ${source}, retired`,
      )
    }
  }

  const provinces = ordered
    .filter((u) => u.level === 'province')
    .map((p) => {
      const cities = ordered.filter((u) => u.level === 'city' && u.parent === p.code)
      const cityCodes = new Set(cities.map((c) => c.code))
      return {
        code: p.code,
        name: p.name,
        cities: cities.length,
        counties: ordered.filter((u) => u.level === 'county' && u.parent && cityCodes.has(u.parent)).length,
      }
    })
  return { source, provinces, changed, notes }
}
