import { describe, expect, it } from 'vitest'
import { taskReportPeriod } from './template.js'

describe('taskReportPeriod (the period a template row asks progress for)', () => {
  it('is the month just ended while its report is within the grace days, then the running month', () => {
    expect(taskReportPeriod('monthly', '2025-04-01').key).toBe('2025-03')
    expect(taskReportPeriod('monthly', '2025-04-10').key).toBe('2025-03')
    expect(taskReportPeriod('monthly', '2025-04-11').key).toBe('2025-04')
    expect(taskReportPeriod('monthly', '2025-04-30').key).toBe('2025-04')
  })

  it('follows the cadence’s own grace: a quarter until the 15th, a year until 31 January', () => {
    expect(taskReportPeriod('quarterly', '2025-04-15').key).toBe('2025-Q1')
    expect(taskReportPeriod('quarterly', '2025-04-16').key).toBe('2025-Q2')
    expect(taskReportPeriod('yearly', '2025-01-31').key).toBe('2024')
    expect(taskReportPeriod('yearly', '2025-02-01').key).toBe('2025')
  })
})
