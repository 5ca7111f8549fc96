import { describe, expect, it } from 'vitest'
import { MONTHS_PER_SERIES } from './plan-shape.js'
import { type BenchItem, buildItems, toBatches } from './workload.js'

const plan = {
  departmentId: 1,
  token: 't',
  tokenId: 1,
  indicatorIds: [11, 12, 13],
  jurisdictions: ['360100', '360150'],
}
const seriesOf = (batch: BenchItem[]) => new Set(batch.map((i) => i.series))

describe('bench workload', () => {
  it('builds distinct keys series after series, with month ends', () => {
    const items = buildItems(plan, MONTHS_PER_SERIES + 2)
    expect(new Set(items.map((i) => `${i.indicator}|${i.jurisdiction}|${i.period}`)).size).toBe(items.length)
    expect(items[0]).toMatchObject({
      indicator: 11,
      jurisdiction: '360100',
      period: '2016-01',
      periodEnd: '2016-01-31',
      series: 0,
    })
    expect(items[25]).toMatchObject({ period: '2018-02', periodEnd: '2018-02-28' })
    expect(items[MONTHS_PER_SERIES]).toMatchObject({ indicator: 12, period: '2016-01', series: 1 })
  })

  it('in period order gives one month across every series before the next month', () => {
    const items = buildItems(plan, 8, 'period')
    expect(items.map((i) => i.period)).toEqual([...Array(6).fill('2016-01'), '2016-02', '2016-02'])
    expect(new Set(items.slice(0, 6).map((i) => `${i.indicator}|${i.jurisdiction}`)).size).toBe(6)
    expect(items[6]).toMatchObject({ indicator: 11, jurisdiction: '360100', series: 0 })
  })

  it('refuses more values than there are keys', () => {
    expect(() => buildItems(plan, 6 * MONTHS_PER_SERIES + 1)).toThrow(/distinct keys/)
  })

  it('aligned batches end on series boundaries so no two batches share a series', () => {
    const items = buildItems(plan, 6 * MONTHS_PER_SERIES)
    const batches = toBatches(items, 250, true)
    expect(batches.map((b) => b.length)).toEqual([240, 240, 240])
    const seen = batches.map(seriesOf)
    expect(seen[0]!.size + seen[1]!.size + seen[2]!.size).toBe(6)
  })

  it('splits a series longer than a batch, and cuts anywhere when unaligned', () => {
    const items = buildItems(plan, 2 * MONTHS_PER_SERIES)
    expect(toBatches(items, 100, true).map((b) => b.length)).toEqual([100, 20, 100, 20])
    expect(toBatches(items, 100, false).map((b) => b.length)).toEqual([100, 100, 40])
  })
})
