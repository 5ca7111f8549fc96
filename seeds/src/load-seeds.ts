import type { Database } from '@cockpit/db'
import type { Kysely, Transaction } from 'kysely'
import type { SeedData } from './read-seed-files.js'
import type { SeedPlanFile } from './schema.js'
import { type JurisdictionSeedSummary, loadJurisdictions } from './load-jurisdictions.js'
import { upsertRows } from './upsert.js'

export interface PlanSeedCounts {
  plan: string
  jurisdiction: string
  indicators: number
  targets: number
  tasks: number
  milestones: number
  departments: number
}
export interface SeedSummary {
  /** Rows inserted or changed in this run: 0 when the database already matched the seed files. */
  changed: number
  plans: PlanSeedCounts[]
  jurisdictions: JurisdictionSeedSummary
}

const yearEnd = (y: number) => `${y}-12-31`

/** Loads the seed data in one transaction, idempotently: every record is matched by its stable key. */
export async function loadSeeds(db: Kysely<Database>, data: SeedData): Promise<SeedSummary> {
  return db.transaction().execute(async (trx) => {
    const jurisdictions = await loadJurisdictions(trx, data)
    let changed = jurisdictions.changed
    const plans: PlanSeedCounts[] = []
    for (const { data: p } of data.plans) {
      const result = await loadPlan(trx, p)
      changed += result.changed
      plans.push(result.counts)
    }
    return { changed, plans, jurisdictions }
  })
}

async function loadPlan(
  trx: Transaction<Database>,
  p: SeedPlanFile,
): Promise<{ changed: number; counts: PlanSeedCounts }> {
  const code = p.plan.jurisdiction
  let changed = await upsertRows(
    trx,
    'plans',
    ['key'],
    [
      {
        key: p.plan.key,
        jurisdiction_code: code,
        title: p.plan.title,
        doc_number: p.plan.docNumber,
        issuer: p.plan.issuer,
        issued_on: p.plan.issuedOn,
        start_year: p.plan.startYear,
        end_year: p.plan.endYear,
        vision_year: p.plan.visionYear ?? null,
        source_file: p.plan.sourceFile,
        cite_section: p.plan.citation.section,
        cite_quote: p.plan.citation.quote,
      },
    ],
    { touchUpdatedAt: true },
  )
  const { id: planId } = await trx
    .selectFrom('plans')
    .select('id')
    .where('key', '=', p.plan.key)
    .executeTakeFirstOrThrow()

  changed += await upsertRows(
    trx,
    'departments',
    ['jurisdiction_code', 'key'],
    p.departments.map((d) => ({ jurisdiction_code: code, key: d.key, name: d.name, full_name: d.fullName ?? null })),
    { touchUpdatedAt: true },
  )
  const deptIds = await idsByKey(
    trx.selectFrom('departments').select(['id', 'key']).where('jurisdiction_code', '=', code).execute(),
  )

  changed += await upsertRows(
    trx,
    'pillars',
    ['plan_id', 'key'],
    p.pillars.map((x, position) => ({
      plan_id: planId,
      key: x.key,
      name: x.name,
      position,
      cite_section: x.citation.section,
      cite_quote: x.citation.quote,
    })),
  )
  const pillarIds = await idsByKey(
    trx.selectFrom('pillars').select(['id', 'key']).where('plan_id', '=', planId).execute(),
  )
  const pillarId = (k: string | undefined) => (k ? must(pillarIds, k, 'pillar') : null)

  changed += await upsertRows(
    trx,
    'indicators',
    ['plan_id', 'key'],
    p.indicators.map((i, position) => ({
      plan_id: planId,
      key: i.key,
      jurisdiction_code: code,
      pillar_id: pillarId(i.pillar),
      name: i.name,
      unit: i.unit,
      measure: i.measure,
      direction: i.direction,
      nature: i.nature,
      cadence: i.cadence,
      baseline_year: i.baseline?.year ?? null,
      baseline_value: i.baseline?.value ?? null,
      baseline_cite_section: i.baseline?.citation?.section ?? null,
      baseline_cite_quote: i.baseline?.citation?.quote ?? null,
      cite_section: i.citation.section,
      cite_quote: i.citation.quote,
      note: i.note ?? null,
      position,
    })),
    { touchUpdatedAt: true },
  )
  const indicatorIds = await idsByKey(
    trx.selectFrom('indicators').select(['id', 'key']).where('plan_id', '=', planId).execute(),
  )

  for (const i of p.indicators) {
    const indicatorId = must(indicatorIds, i.key, 'indicator')
    const targets = i.targets.map((t) => ({
      indicator_id: indicatorId,
      due_date: t.dueDate ?? yearEnd(t.year),
      year: t.year,
      comparator: t.comparator,
      value: t.value,
      value_max: t.valueMax ?? null,
      cite_section: t.citation?.section ?? null,
      cite_quote: t.citation?.quote ?? null,
    }))
    changed += await syncChildren(trx, 'indicator_targets', 'indicator_id', indicatorId, 'due_date', targets)
    changed += await syncChildren(
      trx,
      'indicator_departments',
      'indicator_id',
      indicatorId,
      'department_id',
      deptLinks(i.departments, deptIds, 'indicator_id', indicatorId),
    )
  }
  // Roll-up rules are set, never removed, by seeding (an administrator may have set others); values are
  // derived when child values arrive or the rule is changed through the API.
  const rollups = p.indicators.flatMap((i) =>
    i.rollup
      ? [
          {
            indicator_id: must(indicatorIds, i.key, 'indicator'),
            rule: i.rollup.rule,
            weight_indicator_id: i.rollup.weight ? must(indicatorIds, i.rollup.weight, 'indicator') : null,
            min_coverage: i.rollup.minCoverage,
            own_value: i.rollup.ownValue,
          },
        ]
      : [],
  )
  changed += await upsertRows(trx, 'indicator_rollups', ['indicator_id'], rollups, { touchUpdatedAt: true })

  const tasks = parentsFirst(p.tasks)
  for (const [position, t] of tasks.entries()) {
    const taskIds = await idsByKey(
      trx.selectFrom('tasks').select(['id', 'key']).where('plan_id', '=', planId).execute(),
    )
    changed += await upsertRows(
      trx,
      'tasks',
      ['plan_id', 'key'],
      [
        {
          plan_id: planId,
          key: t.key,
          kind: t.kind,
          number: t.number ?? null,
          title: t.title,
          description: t.description ?? null,
          pillar_id: pillarId(t.pillar),
          parent_id: t.parent ? must(taskIds, t.parent, 'task') : null,
          indicator_id: t.indicator ? must(indicatorIds, t.indicator, 'indicator') : null,
          due_date: t.dueDate,
          position: p.tasks.indexOf(t) >= 0 ? p.tasks.indexOf(t) : position,
          cite_section: t.citation.section,
          cite_quote: t.citation.quote,
        },
      ],
      { touchUpdatedAt: true },
    )
  }
  const taskIds = await idsByKey(trx.selectFrom('tasks').select(['id', 'key']).where('plan_id', '=', planId).execute())
  for (const t of p.tasks) {
    const taskId = must(taskIds, t.key, 'task')
    changed += await syncChildren(
      trx,
      'task_departments',
      'task_id',
      taskId,
      'department_id',
      deptLinks(t.departments, deptIds, 'task_id', taskId),
    )
  }

  const milestones = p.tasks.filter((t) => t.kind === 'milestone').length
  return {
    changed,
    counts: {
      plan: p.plan.key,
      jurisdiction: code,
      indicators: p.indicators.length,
      targets: p.indicators.reduce((n, i) => n + i.targets.length, 0),
      tasks: p.tasks.length - milestones,
      milestones,
      departments: p.departments.length,
    },
  }
}

async function idsByKey(rows: Promise<{ id: number; key: string }[]>): Promise<Map<string, number>> {
  return new Map((await rows).map((r) => [r.key, r.id]))
}

function must(ids: Map<string, number>, key: string, what: string): number {
  const id = ids.get(key)
  if (id === undefined) throw new Error(`seed refers to unknown ${what} '${key}'`)
  return id
}

function deptLinks<K extends 'indicator_id' | 'task_id'>(
  refs: { lead: string[]; cooperating: string[] },
  deptIds: Map<string, number>,
  ownerColumn: K,
  ownerId: number,
) {
  const links = new Map<number, 'lead' | 'cooperating'>()
  // A unit named both as lead and as cooperating counts as lead.
  for (const k of refs.cooperating) links.set(must(deptIds, k, 'department'), 'cooperating')
  for (const k of refs.lead) links.set(must(deptIds, k, 'department'), 'lead')
  return [...links].map(([department_id, role]) => ({ [ownerColumn]: ownerId, department_id, role }))
}

/** Makes a child table's rows for one owner equal the given rows: upserts them and deletes the rest. */
async function syncChildren(
  trx: Transaction<Database>,
  table: 'indicator_targets' | 'indicator_departments' | 'task_departments',
  ownerColumn: string,
  ownerId: number,
  keyColumn: string,
  rows: Record<string, unknown>[],
): Promise<number> {
  // biome-ignore lint/suspicious/noExplicitAny: generic over three child tables (table name is a parameter)
  const db = trx as unknown as Kysely<any> // the three child tables share this shape; see upsertRows
  const keep = rows.map((r) => r[keyColumn])
  let del = db.deleteFrom(table).where(ownerColumn, '=', ownerId)
  if (keep.length) del = del.where(keyColumn, 'not in', keep)
  const removed = await del.executeTakeFirst()
  return Number(removed.numDeletedRows) + (await upsertRows(db, table, [ownerColumn, keyColumn], rows))
}

function parentsFirst<T extends { key: string; parent?: string | undefined }>(tasks: T[]): T[] {
  const done = new Set<string>()
  const out: T[] = []
  let pending = tasks
  while (pending.length) {
    const next = pending.filter((t) => t.parent && !done.has(t.parent) && tasks.some((x) => x.key === t.parent))
    const ready = pending.filter((t) => !next.includes(t))
    if (ready.length === 0) throw new Error(`task parents form a cycle: ${next.map((t) => t.key).join(', ')}`)
    for (const t of ready) {
      out.push(t)
      done.add(t.key)
    }
    pending = next
  }
  return out
}
