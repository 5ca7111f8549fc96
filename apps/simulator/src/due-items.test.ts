import { addDays } from '@cockpit/domain'
import { describe, expect, it } from 'vitest'
import type { Catalog, SimIndicator } from './catalog.js'
import { dueItems, itemKey, SIMULATED_NOTE } from './due-items.js'
import type { Habit } from './schedule.js'
import { reportDelayDays } from './schedule.js'
import { testIndicator } from './test-fixtures.js'

const catalogOf = (...indicators: SimIndicator[]): Catalog => ({
  indicators,
  horizons: new Map([['test-plan', { startYear: 2023, endYear: 2025 }]]),
})
const habitsOf = (...entries: [number, Habit][]) => new Map(entries)
const periodsOf = (due: ReturnType<typeof dueItems>, dept: number) => (due.get(dept) ?? []).map((d) => d.item.period)

describe('dueItems', () => {
  it('backfills every ended period of the horizon for a prompt department, oldest first, noting the values as simulated', () => {
    const due = dueItems({
      catalog: catalogOf(testIndicator()),
      habits: habitsOf([1, 'prompt']),
      today: '2023-06-30',
      seed: 42,
      settled: new Set(),
    })
    const periods = periodsOf(due, 1)
    expect(periods.slice(0, 4)).toEqual(['2023-01', '2023-02', '2023-03', '2023-04'])
    // May is in unless its random delay pushes it past today; June has only just ended.
    expect(periods.length).toBeGreaterThanOrEqual(4)
    expect(periods.every((p) => p <= '2023-06')).toBe(true)
    expect(due.get(1)?.[0]?.item).toMatchObject({ indicator: 1, note: SIMULATED_NOTE })
  })

  it('holds a late department’s period back until its 20–45 day delay has passed', () => {
    const ind = testIndicator()
    const delay = reportDelayDays(42, 1, 'late', '2023-03')!
    // 2023-03 ends on 03-31; it is due on 03-31 + delay.
    const dueOn = addDays('2023-03-31', delay)
    const before = addDays(dueOn, -1)
    expect(
      periodsOf(
        dueItems({
          catalog: catalogOf(ind),
          habits: habitsOf([1, 'late']),
          today: before,
          seed: 42,
          settled: new Set(),
        }),
        1,
      ),
    ).not.toContain('2023-03')
    expect(
      periodsOf(
        dueItems({
          catalog: catalogOf(ind),
          habits: habitsOf([1, 'late']),
          today: dueOn,
          seed: 42,
          settled: new Set(),
        }),
        1,
      ),
    ).toContain('2023-03')
    expect(
      periodsOf(
        dueItems({
          catalog: catalogOf(ind),
          habits: habitsOf([1, 'prompt']),
          today: '2023-04-05',
          seed: 42,
          settled: new Set(),
        }),
        1,
      ),
    ).toContain('2023-03')
  })

  it('never lists the periods a skipping department leaves out', () => {
    const due = dueItems({
      catalog: catalogOf(testIndicator()),
      habits: habitsOf([1, 'skipper']),
      today: '2026-06-30',
      seed: 42,
      settled: new Set(),
    })
    const periods = periodsOf(due, 1)
    expect(periods.length).toBeGreaterThan(0)
    expect(periods.length).toBeLessThan(36)
    for (const p of periods) expect(reportDelayDays(42, 1, 'skipper', String(p))).not.toBeNull()
  })

  it('leaves out what is settled, and stops at the end of the horizon', () => {
    const ind = testIndicator({ cadence: 'yearly' })
    const settled = new Set([itemKey(1, '2023')])
    expect(
      periodsOf(
        dueItems({ catalog: catalogOf(ind), habits: habitsOf([1, 'prompt']), today: '2030-01-01', seed: 42, settled }),
        1,
      ),
    ).toEqual(['2024', '2025'])
  })

  it('has each indicator reported by its first lead department holding a token, and skips the others', () => {
    const shared = testIndicator({
      id: 5,
      departments: [
        { id: 7, key: 'd7', name: '七', role: 'lead' },
        { id: 8, key: 'd8', name: '八', role: 'lead' },
        { id: 9, key: 'd9', name: '九', role: 'cooperating' },
      ],
    })
    const cooperatingOnly = testIndicator({
      id: 6,
      departments: [{ id: 9, key: 'd9', name: '九', role: 'cooperating' }],
    })
    const due = dueItems({
      catalog: catalogOf(shared, cooperatingOnly),
      habits: habitsOf([8, 'prompt'], [9, 'prompt']),
      today: '2023-12-31',
      seed: 42,
      settled: new Set(),
    })
    expect([...due.keys()]).toEqual([8])
    expect(new Set(due.get(8)!.map((d) => d.item.indicator))).toEqual(new Set([5]))
  })

  it('skips indicators of unknown plans and without targets', () => {
    const orphan = testIndicator({ id: 3, planKey: 'no-such-plan' })
    const aimless = testIndicator({ id: 4, targets: [] })
    expect(
      dueItems({
        catalog: catalogOf(orphan, aimless),
        habits: habitsOf([1, 'prompt']),
        today: '2024-12-31',
        seed: 42,
        settled: new Set(),
      }).size,
    ).toBe(0)
  })

  it('gives the same items for the same inputs', () => {
    const input = {
      catalog: catalogOf(testIndicator(), testIndicator({ id: 2, cadence: 'quarterly', measure: 'count' })),
      habits: habitsOf([1, 'prompt']),
      today: '2024-09-30',
      seed: 42,
      settled: new Set<string>(),
    }
    expect(dueItems(input)).toEqual(dueItems(input))
  })
})

describe('rolled-up indicators', () => {
  const children = ['320100', '320200', '320300']
  const catalog = (ind: SimIndicator): Catalog => ({
    indicators: [ind],
    horizons: new Map([['test-plan', { startYear: 2023, endYear: 2025 }]]),
    children: new Map([['320000', children]]),
  })

  it("reports a derived indicator's value through each direct child, in the same batch list, never at its own jurisdiction", () => {
    const ind = testIndicator({
      jurisdictionCode: '320000',
      unit: '个',
      measure: 'count',
      cadence: 'yearly',
      baseline: { year: 2022, value: 30 },
      targets: [
        {
          id: 1,
          year: 2025,
          dueDate: '2025-12-31',
          comparator: 'gte',
          value: 90,
          valueMax: null,
          label: '≥90个',
          citation: null,
        },
      ],
      rollup: { rule: 'sum', ownValue: 'derived' },
    })
    const items = dueItems({
      catalog: catalog(ind),
      habits: habitsOf([1, 'prompt']),
      today: '2024-01-31',
      seed: 42,
      settled: new Set(),
    }).get(1)!
    const of2023 = items.filter((d) => d.item.period === '2023')
    expect(of2023.map((d) => d.item.jurisdiction)).toEqual(children)
    expect(of2023.every((d) => Number.isInteger(d.item.value))).toBe(true)
    // A sum is split so the children add up to about the parent's path value.
    const own = dueItems({
      catalog: catalog({ ...ind, rollup: null }),
      habits: habitsOf([1, 'prompt']),
      today: '2024-01-31',
      seed: 42,
      settled: new Set(),
    }).get(1)!
    const parent = Number(own.find((d) => d.item.period === '2023')!.item.value)
    expect(Math.abs(of2023.reduce((a, d) => a + Number(d.item.value), 0) - parent)).toBeLessThanOrEqual(children.length)
  })

  it('spreads a mean around the path and sends only the children not yet settled', () => {
    const ind = testIndicator({
      jurisdictionCode: '320000',
      cadence: 'yearly',
      rollup: { rule: 'mean', ownValue: 'derived' },
    })
    const settled = new Set([itemKey(ind.id, '2023', '320100')])
    const items = dueItems({
      catalog: catalog(ind),
      habits: habitsOf([1, 'prompt']),
      today: '2024-01-31',
      seed: 42,
      settled,
    }).get(1)!
    expect(items.filter((d) => d.item.period === '2023').map((d) => d.item.jurisdiction)).toEqual(['320200', '320300'])
    for (const d of items) expect(Number(d.item.value)).toBeGreaterThanOrEqual(0)
  })
})
