import type { Database } from '@cockpit/db'
import { serviceContext, adminPrincipal } from '@cockpit/services/kernel'
import { createApiToken } from '@cockpit/services/access'
import type { Kysely } from 'kysely'
import {
  BENCH_END_YEAR,
  BENCH_INDICATORS,
  BENCH_PARENT,
  BENCH_START_YEAR,
  type BenchPlan,
  childrenFor,
  FIRST_CHILD,
} from './plan-shape.js'

const SYNTHETIC = { cite_section: '基准测试', cite_quote: '基准测试用合成数据' }

/** The system issuing the bench department's token, as an admin would. */
const benchAdmin = adminPrincipal('user:bench')

/**
 * A monthly plan of percent indicators, led by one bench department, with synthetic counties under the
 * city: written straight into the tables because no API creates plans (seeds are the only other way).
 */
export async function createBenchPlan(db: Kysely<Database>, values: number): Promise<BenchPlan> {
  const children = Array.from({ length: childrenFor(values) }, (_, i) => String(FIRST_CHILD + i))
  await db
    .insertInto('jurisdictions')
    .values(
      children.map((code, i) => ({
        code,
        name: `基准测试县${i + 1}`,
        level: 'county' as const,
        parent_code: BENCH_PARENT,
      })),
    )
    .execute()
  const plan = await db
    .insertInto('plans')
    .values({
      key: 'bench-ingest',
      jurisdiction_code: BENCH_PARENT,
      title: '入库性能基准测试规划',
      doc_number: null,
      issuer: '基准测试',
      issued_on: `${BENCH_START_YEAR}-01-01`,
      start_year: BENCH_START_YEAR,
      end_year: BENCH_END_YEAR,
      vision_year: null,
      source_file: 'bench',
      ...SYNTHETIC,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const dept = await db
    .insertInto('departments')
    .values({ jurisdiction_code: BENCH_PARENT, key: 'bench', name: '基准测试单位', full_name: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  const indicators = await db
    .insertInto('indicators')
    .values(
      Array.from({ length: BENCH_INDICATORS }, (_, i) => ({
        plan_id: plan.id,
        key: `i${String(i + 1).padStart(2, '0')}`,
        jurisdiction_code: BENCH_PARENT,
        pillar_id: null,
        name: `基准测试指标${i + 1}`,
        unit: '%',
        measure: 'percent' as const,
        direction: 'higher' as const,
        nature: 'expected' as const,
        cadence: 'monthly' as const,
        baseline_year: BENCH_START_YEAR - 1,
        baseline_value: 20,
        baseline_cite_section: null,
        baseline_cite_quote: null,
        note: null,
        position: i + 1,
        ...SYNTHETIC,
      })),
    )
    .returning('id')
    .execute()
  const indicatorIds = indicators.map((r) => r.id)
  await db
    .insertInto('indicator_targets')
    .values(
      indicatorIds.flatMap((id) => [
        {
          indicator_id: id,
          year: 2020,
          due_date: '2020-12-31',
          comparator: 'gte' as const,
          value: 50,
          value_max: null,
          cite_section: null,
          cite_quote: null,
        },
        {
          indicator_id: id,
          year: BENCH_END_YEAR,
          due_date: `${BENCH_END_YEAR}-12-31`,
          comparator: 'gte' as const,
          value: 80,
          value_max: null,
          cite_section: null,
          cite_quote: null,
        },
      ]),
    )
    .execute()
  await db
    .insertInto('indicator_departments')
    .values(indicatorIds.map((id) => ({ indicator_id: id, department_id: dept.id, role: 'lead' as const })))
    .execute()
  const token = await createApiToken(serviceContext(db, benchAdmin, new Date()), {
    departmentId: dept.id,
    name: 'bench',
  })
  return {
    departmentId: dept.id,
    token: token.token,
    tokenId: token.id,
    indicatorIds,
    jurisdictions: [BENCH_PARENT, ...children],
  }
}
