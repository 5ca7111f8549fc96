// Catalog rows the integration tests build on, declared once: the city, plan and indicator every status test needs.
import type { Database, IndicatorRow } from '@cockpit/db'
import type { Kysely } from 'kysely'

/** 南昌市 with two districts (东湖区, 西湖区). */
export async function insertCity(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('jurisdictions')
    .values([
      { code: '360100', name: '南昌市', level: 'city', parent_code: null },
      { code: '360102', name: '东湖区', level: 'county', parent_code: '360100' },
      { code: '360103', name: '西湖区', level: 'county', parent_code: '360100' },
    ])
    .execute()
}

/** A 2025 plan of the jurisdiction, issued by `issuer`; its id. */
export async function insertPlan(db: Kysely<Database>, key: string, jurisdictionCode: string, issuer: string) {
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

/** A monthly, expected, higher-is-better indicator with one 2025 target (≥ 90); its id. */
export async function insertIndicator(
  db: Kysely<Database>,
  row: Pick<IndicatorRow, 'plan_id' | 'key' | 'jurisdiction_code' | 'name' | 'unit' | 'measure' | 'position'>,
): Promise<number> {
  const { id } = await db
    .insertInto('indicators')
    .values({
      ...row,
      pillar_id: null,
      direction: 'higher',
      nature: 'expected',
      cadence: 'monthly',
      baseline_year: null,
      baseline_value: null,
      baseline_cite_section: null,
      baseline_cite_quote: null,
      cite_section: 's',
      cite_quote: 'q',
      note: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('indicator_targets')
    .values({ indicator_id: id, year: 2025, due_date: '2025-12-31', comparator: 'gte', value: 90, value_max: null })
    .execute()
  return id
}
