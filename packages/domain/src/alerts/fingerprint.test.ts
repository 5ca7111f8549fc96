import { describe, expect, it } from 'vitest'
import { alertFingerprint, fnv1a64, taskAlertFingerprint } from './fingerprint.js'

describe('fnv1a64', () => {
  it('matches the published FNV-1a 64 test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325')
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c')
    expect(fnv1a64('foobar')).toBe('85944171f73967e8')
  })

  it('hashes the UTF-8 bytes of Chinese text (value computed independently in Python)', () => {
    expect(fnv1a64('["7","3","南昌市"]')).toBe('0bbb4570ed503f59')
  })

  it('keeps leading zeros, so every fingerprint is 16 hex digits', () => {
    expect(fnv1a64('["7","3","南昌市"]')).toMatch(/^0[0-9a-f]{15}$/)
  })
})

describe('alertFingerprint', () => {
  it('is pinned: stored alert series would be orphaned if the algorithm changed', () => {
    expect(alertFingerprint({ ruleId: 1, indicatorId: 42, jurisdictionCode: '360100' })).toBe('d693ca072c79721e')
  })

  it('names the same series for numeric and string ids', () => {
    expect(alertFingerprint({ ruleId: '1', indicatorId: '42', jurisdictionCode: '360100' })).toBe(
      alertFingerprint({ ruleId: 1, indicatorId: 42, jurisdictionCode: '360100' }),
    )
  })

  it('cannot be confused by moving digits between parts', () => {
    const a = alertFingerprint({ ruleId: 1, indicatorId: 23, jurisdictionCode: '360100' })
    const b = alertFingerprint({ ruleId: 12, indicatorId: 3, jurisdictionCode: '360100' })
    const c = alertFingerprint({ ruleId: 1, indicatorId: 2, jurisdictionCode: '3360100' })
    expect(new Set([a, b, c]).size).toBe(3)
  })

  it('differs in each part', () => {
    const base = { ruleId: 1, indicatorId: 42, jurisdictionCode: '360100' }
    const variants = [
      base,
      { ...base, ruleId: 2 },
      { ...base, indicatorId: 43 },
      { ...base, jurisdictionCode: '360000' },
    ]
    expect(new Set(variants.map(alertFingerprint)).size).toBe(4)
  })
})

describe('taskAlertFingerprint', () => {
  it('never names the series of an indicator with the same ids', () => {
    expect(taskAlertFingerprint({ ruleId: 1, taskId: 42, jurisdictionCode: '360100' })).not.toBe(
      alertFingerprint({ ruleId: 1, indicatorId: 42, jurisdictionCode: '360100' }),
    )
  })

  it('is pinned and takes numeric and string ids alike', () => {
    const fp = taskAlertFingerprint({ ruleId: 1, taskId: 42, jurisdictionCode: '360100' })
    expect(fp).toBe(fnv1a64('["1","task","42","360100"]'))
    expect(taskAlertFingerprint({ ruleId: '1', taskId: '42', jurisdictionCode: '360100' })).toBe(fp)
  })
})
