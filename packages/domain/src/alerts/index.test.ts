import { describe, expect, it } from 'vitest'
import * as alerts from './index.js'

describe('alerts entry', () => {
  it('exports exactly the alert API', () => {
    expect(Object.keys(alerts).sort()).toEqual(
      ['alertFingerprint', 'alertStates', 'belowPath', 'bindingOffTrack', 'forecastMiss', 'initialMemory', 'missingReport', 'step', 'suddenChange', 'targetReached'].sort(),
    )
  })
})
