import type { AlertRuleParams } from '@cockpit/contracts'
import type { AlertRuleRow } from '@cockpit/db'
import {
  belowPath,
  bindingOffTrack,
  type Evaluation,
  finalTarget,
  forecastMiss,
  milestoneAtRisk,
  milestoneOverdue,
  missingReport,
  reportingStalled,
  suddenChange,
  targetAnchor,
  targetReached,
  taskReportMissing,
} from '@cockpit/domain'
import type { PairFacts } from './facts.js'
import { consecutiveMissing, type TaskFacts } from './task-facts.js'

/** Turns a rule and the facts of one (indicator, jurisdiction) into the state machine's input. */
export function conditionFor(rule: AlertRuleRow, facts: PairFacts, asOf: string): Evaluation {
  const params = rule.params as AlertRuleParams
  const s = facts.status
  const dataKey = s?.latestPeriodKey ?? 'none'
  const direction = facts.indicator.direction
  if (facts.targets.length === 0) return { kind: 'error', message: '该指标没有目标值' }
  const final = finalTarget({
    targets: facts.targets.map((t) => ({
      dueDate: t.dueDate,
      comparator: t.comparator,
      value: t.value,
      valueMax: t.valueMax,
    })),
  })
  switch (params.kind) {
    case 'below-path':
      if (!s || s.latestValue === null || s.expected === null) return { kind: 'nodata' }
      return belowPath(
        { value: s.latestValue, expected: s.expected, finalAnchor: targetAnchor(final, direction), direction, dataKey },
        params.tolerance,
        params.recovery,
      )
    case 'forecast-miss':
      if (!s || s.observationCount < params.minObservations) return { kind: 'nodata' }
      return forecastMiss({ forecast: s.forecast, target: final, direction, dataKey }, params.marginPercent)
    case 'binding-off-track':
      if (!s || s.status === 'no-data') return { kind: 'nodata' }
      return bindingOffTrack({ nature: facts.indicator.nature, status: s.status, dataKey })
    case 'sudden-change': {
      const [current, previous] = facts.lastTwo
      if (!current || !previous) return { kind: 'nodata' }
      return suddenChange(
        { previous: previous.value, current: current.value, dataKey: current.periodKey },
        params.threshold,
      )
    }
    case 'target-reached':
      if (!s || s.latestValue === null) return { kind: 'nodata' }
      return targetReached({ value: s.latestValue, target: final, direction, dataKey })
    case 'missing-report':
      return missingReport({
        dueDate: facts.overdue?.dueDate ?? null,
        reported: facts.overdue === null,
        asOf,
        graceDays: params.graceDays,
        dataKey: facts.overdue?.periodKey ?? facts.lastReported ?? 'none',
      })
    default:
      return { kind: 'error', message: `rule kind ${params.kind} watches tasks, not indicators` }
  }
}

/** Turns a task rule and the facts of one task or milestone into the state machine's input. */
export function taskConditionFor(rule: AlertRuleRow, facts: TaskFacts, asOf: string): Evaluation {
  const params = rule.params as AlertRuleParams
  switch (params.kind) {
    case 'milestone-overdue':
      return milestoneOverdue({ dueDate: facts.dueDate, completedOn: facts.completedOn, asOf })
    case 'milestone-at-risk':
      return milestoneAtRisk(
        {
          dueDate: facts.dueDate,
          completedOn: facts.completedOn,
          latestStage: facts.latestStage,
          // "No report": none covers the latest closed period (nor the running one).
          reportMissing: reportingStalled(
            {
              lastReportPeriodEnd: facts.lastReportPeriodEnd,
              reportingFrom: facts.reportingFrom,
              cadence: facts.cadence,
            },
            asOf,
            1,
          ),
          asOf,
        },
        params.withinDays,
      )
    case 'task-report-missing':
      return taskReportMissing(
        {
          consecutiveMissing: consecutiveMissing(facts.duePeriods),
          latestDuePeriod: facts.duePeriods[0]?.periodKey ?? null,
          completed: facts.completedOn !== null && facts.completedOn <= asOf,
        },
        params.periods,
      )
    default:
      return { kind: 'error', message: `rule kind ${params.kind} watches indicators, not tasks` }
  }
}
