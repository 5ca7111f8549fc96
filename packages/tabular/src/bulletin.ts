import type { IndicatorStatus } from '@cockpit/contracts'
import ExcelJS from 'exceljs'
import { safeCellText } from './safe-cell-text.js'

/** Counts of one jurisdiction's indicators by status, as of the bulletin's month end. */
export interface BulletinSummaryRow {
  jurisdictionName: string
  total: number
  byStatus: Record<IndicatorStatus, number>
  binding: number
  /** Binding indicators achieved or on track. */
  bindingOnTrack: number
}

export interface BulletinIndicatorRow {
  jurisdictionName: string
  leadDepartment: string
  indicatorName: string
  unit: string
  /** percent values are written as 80 with a "%" suffix format, like the plans write them. */
  measure: 'percent' | 'count' | 'quantity'
  natureLabel: string
  targetLabel: string
  latestValue: number | null
  latestPeriodLabel: string | null
  expected: number | null
  gap: number | null
  status: IndicatorStatus
  statusLabel: string
  forecast: number | null
}

export interface BulletinOverdueRow {
  jurisdictionName: string
  departmentName: string
  indicatorName: string
  periodLabel: string
  dueDate: string
  daysOverdue: number
  stateLabel: string
}

export interface BulletinDepartmentRow {
  departmentName: string
  jurisdictionName: string
  due: number
  onTime: number
  late: number
  missing: number
  /** 0–1, null when nothing was due. */
  rate: number | null
}

export interface BulletinInput {
  /** e.g. 数字政府建设指标月度通报 */
  title: string
  jurisdictionName: string
  jurisdictionCode: string
  /** 2024年03月 */
  monthLabel: string
  asOf: string
  generatedAt: string
  summary: BulletinSummaryRow[]
  indicators: BulletinIndicatorRow[]
  overdue: BulletinOverdueRow[]
  departments: BulletinDepartmentRow[]
}

export const BULLETIN_SHEETS = ['概览', '指标明细', '逾期报送', '部门报送'] as const

/** One fill per status, the colours the cockpit uses: green achieved, blue on track, amber at risk, red off track, grey no data. */
export const STATUS_FILLS: Record<IndicatorStatus, string> = {
  achieved: 'FFC6EFCE',
  'on-track': 'FFDDEBF7',
  'at-risk': 'FFFFEB9C',
  'off-track': 'FFFFC7CE',
  'no-data': 'FFEDEDED',
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } }
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } }
const THIN: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } }
const TITLE_ROW = 1
const SUBTITLE_ROW = 2
const HEADER_ROW = 3

interface Column {
  header: string
  width: number
}

// A unit inside a number format must be quoted; a quote in the unit itself would end the literal.
const quotedUnit = (unit: string) => (unit ? `"${unit.replace(/"/g, '')}"` : '')
/** "0.0#"%"" or "#,##0.##"万核"": the number stays a number (sortable, summable), the unit shows beside it. */
export function unitFormat(measure: BulletinIndicatorRow['measure'], unit: string): string {
  if (measure === 'count') return `#,##0${quotedUnit(unit)}`
  return `#,##0.0#${quotedUnit(unit)}`
}

/**
 * Sets up one sheet the way a report is sent on: merged title, a subtitle, a bold bordered header,
 * frozen above the data, filterable, landscape A4 fitted to the page width with the three top rows
 * repeated on every printed page.
 */
function addSheet(workbook: ExcelJS.Workbook, name: string, title: string, subtitle: string, columns: Column[]) {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${HEADER_ROW + 1}`, activeCell: `A${HEADER_ROW + 1}` }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${TITLE_ROW}:${HEADER_ROW}`,
    },
    headerFooter: { oddFooter: '第 &P 页,共 &N 页' },
  })
  sheet.columns = columns.map((c) => ({ width: c.width }))
  const last = columns.length
  const t = sheet.getCell(TITLE_ROW, 1)
  t.value = safeCellText(title)
  t.font = { bold: true, size: 16 }
  t.alignment = { horizontal: 'center', vertical: 'middle' }
  sheet.mergeCells(TITLE_ROW, 1, TITLE_ROW, last)
  sheet.getRow(TITLE_ROW).height = 30
  const s = sheet.getCell(SUBTITLE_ROW, 1)
  s.value = safeCellText(subtitle)
  s.font = { size: 10, color: { argb: 'FF595959' } }
  s.alignment = { horizontal: 'center', vertical: 'middle' }
  sheet.mergeCells(SUBTITLE_ROW, 1, SUBTITLE_ROW, last)
  columns.forEach((c, i) => {
    const cell = sheet.getCell(HEADER_ROW, i + 1)
    cell.value = c.header
    cell.font = { bold: true }
    cell.fill = HEADER_FILL
    cell.border = THIN
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
  })
  sheet.getRow(HEADER_ROW).height = 32
  return sheet
}

/** Appends a bordered data row; text goes through safeCellText so "=…" never becomes a formula. */
function addRow(sheet: ExcelJS.Worksheet, values: (string | number | null)[], formats: (string | null)[] = []) {
  const row = sheet.addRow(values.map((v) => (typeof v === 'string' ? safeCellText(v) : v)))
  values.forEach((_, i) => {
    const cell = row.getCell(i + 1)
    cell.border = THIN
    cell.alignment = { vertical: 'middle', wrapText: typeof values[i] === 'string' }
    const f = formats[i]
    if (f) cell.numFmt = f
  })
  return row
}

function finish(sheet: ExcelJS.Worksheet, columns: number) {
  const lastRow = Math.max(sheet.rowCount, HEADER_ROW)
  sheet.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: lastRow, column: columns } }
  sheet.pageSetup.printArea = `A1:${sheet.getColumn(columns).letter}${lastRow}`
}

const STATUS_ORDER: IndicatorStatus[] = ['achieved', 'on-track', 'at-risk', 'off-track', 'no-data']

/** The monthly bulletin (月度通报) workbook: 概览, 指标明细, 逾期报送, 部门报送. */
export async function buildBulletin(input: BulletinInput, statusLabels: Record<IndicatorStatus, string>): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '数政驾驶舱'
  const created = new Date(input.generatedAt)
  if (!Number.isNaN(created.getTime())) {
    workbook.created = created
    workbook.modified = created
  }
  const heading = `${input.title}(${input.jurisdictionName} ${input.monthLabel})`
  const subtitle = `行政区划:${input.jurisdictionName}(${input.jurisdictionCode})  统计截至:${input.asOf}  生成时间:${input.generatedAt}`

  // 概览: counts by status per jurisdiction (its own indicators and those below it), then a total.
  const summaryColumns: Column[] = [
    { header: '行政区划', width: 18 },
    { header: '指标数', width: 10 },
    ...STATUS_ORDER.map((s) => ({ header: statusLabels[s], width: 11 })),
    { header: '约束性指标', width: 12 },
    { header: '约束性指标达标或进度正常', width: 16 },
  ]
  const summary = addSheet(workbook, '概览', heading, subtitle, summaryColumns)
  const summaryCells = (r: BulletinSummaryRow) => [r.jurisdictionName, r.total, ...STATUS_ORDER.map((s) => r.byStatus[s]), r.binding, r.bindingOnTrack]
  for (const r of input.summary) addRow(summary, summaryCells(r), ['', ...summaryColumns.slice(1).map(() => '0')])
  if (input.summary.length > 1) {
    const total: BulletinSummaryRow = {
      jurisdictionName: '合计',
      total: sum(input.summary, (r) => r.total),
      byStatus: Object.fromEntries(STATUS_ORDER.map((s) => [s, sum(input.summary, (r) => r.byStatus[s])])) as Record<IndicatorStatus, number>,
      binding: sum(input.summary, (r) => r.binding),
      bindingOnTrack: sum(input.summary, (r) => r.bindingOnTrack),
    }
    const row = addRow(summary, summaryCells(total), ['', ...summaryColumns.slice(1).map(() => '0')])
    row.eachCell((c) => {
      c.font = { bold: true }
      c.fill = TOTAL_FILL
    })
  }
  finish(summary, summaryColumns.length)

  const detailColumns: Column[] = [
    { header: '行政区划', width: 12 },
    { header: '牵头单位', width: 16 },
    { header: '指标名称', width: 34 },
    { header: '单位', width: 8 },
    { header: '指标属性', width: 9 },
    { header: '目标', width: 18 },
    { header: '最新值', width: 12 },
    { header: '统计期', width: 15 },
    { header: '序时进度', width: 12 },
    { header: '差距', width: 11 },
    { header: '状态', width: 11 },
    { header: '预测值', width: 12 },
  ]
  const detail = addSheet(workbook, '指标明细', `${heading}指标明细`, subtitle, detailColumns)
  const STATUS_COL = 11
  for (const r of input.indicators) {
    const fmt = unitFormat(r.measure, r.unit)
    const row = addRow(
      detail,
      [r.jurisdictionName, r.leadDepartment, r.indicatorName, r.unit, r.natureLabel, r.targetLabel, r.latestValue, r.latestPeriodLabel ?? '', r.expected, r.gap, r.statusLabel, r.forecast],
      [null, null, null, null, null, null, fmt, null, fmt, `+${fmt};-${fmt};0`, null, fmt],
    )
    const status = row.getCell(STATUS_COL)
    status.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: STATUS_FILLS[r.status] } }
    status.alignment = { horizontal: 'center', vertical: 'middle' }
  }
  finish(detail, detailColumns.length)

  const overdueColumns: Column[] = [
    { header: '行政区划', width: 12 },
    { header: '责任单位', width: 18 },
    { header: '指标名称', width: 36 },
    { header: '统计期', width: 15 },
    { header: '报送截止日', width: 13 },
    { header: '逾期天数', width: 10 },
    { header: '状态', width: 10 },
  ]
  const overdue = addSheet(workbook, '逾期报送', `${heading}逾期未报`, `${subtitle}  截至 ${input.asOf} 已过报送期限仍未报送的统计期`, overdueColumns)
  for (const r of input.overdue)
    addRow(overdue, [r.jurisdictionName, r.departmentName, r.indicatorName, r.periodLabel, r.dueDate, r.daysOverdue, r.stateLabel], [null, null, null, null, null, '0"天"'])
  finish(overdue, overdueColumns.length)

  const departmentColumns: Column[] = [
    { header: '排名', width: 7 },
    { header: '责任单位', width: 20 },
    { header: '行政区划', width: 12 },
    { header: '应报', width: 8 },
    { header: '按时报送', width: 10 },
    { header: '逾期报送', width: 10 },
    { header: '缺报', width: 8 },
    { header: '按时报送率', width: 12 },
  ]
  const departments = addSheet(workbook, '部门报送', `${heading}部门报送情况`, `${subtitle}  按时报送率 = 按时报送 / 应报`, departmentColumns)
  input.departments.forEach((r, i) =>
    addRow(departments, [i + 1, r.departmentName, r.jurisdictionName, r.due, r.onTime, r.late, r.missing, r.rate], ['0', null, null, '0', '0', '0', '0', '0.0%']),
  )
  finish(departments, departmentColumns.length)

  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

const sum = <T>(rows: T[], pick: (r: T) => number) => rows.reduce((a, r) => a + pick(r), 0)
