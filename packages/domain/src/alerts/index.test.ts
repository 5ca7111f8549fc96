import { describe, expect, it } from 'vitest'
import * as alerts from './index.js'

describe('alerts entry', () => {
  it('exports exactly the alert API', () => {
    expect(Object.keys(alerts).sort()).toEqual(
      [
        'alertFingerprint',
        'alertStates',
        'belowPath',
        'bindingOffTrack',
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
      ].sort(),
    )
  })
})
