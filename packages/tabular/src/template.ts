import type { Cadence, Measure } from '@cockpit/contracts'
import { parsePeriod } from '@cockpit/domain'
import type ExcelJS from 'exceljs'
import type { HeaderSpec } from './header-spec.js'
import { periodLabel } from './period.js'
import { safeCellText } from './safe-cell-text.js'
import { addTaskSheet, type TemplateTask } from './task-sheet.js'
import {
  addTitleAndNote,
  frozenSheet,
  newWorkbook,
  PREFILLED_FILL,
  styleHeaderCell,
  THIN,
  TO_FILL_FILL,
} from './workbook.js'

export interface TemplateIndicator {
  key: string
  name: string
  unit: string
  measure: Measure
  cadence: Cadence
  jurisdictionCode: string
  jurisdictionName: string
  /** Canonical period keys ('2025-03', '2025-Q1', '2025'), one pre-filled row each. */
  duePeriods: string[]
  /** e.g. "≥80%(2025年)" */
  target: string
}

export interface TemplateInput {
  departmentName: string
  title?: string
  indicators: TemplateIndicator[]
  /** Tasks and milestones with a progress report now due: a 任务进展 sheet when there are any. */
  tasks?: TemplateTask[]
  /** Shown in the workbook and used as its creation time, so the same input gives the same content. */
  generatedAt: string
}

/**
 * The headers buildTemplate writes and readUpload expects (plus an optional 修改原因 column the
 * template does not write); aliases cover what departments rename them to.
 */
export const templateHeaders: HeaderSpec[] = [
  // A department's own sheet may name the indicator and the place instead of giving codes: ingest
  // (checkItems) then matches them by name among what the department may report.
  {
    field: 'indicator',
    aliases: ['指标编码', '指标代码', '指标编号', 'indicator'],
    required: true,
    orField: 'indicatorName',
  },
  { field: 'indicatorName', aliases: ['指标名称', '指标'], required: false },
  {
    field: 'jurisdiction',
    aliases: ['行政区划代码', '区划代码', '行政区代码', 'jurisdiction'],
    required: true,
    orField: 'jurisdictionName',
  },
  { field: 'jurisdictionName', aliases: ['行政区划', '区划名称', '地区', '地区名称'], required: false },
  { field: 'period', aliases: ['统计期', '统计期间', '报告期', '所属期', 'period'], required: true },
  { field: 'value', aliases: ['数值', '填报值', '本期值', 'value'], required: true },
  { field: 'unit', aliases: ['单位', '计量单位'], required: false },
  { field: 'target', aliases: ['目标', '目标值'], required: false },
  { field: 'note', aliases: ['备注', 'note'], required: false },
  // Not written into the template: a department correcting a locked period adds this column itself
  // (the 说明 sheet says so), and the reader must not drop it as an unknown column.
  { field: 'reason', aliases: ['修改原因', '更正原因', 'reason'], required: false },
]

/** The columns buildTemplate writes, in order. */
const WRITTEN = [
  'indicator',
  'indicatorName',
  'jurisdiction',
  'jurisdictionName',
  'period',
  'value',
  'unit',
  'target',
  'note',
] as const

type Field = (typeof WRITTEN)[number]

const WIDTHS: Record<Field, number> = {
  indicator: 22,
  indicatorName: 40,
  jurisdiction: 14,
  jurisdictionName: 14,
  period: 16,
  value: 12,
  unit: 10,
  target: 22,
  note: 30,
}

// Codes, periods and remarks are text: with the General format Excel would turn 321000 into a
// number, "2025-3" into a date and "=…" into a formula when someone types over them.
const TEXT_FIELDS = new Set<Field>([
  'indicator',
  'indicatorName',
  'jurisdiction',
  'jurisdictionName',
  'period',
  'unit',
  'target',
  'note',
])

const CADENCE_SHORT: Record<Cadence, string> = { monthly: '月', quarterly: '季', yearly: '年' }

const HEADER_ROW = 3

const NOTE =
  '填写说明：1. 只需填写黄色的「数值」列，必要时填写「备注」，其余列已预填，请勿修改；2. 带 * 的列为必填，请勿增删或改动表头行；' +
  '3. 百分比指标直接填写百分数，如 80 表示 80%；数量类指标填写整数；4. 修改已锁定统计期的数值时，请在表格最后增加一列「修改原因」并填写；' +
  '5. 填好后保存为 .xlsx（或 CSV）上传。'

/**
 * The workbook a department downloads: 填报, one pre-filled row per (indicator, due period) with only
 * 数值 and 备注 left blank; 任务进展 when it has tasks to report on; 说明.
 */
export async function buildTemplate(input: TemplateInput): Promise<Uint8Array> {
  const workbook = newWorkbook(input.generatedAt)
  const fields: readonly Field[] = WRITTEN
  const specOf = (field: Field): HeaderSpec => templateHeaders.find((h) => h.field === field) as HeaderSpec
  const col = (field: Field): number => fields.indexOf(field) + 1
  const lastCol = fields.length

  const sheet = frozenSheet(workbook, '填报', HEADER_ROW)
  sheet.columns = fields.map((f) => ({ key: f, width: WIDTHS[f] }))

  addTitleAndNote(sheet, lastCol, {
    title: input.title ?? `${input.departmentName} 指标数据填报模板`,
    note: `${NOTE}（生成时间：${input.generatedAt}）`,
    noteHeight: 48,
  })

  fields.forEach((field, i) => {
    const spec = specOf(field)
    const cell = sheet.getCell(HEADER_ROW, i + 1)
    cell.value = `${spec.aliases[0]}${spec.required ? '*' : ''}`
    styleHeaderCell(cell)
    cell.alignment = { horizontal: 'center', vertical: 'middle' }
  })

  let r = HEADER_ROW + 1
  for (const indicator of input.indicators) {
    for (const key of indicator.duePeriods) {
      const period = parsePeriod(key)
      if (period === null || period.cadence !== indicator.cadence) {
        throw new RangeError(`indicator ${indicator.key}: due period ${key} is not a ${indicator.cadence} period key`)
      }
      const values: Record<Field, string | null> = {
        indicator: indicator.key,
        indicatorName: indicator.name,
        jurisdiction: indicator.jurisdictionCode,
        jurisdictionName: indicator.jurisdictionName,
        period: periodLabel(period),
        value: null,
        unit: indicator.unit,
        target: indicator.target,
        note: null,
      }
      for (const field of fields) {
        const cell = sheet.getCell(r, col(field))
        const v = values[field]
        if (v !== null) cell.value = safeCellText(v)
        if (TEXT_FIELDS.has(field)) cell.numFmt = '@'
        cell.border = THIN
        cell.fill = field === 'value' || field === 'note' ? TO_FILL_FILL : PREFILLED_FILL
      }
      sheet.getCell(r, col('value')).dataValidation = valueValidation(indicator)
      r++
    }
  }

  if (input.tasks !== undefined && input.tasks.length > 0)
    addTaskSheet(workbook, { departmentName: input.departmentName, generatedAt: input.generatedAt, tasks: input.tasks })
  addGuideSheet(workbook, input)
  const buffer = await workbook.xlsx.writeBuffer()
  return new Uint8Array(buffer as ArrayBuffer)
}

/** Excel checks the number as it is typed, and its input message tells the unit and range. */
function valueValidation(indicator: TemplateIndicator): ExcelJS.DataValidation {
  const unit = safeCellText(indicator.unit)
  const base = {
    allowBlank: true,
    showInputMessage: true,
    showErrorMessage: true,
    errorStyle: 'stop',
    promptTitle: '填写数值',
    errorTitle: '数值不符合要求',
  }
  // Excel rejects a data-validation prompt longer than 255 characters.
  const clip = (s: string): string => (s.length > 255 ? s.slice(0, 255) : s)
  switch (indicator.measure) {
    case 'percent':
      return {
        ...base,
        type: 'decimal',
        operator: 'between',
        formulae: [0, 100],
        prompt: clip(`单位：%。请填写 0 到 100 之间的数字，如 80 表示 80%`),
        error: '请填写 0 到 100 之间的数字',
      }
    case 'count':
      // A count accepts whole numbers only; Excel's "decimal" type would let 2.5 through.
      return {
        ...base,
        type: 'whole',
        operator: 'greaterThanOrEqual',
        formulae: [0],
        prompt: clip(`单位：${unit}。请填写不小于 0 的整数`),
        error: '请填写不小于 0 的整数',
      }
    case 'quantity':
      return {
        ...base,
        type: 'decimal',
        operator: 'greaterThanOrEqual',
        formulae: [0],
        prompt: clip(`单位：${unit}。请填写不小于 0 的数字`),
        error: '请填写不小于 0 的数字',
      }
  }
}

function addGuideSheet(workbook: ExcelJS.Workbook, input: TemplateInput): void {
  const guide = workbook.addWorksheet('说明')
  guide.columns = [
    { key: 'key', width: 22 },
    { key: 'name', width: 40 },
    { key: 'jurisdiction', width: 14 },
    { key: 'unit', width: 10 },
    { key: 'cadence', width: 10 },
    { key: 'target', width: 22 },
    { key: 'periods', width: 40 },
  ]
  const heading = guide.getCell('A1')
  heading.value = safeCellText(`${input.departmentName} 填报指标一览`)
  heading.font = { bold: true, size: 14 }
  guide.mergeCells('A1:G1')
  const note = guide.getCell('A2')
  note.value = safeCellText(`${NOTE}（生成时间：${input.generatedAt}）`)
  note.alignment = { wrapText: true, vertical: 'middle' }
  guide.mergeCells('A2:G2')
  guide.getRow(2).height = 48

  const header = guide.getRow(3)
  header.values = ['指标编码', '指标名称', '行政区划', '单位', '报送周期', '目标', '本表填报期']
  header.eachCell(styleHeaderCell)
  input.indicators.forEach((indicator, i) => {
    const row = guide.getRow(4 + i)
    row.values = [
      indicator.key,
      indicator.name,
      indicator.jurisdictionName,
      indicator.unit,
      CADENCE_SHORT[indicator.cadence],
      indicator.target,
      indicator.duePeriods
        .map((k) => {
          const p = parsePeriod(k)
          return p === null ? k : periodLabel(p)
        })
        .join('、'),
    ].map(safeCellText)
    row.eachCell((cell) => {
      cell.border = THIN
    })
  })
}
