import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { isPercentFormat, xlsxGrid } from './read-xlsx.js'

describe('isPercentFormat', () => {
  it('recognises formats that display the value × 100 with a % sign', () => {
    for (const f of ['0%', '0.00%', '#,##0.0%', '[Red]0%', '0%;[Red]-0%']) expect(isPercentFormat(f), f).toBe(true)
  })

  it('does not take a quoted or escaped % literal for a percent format', () => {
    for (const f of ['0"%"', '0\\%', 'General', '0.00', '@', undefined])
      expect(isPercentFormat(f), String(f)).toBe(false)
  })
})

describe('xlsxGrid', () => {
  const bytes = async (fill: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> => {
    const wb = new ExcelJS.Workbook()
    fill(wb)
    return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer)
  }

  it('says when a zip holds no worksheet at all', async () => {
    expect(await xlsxGrid(await bytes(() => undefined))).toEqual({
      ok: false,
      message: '文件不是 Excel 工作簿(其中没有工作表),请上传 .xlsx 或 CSV 文件',
    })
  })

  it('says when every worksheet is hidden', async () => {
    const r = await xlsxGrid(
      await bytes((wb) => (wb.addWorksheet('填报', { state: 'hidden' }).getCell('A1').value = 1)),
    )
    expect(r.ok ? '' : r.message).toContain('都已隐藏')
  })
})
