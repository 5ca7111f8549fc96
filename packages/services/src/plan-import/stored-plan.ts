import type { Database, PlanRow } from '@cockpit/db'
import { nameSimilarity, normaliseName } from '@cockpit/plan-import'
import type { SeedPlanFile } from '@cockpit/seeds'
import type { Kysely } from 'kysely'
import { anyInt } from '../kernel/any-of.js'

type Links = { lead: string[]; cooperating: string[] }
export interface StoredDepartment {
  id: number
  key: string
  name: string
  fullName: string | null
}

/** A stored plan as the seed file that would load it, with the departments' names beside their keys (for comparing). */
export interface StoredPlan {
  row: PlanRow
  file: SeedPlanFile
  departments: StoredDepartment[]
  /** Department names by key. */
  deptName: Map<string, string>
}

/** The stored plan an import of this title and document number updates: same jurisdiction, same 文号 or (nearly) the same title. */
export async function findStoredPlan(
  db: Kysely<Database>,
  jurisdictionCode: string,
  title: string,
  docNumber: string | null,
): Promise<PlanRow | null> {
  // Also the plans earlier imports matched to this place committed elsewhere (a reviewer corrected the jurisdiction).
  const imported = db
    .selectFrom('plan_imports')
    .select('plan_id')
    .where('jurisdiction_code', '=', jurisdictionCode)
    .where('status', '=', 'committed')
    .where('plan_id', 'is not', null)
  const plans = await db
    .selectFrom('plans')
    .selectAll()
    .where((eb) => eb.or([eb('jurisdiction_code', '=', jurisdictionCode), eb('id', 'in', imported)]))
    .orderBy('id')
    .execute()
  return (
    plans.find((p) => docNumber !== null && p.doc_number === docNumber) ??
    plans.find((p) => nameSimilarity(p.title, title) >= 0.8) ??
    null
  )
}

export async function jurisdictionDepartments(db: Kysely<Database>, code: string): Promise<StoredDepartment[]> {
  const rows = await db
    .selectFrom('departments')
    .select(['id', 'key', 'name', 'full_name'])
    .where('jurisdiction_code', '=', code)
    .orderBy('id')
    .execute()
  return rows.map((d) => ({ id: d.id, key: d.key, name: d.name, fullName: d.full_name }))
}

/** A department named in a document, among the stored ones: by name or full name, compared without punctuation. */
export function findDepartment(departments: StoredDepartment[], name: string): StoredDepartment | undefined {
  const n = normaliseName(name)
  return departments.find(
    (d) => normaliseName(d.name) === n || (d.fullName !== null && normaliseName(d.fullName) === n),
  )
}

/**
 * The stored plan as a seed file (every pillar, indicator with targets and departments, task and milestone, in
 * their order, by their keys), so a commit merges the accepted proposals into it and loads it through the seed
 * path: rows that did not change are left alone.
 */
export async function storedPlan(db: Kysely<Database>, row: PlanRow): Promise<StoredPlan> {
  const departments = await jurisdictionDepartments(db, row.jurisdiction_code)
  const deptKey = new Map(departments.map((d) => [d.id, d.key]))
  const pillars = await db
    .selectFrom('pillars')
    .selectAll()
    .where('plan_id', '=', row.id)
    .orderBy('position')
    .orderBy('id')
    .execute()
  const pillarKey = new Map(pillars.map((p) => [p.id, p.key]))
  const indicators = await db
    .selectFrom('indicators')
    .selectAll()
    .where('plan_id', '=', row.id)
    .orderBy('position')
    .orderBy('id')
    .execute()
  const indicatorKey = new Map(indicators.map((i) => [i.id, i.key]))
  const ids = indicators.map((i) => i.id)
  const targets = ids.length
    ? await db
        .selectFrom('indicator_targets')
        .selectAll()
        .where('indicator_id', '=', anyInt(ids))
        .orderBy('due_date')
        .execute()
    : []
  const indLinks = ids.length
    ? await db
        .selectFrom('indicator_departments')
        .selectAll()
        .where('indicator_id', '=', anyInt(ids))
        .orderBy('department_id')
        .execute()
    : []
  const tasks = await db
    .selectFrom('tasks')
    .selectAll()
    .where('plan_id', '=', row.id)
    .orderBy('position')
    .orderBy('id')
    .execute()
  const taskKey = new Map(tasks.map((t) => [t.id, t.key]))
  const taskIds = tasks.map((t) => t.id)
  const taskLinks = taskIds.length
    ? await db
        .selectFrom('task_departments')
        .selectAll()
        .where('task_id', '=', anyInt(taskIds))
        .orderBy('department_id')
        .execute()
    : []
  const linksOf = (rows: { department_id: number; role: 'lead' | 'cooperating' }[]): Links => ({
    lead: rows.filter((r) => r.role === 'lead').map((r) => deptKey.get(r.department_id)!),
    cooperating: rows.filter((r) => r.role === 'cooperating').map((r) => deptKey.get(r.department_id)!),
  })
  const cite = (section: string, quote: string) => ({ section, quote })
  const file: SeedPlanFile = {
    plan: {
      key: row.key,
      jurisdiction: row.jurisdiction_code,
      title: row.title,
      docNumber: row.doc_number,
      issuer: row.issuer,
      issuedOn: row.issued_on,
      startYear: row.start_year,
      endYear: row.end_year,
      ...(row.vision_year !== null ? { visionYear: row.vision_year } : {}),
      sourceFile: row.source_file,
      citation: cite(row.cite_section, row.cite_quote),
    },
    departments: departments.map((d) => ({
      key: d.key,
      name: d.name,
      ...(d.fullName ? { fullName: d.fullName } : {}),
    })),
    pillars: pillars.map((p) => ({ key: p.key, name: p.name, citation: cite(p.cite_section, p.cite_quote) })),
    indicators: indicators.map((i) => ({
      key: i.key,
      name: i.name,
      ...(i.pillar_id !== null ? { pillar: pillarKey.get(i.pillar_id)! } : {}),
      unit: i.unit,
      measure: i.measure,
      direction: i.direction,
      nature: i.nature,
      cadence: i.cadence,
      baseline:
        i.baseline_year !== null && i.baseline_value !== null
          ? {
              year: i.baseline_year,
              value: Number(i.baseline_value),
              ...(i.baseline_cite_section && i.baseline_cite_quote
                ? { citation: cite(i.baseline_cite_section, i.baseline_cite_quote) }
                : {}),
            }
          : null,
      targets: targets
        .filter((t) => t.indicator_id === i.id)
        .map((t) => ({
          year: t.year,
          dueDate: t.due_date,
          comparator: t.comparator,
          value: Number(t.value),
          ...(t.value_max !== null ? { valueMax: Number(t.value_max) } : {}),
          ...(t.cite_section && t.cite_quote ? { citation: cite(t.cite_section, t.cite_quote) } : {}),
        })),
      departments: linksOf(indLinks.filter((l) => l.indicator_id === i.id)),
      citation: cite(i.cite_section, i.cite_quote),
      ...(i.note !== null ? { note: i.note } : {}),
    })),
    tasks: tasks.map((t) => ({
      key: t.key,
      kind: t.kind,
      ...(t.number !== null ? { number: t.number } : {}),
      title: t.title,
      ...(t.description !== null ? { description: t.description } : {}),
      ...(t.pillar_id !== null ? { pillar: pillarKey.get(t.pillar_id)! } : {}),
      ...(t.parent_id !== null ? { parent: taskKey.get(t.parent_id)! } : {}),
      ...(t.indicator_id !== null ? { indicator: indicatorKey.get(t.indicator_id)! } : {}),
      dueDate: t.due_date,
      departments: linksOf(taskLinks.filter((l) => l.task_id === t.id)),
      citation: cite(t.cite_section, t.cite_quote),
    })),
  }
  return { row, file, departments, deptName: new Map(departments.map((d) => [d.key, d.name])) }
}
