// Catalog rows the integration tests build on, declared once: the city, plan, departments, indicators and tasks
// every status, reporting and alert test needs. Each function fills the columns no test cares about.
import type { Cadence } from '@cockpit/contracts'
import type { Database, IndicatorRow, PlanRow, TaskRow } from '@cockpit/db'
import type { Kysely } from 'kysely'

const DISTRICTS = [
  { code: '360102', name: '东湖区' },
  { code: '360103', name: '西湖区' },
]

/** 南昌市 with its first `districts` districts (东湖区, 西湖区). */
export async function insertCityWithDistricts(db: Kysely<Database>, districts: 0 | 1 | 2 = 2): Promise<void> {
  await db
    .insertInto('jurisdictions')
    .values([
      { code: '360100', name: '南昌市', level: 'city', parent_code: null },
      ...DISTRICTS.slice(0, districts).map((d) => ({ ...d, level: 'county' as const, parent_code: '360100' })),
    ])
    .execute()
}

/** A plan of the jurisdiction issued by `issuer`, by default 2025 only (issued 2025-01-15); its id. */
export async function insertPlan(
  db: Kysely<Database>,
  key: string,
  jurisdictionCode: string,
  issuer: string,
  over: Partial<Pick<PlanRow, 'title' | 'issued_on' | 'start_year' | 'end_year'>> = {},
) {
  const { id } = await db
    .insertInto('plans')
    .values({
      key,
      jurisdiction_code: jurisdictionCode,
      title: '测试规划',
      doc_number: null,
      issuer,
      issued_on: '2025-01-15',
      start_year: 2025,
      end_year: 2025,
      vision_year: null,
      source_file: 'f.txt',
      cite_section: 's',
      cite_quote: 'q',
      ...over,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

/** A department of the jurisdiction; its id. */
export async function insertDepartment(db: Kysely<Database>, jurisdictionCode: string, key: string, name: string) {
  const { id } = await db
    .insertInto('departments')
    .values({ jurisdiction_code: jurisdictionCode, key, name, full_name: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export interface IndicatorOptions {
  cadence?: Cadence
  /** The year of its one target (≥ 90, due on 12-31), or null for an indicator without a target. */
  targetYear?: number | null
  /** The department that leads reporting it, if any. */
  lead?: number
}

/** The columns of an expected, higher-is-better indicator without pillar, baseline or note, for rows written in bulk. */
export const EXPECTED_INDICATOR = {
  pillar_id: null,
  direction: 'higher',
  nature: 'expected',
  baseline_year: null,
  baseline_value: null,
  baseline_cite_section: null,
  baseline_cite_quote: null,
  cite_section: 's',
  cite_quote: 'q',
  note: null,
} as const

/** An expected, higher-is-better indicator, monthly with one 2025 target (≥ 90) unless told, and its lead; its id. */
export async function insertIndicator(
  db: Kysely<Database>,
  row: Pick<IndicatorRow, 'plan_id' | 'key' | 'jurisdiction_code' | 'name' | 'unit' | 'measure' | 'position'>,
  { cadence = 'monthly', targetYear = 2025, lead }: IndicatorOptions = {},
): Promise<number> {
  const { id } = await db
    .insertInto('indicators')
    .values({
      ...row,
      ...EXPECTED_INDICATOR,
      cadence,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (targetYear !== null)
    await db
      .insertInto('indicator_targets')
      .values({
        indicator_id: id,
        year: targetYear,
        due_date: `${targetYear}-12-31`,
        comparator: 'gte',
        value: 90,
        value_max: null,
      })
      .execute()
  if (lead !== undefined)
    await db
      .insertInto('indicator_departments')
      .values({ indicator_id: id, department_id: lead, role: 'lead' })
      .execute()
  return id
}

/** A task or milestone of a plan with its departments (lead or cooperating); its id. */
export async function insertTask(
  db: Kysely<Database>,
  row: Pick<TaskRow, 'plan_id' | 'key' | 'kind' | 'number' | 'title'> &
    Partial<Pick<TaskRow, 'parent_id' | 'due_date' | 'report_cadence'>>,
  links: [departmentId: number, role: 'lead' | 'cooperating'][],
): Promise<number> {
  const { id } = await db
    .insertInto('tasks')
    .values({
      parent_id: null,
      due_date: null,
      report_cadence: null,
      ...row,
      description: null,
      pillar_id: null,
      indicator_id: null,
      completed_on: null,
      position: 0,
      cite_section: 's',
      cite_quote: 'q',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('task_departments')
    .values(links.map(([department_id, role]) => ({ task_id: id, department_id, role })))
    .execute()
  return id
}

/** A department's reporter API token (not usable to log in: its hash matches no secret); its id. */
export async function insertReporterToken(db: Kysely<Database>, departmentId: number, name: string) {
  const { id } = await db
    .insertInto('api_tokens')
    .values({
      name,
      token_prefix: 'test',
      token_hash: 'x'.repeat(64),
      role: 'reporter',
      department_id: departmentId,
      created_by: null,
      last_used_at: null,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}
