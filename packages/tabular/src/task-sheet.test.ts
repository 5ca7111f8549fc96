import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { readUpload } from './read-upload.js'
import { TASK_SHEET_NAME, taskSheetHeaders, type TemplateTask } from './task-sheet.js'
import { buildTemplate, templateHeaders, type TemplateIndicator } from './template.js'

const cloud: TemplateIndicator = {
  key: 'yangzhou-2023/cloud',
  name: '政务信息系统上云率',
  unit: '%',
  measure: 'percent',
  cadence: 'quarterly',
  jurisdictionCode: '321000',
  jurisdictionName: '扬州市',
  duePeriods: ['2025-Q1'],
  target: '≥80%(2025年)',
}
const network: TemplateTask = {
  code: 'yangzhou-2023/t1',
  kind: 'task',
  number: '(一)1',
  title: '推动电子政务外网升级改造',
  dueDate: '2025-12-31',
  role: 'lead',
  periodKey: '2025-03',
}
const milestone: TemplateTask = {
  code: 'yangzhou-2023/m1',
  kind: 'milestone',
  number: null,
  title: '=2024年底前建成市级数据中台',
  dueDate: '2024-12-31',
  role: 'cooperating',
  periodKey: '2025-Q1',
}
const input = {
  departmentName: '扬州市数据局',
  indicators: [cloud],
  tasks: [network, milestone],
  generatedAt: '2025-04-01T08:00:00+08:00',
}
const options = {
  expectedHeaders: templateHeaders,
  namedSheets: [{ name: TASK_SHEET_NAME, expectedHeaders: taskSheetHeaders }],
}

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
  return wb
}
const save = async (wb: ExcelJS.Workbook) => new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer)
const rowValues = (ws: ExcelJS.Worksheet, r: number): unknown[] => (ws.getRow(r).values as unknown[]).slice(1)

describe('the template’s 任务进展 sheet', () => {
  it('comes second, after 填报, with one pre-filled row per task and the period its report is due for', async () => {
    const wb = await load(await buildTemplate(input))
    expect(wb.worksheets.map((s) => s.name)).toEqual(['填报', '任务进展', '说明'])
    const ws = wb.getWorksheet(TASK_SHEET_NAME)!
    expect(ws.getCell('A1').value).toBe('扬州市数据局 重点任务进展填报')
    expect(String(ws.getCell('A2').value)).toMatch(/^填写说明：.*滞后.*原因/)
    expect(rowValues(ws, 3)).toEqual([
      '任务编码*',
      '类型',
      '编号',
      '任务名称',
      '完成时限',
      '本单位角色',
      '报告期*',
      '进展阶段*',
      '完成百分比',
      '进展情况*',
      '存在问题',
      '下步计划',
      '滞后或暂缓原因',
    ])
    expect(rowValues(ws, 4)).toEqual([
      'yangzhou-2023/t1',
      '任务',
      '(一)1',
      '推动电子政务外网升级改造',
      '2025-12-31',
      '牵头',
      '2025年3月',
    ])
    // Text from the plans is written inert, never as a formula.
    expect(rowValues(ws, 5)).toEqual([
      'yangzhou-2023/m1',
      '节点',
      undefined,
      "'=2024年底前建成市级数据中台",
      '2024-12-31',
      '配合',
      '2025年第一季度',
    ])
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 })
  })

  it('offers the five stage labels as a drop-down and checks percent as a whole number 0–100', async () => {
    const ws = (await load(await buildTemplate(input))).getWorksheet(TASK_SHEET_NAME)!
    expect(ws.getCell('H4').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"未启动,推进中,已完成,滞后,暂缓"'],
      showErrorMessage: true,
    })
    expect(ws.getCell('I5').dataValidation).toMatchObject({ type: 'whole', operator: 'between', formulae: [0, 100] })
  })

  it('is left out for a department with nothing to report on', async () => {
    const wb = await load(await buildTemplate({ ...input, tasks: [] }))
    expect(wb.worksheets.map((s) => s.name)).toEqual(['填报', '说明'])
  })

  it('reads back beside the 填报 sheet, which reads exactly as without it', async () => {
    const wb = await load(await buildTemplate(input))
    wb.getWorksheet('填报')!.getCell('F4').value = 81
    const ws = wb.getWorksheet(TASK_SHEET_NAME)!
    ws.getCell('H4').value = '滞后'
    ws.getCell('I4').value = 40
    ws.getCell('J4').value = '完成招标'
    ws.getCell('M4').value = '资金未到位'
    const r = await readUpload(await save(wb), 'a.xlsx', options)
    if (!r.ok) throw new Error(r.message)
    expect(r.warnings).toEqual([])
    expect(r.sheet.rows.map((row) => [row.row, row.cells.indicator?.text, row.cells.value?.raw])).toEqual([
      [4, 'yangzhou-2023/cloud', 81],
    ])
    const tasks = r.named[TASK_SHEET_NAME]
    if (!tasks?.ok) throw new Error('no task sheet')
    expect(tasks.sheet.fieldHeaders.stage).toBe('进展阶段')
    expect(
      tasks.sheet.rows.map((row) => [
        row.row,
        row.cells.task?.text,
        row.cells.period?.text,
        row.cells.stage?.text,
        row.cells.percent?.raw,
        row.cells.progress?.text,
        row.cells.reason?.text,
      ]),
    ).toEqual([
      [4, 'yangzhou-2023/t1', '2025年3月', '滞后', 40, '完成招标', '资金未到位'],
      [5, 'yangzhou-2023/m1', '2025年第一季度', '', null, '', ''],
    ])
  })

  it('is ignored when hidden, and reported by name when its header is broken', async () => {
    const wb = await load(await buildTemplate(input))
    wb.getWorksheet(TASK_SHEET_NAME)!.state = 'hidden'
    const hidden = await readUpload(await save(wb), 'a.xlsx', options)
    expect(hidden.ok && hidden.named).toEqual({})

    const broken = await load(await buildTemplate(input))
    broken.getWorksheet(TASK_SHEET_NAME)!.getCell('H3').value = '状态说明'
    const r = await readUpload(await save(broken), 'a.xlsx', options)
    if (!r.ok) throw new Error(r.message)
    expect(r.named[TASK_SHEET_NAME]).toEqual({
      ok: false,
      message: expect.stringMatching(/^工作表「任务进展」:未找到必填列「进展阶段」/),
    })
    expect(r.sheet.rows).toHaveLength(1)
  })

  it('reads a workbook holding only the 任务进展 sheet as tasks and no indicator rows', async () => {
    const wb = await load(await buildTemplate(input))
    wb.removeWorksheet(wb.getWorksheet('填报')!.id)
    wb.removeWorksheet(wb.getWorksheet('说明')!.id)
    const r = await readUpload(await save(wb), 'a.xlsx', options)
    if (!r.ok) throw new Error(r.message)
    expect(r.sheet.rows).toEqual([])
    expect(r.named[TASK_SHEET_NAME]?.ok).toBe(true)
  })

  it('does not change how an upload without named sheets is read: the first visible sheet', async () => {
    const wb = await load(await buildTemplate(input))
    const r = await readUpload(await save(wb), 'a.xlsx', { expectedHeaders: templateHeaders })
    if (!r.ok) throw new Error(r.message)
    expect(r.named).toEqual({})
    expect(r.sheet.headerRow).toBe(3)
  })
})
