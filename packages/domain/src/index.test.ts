import { describe, expect, it } from 'vitest'
import * as domain from './index.js'

describe('package entry', () => {
  it('exports exactly the agreed runtime API', () => {
    expect(Object.keys(domain).sort()).toEqual(
      [
        'activeTarget',
        'alertFingerprint',
        'alertStates',
        'belowPath',
        'bindingOffTrack',
        'checkBoundaryFile',
        'competitionRanks',
        'forecastMiss',
        'initialMemory',
        'milestoneAtRisk',
        'milestoneOverdue',
        'missingReport',
        'step',
        'suddenChange',
        'targetReached',
        'taskAlertFingerprint',
        'taskReportMissing',
        'addDays',
        'completion',
        'daysBetween',
        'defaultTolerances',
        'definitionIssues',
        'evaluateStatus',
        'expectedValue',
        'finalTarget',
        'forecastAt',
        'isIsoDate',
        'measureValueProblem',
        'meetsTarget',
        'nextPeriod',
        'parsePeriod',
        'pathPoints',
        'periodOf',
        'periodsBetween',
        'previousPeriod',
        'schematicTiles',
        'shanghaiDate',
        'sortedTargets',
        'targetAnchor',
        'taskDueState',
        'DEFAULT_SOON_DAYS',
        'DEFAULT_STALLED_PERIODS',
        'effectiveDueDate',
        'reportingStalled',
        'withMilestones',
        'timeProgress',
        'rollup',
        'yearEnd',
      ].sort(),
    )
  })

  it('default tolerances are 5% on track and 15% at risk', () => {
    expect(domain.defaultTolerances).toEqual({ onTrack: 0.05, atRisk: 0.15 })
  })
})
