import { describe, expect, it } from 'vitest'
import { departmentHabits, reportDelayDays, taskReportDelayDays } from './schedule.js'

const ids = Array.from({ length: 40 }, (_, i) => i + 1)
const months = Array.from(
  { length: 36 },
  (_, i) => `${2022 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
)

describe('departmentHabits', () => {
  it('makes ~15% of departments late and ~5% skippers, the rest prompt', () => {
    const habits = [...departmentHabits(42, ids).values()]
    expect(habits.filter((h) => h === 'late')).toHaveLength(6)
    expect(habits.filter((h) => h === 'skipper')).toHaveLength(2)
    expect(habits.filter((h) => h === 'prompt')).toHaveLength(32)
  })

  it('is the same for the same seed and departments, whatever their order', () => {
    expect(departmentHabits(42, [...ids].reverse())).toEqual(departmentHabits(42, ids))
    expect([...departmentHabits(43, ids)]).not.toEqual([...departmentHabits(42, ids)])
  })
})

describe('reportDelayDays', () => {
  it('has late departments report every period 20–45 days after it ends', () => {
    const delays = months.map((m) => reportDelayDays(42, 3, 'late', m))
    for (const d of delays) {
      expect(d).not.toBeNull()
      expect(d!).toBeGreaterThanOrEqual(20)
      expect(d!).toBeLessThanOrEqual(45)
    }
    expect(new Set(delays).size).toBeGreaterThan(3)
  })

  it('has prompt departments report within a few days, never skipping', () => {
    for (const m of months) {
      const d = reportDelayDays(42, 5, 'prompt', m)
      expect(d).not.toBeNull()
      expect(d!).toBeGreaterThanOrEqual(0)
      expect(d!).toBeLessThanOrEqual(4)
    }
  })

  it('has skippers leave some periods out entirely and report the others promptly', () => {
    const delays = months.map((m) => reportDelayDays(42, 9, 'skipper', m))
    const skipped = delays.filter((d) => d === null).length
    expect(skipped).toBeGreaterThan(0)
    expect(skipped).toBeLessThan(months.length)
    for (const d of delays) if (d !== null) expect(d).toBeLessThanOrEqual(4)
  })

  it('is deterministic for a seed', () => {
    expect(months.map((m) => reportDelayDays(42, 3, 'late', m))).toEqual(
      months.map((m) => reportDelayDays(42, 3, 'late', m)),
    )
  })
})

describe('taskReportDelayDays', () => {
  it('has prompt departments send progress reports within the grace (0–8 days), spread over the days', () => {
    const delays = months.flatMap((m) => ids.map((d) => taskReportDelayDays(42, d, 'prompt', m)!))
    expect(Math.min(...delays)).toBe(0)
    expect(Math.max(...delays)).toBe(8)
    expect(new Set(delays).size).toBe(9)
  })

  it('keeps late departments 20–45 days late, and skippers skipping the periods they skip for values', () => {
    for (const m of months) {
      const late = taskReportDelayDays(42, 3, 'late', m)!
      expect(late).toBeGreaterThanOrEqual(20)
      expect(late).toBeLessThanOrEqual(45)
      expect(taskReportDelayDays(42, 9, 'skipper', m) === null).toBe(reportDelayDays(42, 9, 'skipper', m) === null)
    }
  })
})
