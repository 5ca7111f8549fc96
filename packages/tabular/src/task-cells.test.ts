import { describe, expect, it } from 'vitest'
import { parsePercentText, parseStageText } from './task-cells.js'

describe('parseStageText', () => {
  it('reads the drop-down labels, the API codes and common synonyms', () => {
    expect(parseStageText('推进中')).toEqual({ ok: true, stage: 'in-progress' })
    expect(parseStageText(' 滞 后 ')).toEqual({ ok: true, stage: 'delayed' })
    expect(parseStageText('suspended')).toEqual({ ok: true, stage: 'suspended' })
    expect(parseStageText('进行中')).toEqual({ ok: true, stage: 'in-progress' })
    expect(parseStageText('未开始')).toEqual({ ok: true, stage: 'not-started' })
  })

  it('names the five choices when the stage is blank or unknown', () => {
    const blank = parseStageText('')
    expect(blank.ok ? '' : blank.message).toBe('进展阶段为空,请从下拉列表选择:未启动、推进中、已完成、滞后、暂缓')
    const odd = parseStageText('差不多了')
    expect(odd.ok ? '' : odd.message).toBe('进展阶段「差不多了」无法识别,应为未启动、推进中、已完成、滞后、暂缓之一')
  })
})

describe('parsePercentText', () => {
  it('takes blank as no figure, and whole numbers 0–100 typed, with a % sign, full width or percent-formatted', () => {
    expect(parsePercentText(null)).toEqual({ ok: true, percent: null })
    expect(parsePercentText('  ')).toEqual({ ok: true, percent: null })
    expect(parsePercentText(80)).toEqual({ ok: true, percent: 80 })
    expect(parsePercentText('８０％')).toEqual({ ok: true, percent: 80 })
    expect(parsePercentText(0.29, { percentFormatted: true })).toEqual({ ok: true, percent: 29 })
    expect(parsePercentText(0)).toEqual({ ok: true, percent: 0 })
    expect(parsePercentText('100')).toEqual({ ok: true, percent: 100 })
  })

  it('refuses out-of-range, fractional and worded figures, quoting what was written', () => {
    for (const bad of [101, -5, 62.5, '120%', '八成', '0.8']) {
      const r = parsePercentText(bad)
      expect(r.ok, String(bad)).toBe(false)
      expect(r.ok ? '' : r.message).toMatch(/^完成百分比「.+」应为 0–100 的整数\(可不填\)$/)
    }
    expect(parsePercentText(1.5, { percentFormatted: true })).toMatchObject({
      ok: false,
      message: '完成百分比「150%」应为 0–100 的整数(可不填)',
    })
  })
})
