import type { Indicator, Plan } from '@cockpit/contracts'
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
    targets: [
      {
        id: 1,
        year: 2025,
        dueDate: '2025-12-31',
        comparator: 'gte',
        value: 90,
        valueMax: null,
        label: '≥90%',
        citation: null,
      },
    ],
    departments: [{ id: 1, key: 'd1', name: '一号单位', role: 'lead' }],
    ...overrides,
  }
}

export const testHorizon = { startYear: 2023, endYear: 2025 }

/** The indicator as GET /api/v1/indicators lists it, so it passes the contract's schema. */
export function apiIndicator(ind: SimIndicator): Indicator {
  return {
    ...ind,
    key: `ind-${ind.id}`,
    planTitle: '测试规划',
    jurisdictionName: '南昌市',
    pillar: null,
    name: `指标${ind.id}`,
    nature: 'unclassified',
    citation: { document: '测试规划', docNumber: null, sourceFile: 'test.pdf', section: '一', quote: '测试' },
    note: null,
    requiresReview: false,
    rollup: ind.rollup
      ? {
          ...ind.rollup,
          ruleLabel: ind.rollup.rule,
          weightIndicator: null,
          minCoverage: 1,
          updatedAt: '2024-01-01T00:00:00.000Z',
        }
      : null,
    status: {
      status: 'no-data',
      label: '暂无数据',
      asOf: '2024-01-01',
      latestValue: null,
      latestPeriodEnd: null,
      expected: null,
      gap: null,
      gapRatio: null,
      timeProgress: null,
      completion: null,
      forecast: null,
      forecastMeets: null,
      reason: '暂无数据',
    },
  }
}

export function apiPlan(key: string, horizon: { startYear: number; endYear: number }): Plan {
  return {
    id: 1,
    key,
    jurisdictionCode: '360100',
    jurisdictionName: '南昌市',
    title: '测试规划',
    docNumber: null,
    issuer: '测试',
    issuedOn: '2023-01-01',
    ...horizon,
    visionYear: null,
    taskReportCadence: 'monthly',
    sourceFile: 'test.pdf',
    citation: { section: '一', quote: '测试' },
    indicatorCount: 1,
    taskCount: 0,
    milestoneCount: 0,
  }
}
