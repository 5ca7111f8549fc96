import type { SimIndicator } from './catalog.js'

/** A plan-shaped indicator for tests: 上云率 from 40% (2022) to ≥90% by 2025, reported monthly by department 1. */
export function testIndicator(overrides: Partial<SimIndicator> = {}): SimIndicator {
  return {
    id: 1,
    planKey: 'test-plan',
    jurisdictionCode: '360100',
    unit: '%',
    measure: 'percent',
    direction: 'higher',
    cadence: 'monthly',
    baseline: { year: 2022, value: 40 },
    targets: [{ year: 2025, dueDate: '2025-12-31', comparator: 'gte', value: 90, valueMax: null, label: '≥90%', citation: null }],
    departments: [{ id: 1, key: 'd1', name: '一号单位', role: 'lead' }],
    ...overrides,
  }
}

export const testHorizon = { startYear: 2023, endYear: 2025 }
