import type pg from 'pg'
import { CATALOG } from './catalog.js'
import { copyRows } from './copy-rows.js'
import type { Series } from './load-plans.js'
import { LOADED_MONTHS, reportedAt } from './months.js'
import { hasCorrection, reportDelayDays, seriesValue } from './series-values.js'

const COLUMNS = [
  'indicator_id',
  'jurisdiction_code',
  'period_key',
  'period_end',
  'value',
  'source',
  'department_id',
  'token_id',
  'reported_at',
  'revision',
]

/** Days after the first report that a correction arrives. */
export const CORRECTION_DELAY = 5

/**
 * Every series' ten years as its department reported them over the API: one value per month, ~1% corrected
 * later by a second revision. Revisions are numbered from the product's own sequence (taken in one block and
 * advanced past it), in the order the values are generated, so a correction is always newer than its original.
 */
export async function loadObservations(
  client: pg.PoolClient,
  series: Series[],
): Promise<{ observations: number; corrections: number }> {
  const block = series.length * LOADED_MONTHS.length * 1.1 + 1000
  const { rows } = await client.query<{ first: string }>(
    `select nextval('revision_seq') as first, setval('revision_seq', nextval('revision_seq') + $1::bigint)`,
    [Math.ceil(block)],
  )
  let revision = Number(rows[0]!.first)
  let corrections = 0
  const observations = await copyRows(
    client,
    'observations',
    COLUMNS,
    (function* () {
      for (const s of series) {
        const c = CATALOG[s.catalogIndex]!
        for (const m of LOADED_MONTHS) {
          const value = seriesValue(c, s.seed, m.year, m.month)
          const at = reportedAt(m.end, reportDelayDays(s.seed, m.year, m.month))
          yield [
            s.indicatorId,
            s.jurisdictionCode,
            m.key,
            m.end,
            value,
            'api',
            s.departmentId,
            s.tokenId,
            at,
            revision++,
          ]
          if (hasCorrection(s.seed, m.year, m.month)) {
            corrections++
            const raised = Math.round(value * 1.01 * 100) / 100
            const corrected = c.measure === 'percent' ? Math.min(100, raised) : raised
            const later = new Date(at.getTime() + CORRECTION_DELAY * 86_400_000)
            yield [
              s.indicatorId,
              s.jurisdictionCode,
              m.key,
              m.end,
              corrected,
              'api',
              s.departmentId,
              s.tokenId,
              later,
              revision++,
            ]
          }
        }
      }
    })(),
  )
  if (revision - Number(rows[0]!.first) > block) throw new Error('revision block too small for the generated values')
  return { observations, corrections }
}
