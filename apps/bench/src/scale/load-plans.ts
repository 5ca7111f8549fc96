import { randomBytes } from 'node:crypto'
import type { Database } from '@cockpit/db'
import type { DivisionUnit } from '@cockpit/seeds'
import type { Kysely } from 'kysely'
import type pg from 'pg'
import { CATALOG } from './catalog.js'
import { copyRows } from './copy-rows.js'

/** One (indicator, jurisdiction) series of the national data set: each plan's indicator at its own place. */
export interface Series {
  indicatorId: number
  jurisdictionCode: string
  /** Index into CATALOG. */
  catalogIndex: number
  departmentId: number
  tokenId: number
  /** Stable across scales and runs (the place's code and the catalog index): the values' hash seed. */
  seed: number
}

export const PLAN_START = 2021
export const PLAN_END = 2025
const CITE = { cite_section: '规模基准测试', cite_quote: '规模基准测试用合成数据' }
const CHUNK = 1000

const chunks = <T>(rows: T[], size = CHUNK): T[][] =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size))

/**
 * The tree (rows the seeds already brought in are kept as they are), then per place: its 统计局 as the lead
 * department with a reporting token, a 十四五 plan (2021–2025) with the catalog's 48 monthly indicators, their
 * 2023 and 2025 targets and the department's lead link. Written straight into the tables like the ingest
 * bench's synthetic plan: the seeds' loader is the only other way plans come in, and it reads YAML files.
 */
export async function loadPlans(db: Kysely<Database>, client: pg.PoolClient, tree: DivisionUnit[]): Promise<Series[]> {
  for (const part of chunks(tree))
    await db
      .insertInto('jurisdictions')
      .values(part.map((u) => ({ code: u.code, name: u.name, level: u.level, parent_code: u.parent })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute()

  const departments = new Map<string, { departmentId: number; tokenId: number }>()
  for (const part of chunks(tree)) {
    const depts = await db
      .insertInto('departments')
      .values(
        part.map((u) => ({ jurisdiction_code: u.code, key: 'scale-tjj', name: `${u.name}统计局`, full_name: null })),
      )
      .returning(['id', 'jurisdiction_code'])
      .execute()
    // A token per department, as each department's system would hold: the observations name it.
    const tokens = await db
      .insertInto('api_tokens')
      .values(
        depts.map((d) => ({
          role: 'reporter' as const,
          department_id: d.id,
          name: '规模基准测试',
          token_prefix: 'csk_scale',
          token_hash: randomBytes(32).toString('hex'),
          created_by: null,
        })),
      )
      .returning(['id', 'department_id'])
      .execute()
    const tokenOf = new Map(tokens.map((t) => [t.department_id, t.id]))
    for (const d of depts) departments.set(d.jurisdiction_code, { departmentId: d.id, tokenId: tokenOf.get(d.id)! })
  }

  const plans = new Map<number, string>()
  for (const part of chunks(tree)) {
    const rows = await db
      .insertInto('plans')
      .values(
        part.map((u) => ({
          key: `scale-${u.code}`,
          jurisdiction_code: u.code,
          title: `${u.name}国民经济和社会发展第十四个五年规划`,
          doc_number: null,
          issuer: `${u.name}人民政府`,
          issued_on: `${PLAN_START}-03-01`,
          start_year: PLAN_START,
          end_year: PLAN_END,
          vision_year: 2035,
          source_file: 'scale-bench',
          ...CITE,
        })),
      )
      .returning(['id', 'jurisdiction_code'])
      .execute()
    for (const p of rows) plans.set(p.id, p.jurisdiction_code)
  }

  const series: Series[] = []
  const planIds = [...plans.keys()]
  // 20 plans (960 indicators, 19 columns) per statement stays well under PostgreSQL's 65,535 parameters.
  for (const part of chunks(planIds, 20)) {
    const rows = await db
      .insertInto('indicators')
      .values(
        part.flatMap((planId) =>
          CATALOG.map((c, i) => ({
            plan_id: planId,
            key: c.key,
            jurisdiction_code: plans.get(planId)!,
            pillar_id: null,
            name: c.name,
            unit: c.unit,
            measure: c.measure,
            direction: c.direction,
            nature: c.nature,
            cadence: 'monthly' as const,
            baseline_year: 2020,
            baseline_value: c.baseline,
            baseline_cite_section: null,
            baseline_cite_quote: null,
            note: null,
            position: i + 1,
            ...CITE,
          })),
        ),
      )
      .returning(['id', 'key', 'jurisdiction_code'])
      .execute()
    for (const r of rows) {
      const catalogIndex = CATALOG.findIndex((c) => c.key === r.key)
      const dept = departments.get(r.jurisdiction_code)!
      series.push({
        indicatorId: r.id,
        jurisdictionCode: r.jurisdiction_code,
        catalogIndex,
        departmentId: dept.departmentId,
        tokenId: dept.tokenId,
        seed: Number(r.jurisdiction_code) * 64 + catalogIndex,
      })
    }
  }
  series.sort((a, b) => a.indicatorId - b.indicatorId)

  await copyRows(
    client,
    'indicator_targets',
    ['indicator_id', 'year', 'due_date', 'comparator', 'value'],
    (function* () {
      for (const s of series) {
        const c = CATALOG[s.catalogIndex]!
        const comparator = c.direction === 'higher' ? 'gte' : 'lte'
        yield [
          s.indicatorId,
          2023,
          '2023-12-31',
          comparator,
          Math.round((c.baseline + (c.target - c.baseline) * 0.6) * 100) / 100,
        ]
        yield [s.indicatorId, PLAN_END, `${PLAN_END}-12-31`, comparator, c.target]
      }
    })(),
  )
  await copyRows(
    client,
    'indicator_departments',
    ['indicator_id', 'department_id', 'role'],
    series.map((s) => [s.indicatorId, s.departmentId, 'lead']),
  )
  return series
}
