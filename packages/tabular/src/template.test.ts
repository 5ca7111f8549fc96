import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { parsePeriodText } from './period.js'
import { readUpload } from './read-upload.js'
import { buildTemplate, templateHeaders, type TemplateIndicator } from './template.js'
import { parseReportedValue } from './value.js'

const cloud: TemplateIndicator = {
  key: 'yz-cloud-rate',
  name: '政务信息系统上云率',
  unit: '%',
  measure: 'percent',
  cadence: 'quarterly',
  jurisdictionCode: '321000',
  jurisdictionName: '扬州市',
  duePeriods: ['2025-Q1', '2025-Q2'],
  target: '≥80%(2025年)',
}
const items: TemplateIndicator = {
  key: 'yz-items',
  name: '“一件事”集成服务事项数',
  unit: '项',
  measure: 'count',
  cadence: 'monthly',
  jurisdictionCode: '321002',
  jurisdictionName: '广陵区',
  duePeriods: ['2025-03'],
  target: '≥25项(2025年)',
}
const compute: TemplateIndicator = {
  key: 'yz-compute',
  name: '算力规模',
  unit: '万核',
  measure: 'quantity',
  cadence: 'yearly',
  jurisdictionCode: '321000',
  jurisdictionName: '扬州市',
  duePeriods: ['2025'],
  target: '≥6万核(2025年)',
}

const input = {
  departmentName: '扬州市数据局',
  indicators: [cloud, items, compute],
  generatedAt: '2025-04-01T08:00:00+08:00',
}

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
  return wb
}

const rowValues = (ws: ExcelJS.Worksheet, r: number): unknown[] => (ws.getRow(r).values as unknown[]).slice(1)

describe('buildTemplate', () => {
  it('writes a merged title, a note row, the header row and one pre-filled row per indicator and due period', async () => {
    const ws = (await load(await buildTemplate(input))).getWorksheet('填报')
    if (ws === undefined) throw new Error('no 填报 sheet')
    expect(ws.getCell('A1').value).toBe('扬州市数据局 指标数据填报模板')
    expect(ws.getCell('I1').isMerged && ws.getCell('I1').master.address).toBe('A1')
    expect(String(ws.getCell('A2').value)).toMatch(/^填写说明：/)
    expect(rowValues(ws, 3)).toEqual([
      '指标编码*',
      '指标名称',
      '行政区划代码*',
      '行政区划',
      '统计期*',
      '数值*',
      '单位',
      '目标',
      '备注',
    ])
    expect(rowValues(ws, 4)).toEqual([
      'yz-cloud-rate',
      '政务信息系统上云率',
      '321000',
      '扬州市',
      '2025年第一季度',
      undefined,
      '%',
      '≥80%(2025年)',
    ])
    expect(rowValues(ws, 5)).toEqual([
      'yz-cloud-rate',
      '政务信息系统上云率',
      '321000',
      '扬州市',
      '2025年第二季度',
      undefined,
      '%',
      '≥80%(2025年)',
    ])
    expect(rowValues(ws, 6)).toEqual([
      'yz-items',
      '“一件事”集成服务事项数',
      '321002',
      '广陵区',
      '2025年3月',
      undefined,
      '项',
      '≥25项(2025年)',
    ])
    expect(rowValues(ws, 7)).toEqual([
      'yz-compute',
      '算力规模',
      '321000',
      '扬州市',
      '2025年',
      undefined,
      '万核',
      '≥6万核(2025年)',
    ])
    expect(ws.rowCount).toBe(7)
  })

  it('freezes the panes below the header and sets column widths', async () => {
    const ws = (await load(await buildTemplate(input))).getWorksheet('填报')
    expect(ws?.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 })
    expect(ws?.getColumn(2).width).toBe(40)
    expect(ws?.getColumn(6).width).toBe(12)
  })

  it('validates 数值 as a number in range with an input message giving the unit', async () => {
    const ws = (await load(await buildTemplate(input))).getWorksheet('填报')
    expect(ws?.getCell('F4').dataValidation).toMatchObject({
      type: 'decimal',
      operator: 'between',
      formulae: [0, 100],
      showInputMessage: true,
      prompt: '单位：%。请填写 0 到 100 之间的数字，如 80 表示 80%',
    })
    expect(ws?.getCell('F6').dataValidation).toMatchObject({
      type: 'whole',
      operator: 'greaterThanOrEqual',
      formulae: [0],
      prompt: '单位：项。请填写不小于 0 的整数',
    })
    expect(ws?.getCell('F7').dataValidation).toMatchObject({
      type: 'decimal',
      operator: 'greaterThanOrEqual',
      formulae: [0],
      prompt: '单位：万核。请填写不小于 0 的数字',
    })
  })

  it('lists the indicators with unit, cadence and target on a 说明 sheet', async () => {
    const ws = (await load(await buildTemplate(input))).getWorksheet('说明')
    if (ws === undefined) throw new Error('no 说明 sheet')
    expect(rowValues(ws, 3)).toEqual(['指标编码', '指标名称', '行政区划', '单位', '报送周期', '目标', '本表填报期'])
    expect(rowValues(ws, 4)).toEqual([
      'yz-cloud-rate',
      '政务信息系统上云率',
      '扬州市',
      '%',
      '季',
      '≥80%(2025年)',
      '2025年第一季度、2025年第二季度',
    ])
    expect(rowValues(ws, 5)?.[4]).toBe('月')
    expect(rowValues(ws, 6)?.[4]).toBe('年')
  })

  it('writes formula-like text from data as inert strings', async () => {
    const evil: TemplateIndicator = {
      ...items,
      name: "=cmd|' /C calc'!A0",
      target: '+1+1',
      jurisdictionName: '@SUM(A1)',
    }
    const wb = await load(await buildTemplate({ ...input, departmentName: '-2+3', indicators: [evil] }))
    const ws = wb.getWorksheet('填报')
    expect(ws?.getCell('A1').value).toBe("'-2+3 指标数据填报模板")
    expect(ws?.getCell('B4').value).toBe("'=cmd|' /C calc'!A0")
    expect(ws?.getCell('B4').type).toBe(ExcelJS.ValueType.String)
    expect(ws?.getCell('D4').value).toBe("'@SUM(A1)")
    expect(ws?.getCell('H4').value).toBe("'+1+1")
    expect(wb.getWorksheet('说明')?.getCell('B4').value).toBe("'=cmd|' /C calc'!A0")
  })

  it('keeps a <script> in an indicator name as plain text', async () => {
    const ws = (
      await load(await buildTemplate({ ...input, indicators: [{ ...items, name: '<script>alert(1)</script>' }] }))
    ).getWorksheet('填报')
    expect(ws?.getCell('B4').value).toBe('<script>alert(1)</script>')
  })

  it('refuses a due period that is not a key of the indicator cadence', async () => {
    await expect(buildTemplate({ ...input, indicators: [{ ...items, duePeriods: ['2025-Q1'] }] })).rejects.toThrow(
      RangeError,
    )
    await expect(buildTemplate({ ...input, indicators: [{ ...items, duePeriods: ['2025年3月'] }] })).rejects.toThrow(
      RangeError,
    )
  })

  it('reads a 修改原因 column a department adds for a correction, without an unknown-column warning', async () => {
    const wb = await load(await buildTemplate({ ...input, indicators: [items] }))
    const ws = wb.getWorksheet('填报')
    if (ws === undefined) throw new Error('no 填报 sheet')
    ws.getCell('J3').value = '修改原因'
    ws.getCell('F4').value = 26
    ws.getCell('J4').value = '统计口径更正'
    const r = await readUpload(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer), 'a.xlsx', {
      expectedHeaders: templateHeaders,
    })
    if (!r.ok) throw new Error(r.message)
    expect(r.warnings).toEqual([])
    expect(r.sheet.rows[0]?.cells.reason?.text).toBe('统计口径更正')
  })

  it('round-trips: a filled-in template reads back as the same rows', async () => {
    const wb = await load(await buildTemplate(input))
    const ws = wb.getWorksheet('填报')
    if (ws === undefined) throw new Error('no 填报 sheet')
    // As people fill it: 80% typed into a General cell becomes 0.8 with a percent format.
    ws.getCell('F4').value = 0.8
    // A fresh style object: after loading, exceljs shares one style object among cells of the same style.
    ws.getCell('F4').style = { ...ws.getCell('F4').style, numFmt: '0%' }
    ws.getCell('F5').value = 82.5
    ws.getCell('F6').value = 25
    ws.getCell('I6').value = '<script>alert(1)</script>'
    ws.getCell('F7').value = '6万核'
    const filled = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer)

    const r = await readUpload(filled, '扬州市数据局.xlsx', { expectedHeaders: templateHeaders })
    if (!r.ok) throw new Error(r.message)
    expect(r.warnings).toEqual([])
    expect(r.sheet.headerRow).toBe(3)
    const read = r.sheet.rows.map((row) => {
      const c = row.cells
      const indicator = [cloud, items, compute].find((i) => i.key === c.indicator?.text)
      if (indicator === undefined) throw new Error(`unknown indicator in row ${row.row}`)
      const period = parsePeriodText(c.period?.raw, indicator.cadence)
      const value = parseReportedValue(c.value?.raw, indicator.measure, {
        percentFormatted: c.value?.percentFormatted,
        unit: indicator.unit,
      })
      return [
        row.row,
        indicator.key,
        c.jurisdiction?.text,
        period.ok && period.key,
        value.ok && value.value,
        c.note?.text,
      ]
    })
    expect(read).toEqual([
      [4, 'yz-cloud-rate', '321000', '2025-Q1', 80, ''],
      [5, 'yz-cloud-rate', '321000', '2025-Q2', 82.5, ''],
      [6, 'yz-items', '321002', '2025-03', 25, '<script>alert(1)</script>'],
      [7, 'yz-compute', '321000', '2025', 6, ''],
    ])
  })
})
