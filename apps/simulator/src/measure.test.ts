import { describe, expect, it } from 'vitest'
import { toMeasure, wireValue } from './measure.js'

describe('toMeasure', () => {
  it('keeps a percent within 0–100 at one decimal', () => {
    expect(toMeasure(55.34, 'percent')).toBe(55.3)
    expect(toMeasure(103.2, 'percent')).toBe(100)
    expect(toMeasure(-4, 'percent')).toBe(0)
  })

  it('makes a count a non-negative integer', () => {
    expect(toMeasure(3.6, 'count')).toBe(4)
    expect(toMeasure(-1.2, 'count')).toBe(0)
    expect(Object.is(toMeasure(-0.2, 'count'), -0)).toBe(false)
  })

  it('keeps a quantity non-negative at two decimals', () => {
    expect(toMeasure(12.3456, 'quantity')).toBe(12.35)
    expect(toMeasure(-0.5, 'quantity')).toBe(0)
  })

  it('turns a non-finite number into zero rather than sending NaN', () => {
    expect(toMeasure(Number.NaN, 'percent')).toBe(0)
  })
})

describe('wireValue', () => {
  it('spells a percent below 1 with its % sign so it is not read as a ratio', () => {
    expect(wireValue(0.4, 'percent')).toBe('0.4%')
    expect(wireValue(0, 'percent')).toBe(0)
    expect(wireValue(55.3, 'percent')).toBe(55.3)
    expect(wireValue(0.4, 'quantity')).toBe(0.4)
  })
})
