import { describe, expect, it } from 'vitest'
import { safeCellText } from './safe-cell-text.js'

describe('safeCellText', () => {
  it('prefixes an apostrophe to text starting with = + - @ tab or carriage return', () => {
    expect(safeCellText("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0")
    expect(safeCellText('+1+1')).toBe("'+1+1")
    expect(safeCellText('-2+3')).toBe("'-2+3")
    expect(safeCellText('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(safeCellText('\t=1')).toBe("'\t=1")
    expect(safeCellText('\r=1')).toBe("'\r=1")
  })

  it('leaves ordinary text, including HTML, unchanged', () => {
    for (const s of ['政务信息系统上云率', '≥80%(2025年)', '<script>alert(1)</script>', 'a=b', ''])
      expect(safeCellText(s)).toBe(s)
  })

  it('drops control characters that would make the workbook unreadable', () => {
    expect(safeCellText('扬州\u0000市\u0007')).toBe('扬州市')
    expect(safeCellText('\u0001=1')).toBe("'=1")
    expect(safeCellText('第一行\n第二行')).toBe('第一行\n第二行')
  })
})
