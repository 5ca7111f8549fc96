import type { IndicatorStatus } from '@cockpit/contracts'
import { newWorkbook } from './workbook.js'
import { addRow, addSheet, type Column, finish, TOTAL_FILL } from './bulletin-sheet.js'
import { addTaskBulletinSheet, type BulletinTasks } from './bulletin-tasks.js'
import { addRankingBulletinSheet, type BulletinRanking } from './bulletin-rankings.js'

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
  /** The 重点任务 sheet (tasks and milestones at the month end); left out when absent. */
  tasks?: BulletinTasks
  /** The 地区排名 sheet (the jurisdiction's indicators across the places below it); left out when empty. */
  rankings?: BulletinRanking[]
}

export const BULLETIN_SHEETS = ['概览', '指标明细', '逾期报送', '部门报送', '重点任务', '地区排名'] as const

/** One fill per status, the colours the cockpit uses: green achieved, blue on track, amber at risk, red off track, grey no data. */
export const STATUS_FILLS: Record<IndicatorStatus, string> = {
  achieved: 'FFC6EFCE',
  'on-track': 'FFDDEBF7',
  'at-risk': 'FFFFEB9C',
  'off-track': 'FFFFC7CE',
  'no-data': 'FFEDEDED',
}

// A unit inside a number format must be quoted; a quote in the unit itself would end the literal.
const quotedUnit = (unit: string) => (unit ? `"${unit.replace(/"/g, '')}"` : '')
/** "0.0#"%"" or "#,##0.##"万核"": the number stays a number (sortable, summable), the unit shows beside it. */
export function unitFormat(measure: BulletinIndicatorRow['measure'], unit: string): string {
  if (measure === 'count') return `#,##0${quotedUnit(unit)}`
  return `#,##0.0#${quotedUnit(unit)}`
}

const STATUS_ORDER: IndicatorStatus[] = ['achieved', 'on-track', 'at-risk', 'off-track', 'no-data']

/** The monthly bulletin (月度通报) workbook: 概览, 指标明细, 逾期报送, 部门报送, 重点任务, 地区排名. */
export async function buildBulletin(
  input: BulletinInput,
  statusLabels: Record<IndicatorStatus, string>,
): Promise<Uint8Array> {
  const workbook = newWorkbook(input.generatedAt)
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
  const summaryCells = (r: BulletinSummaryRow) => [
    r.jurisdictionName,
    r.total,
    ...STATUS_ORDER.map((s) => r.byStatus[s]),
    r.binding,
    r.bindingOnTrack,
  ]
  for (const r of input.summary) addRow(summary, summaryCells(r), ['', ...summaryColumns.slice(1).map(() => '0')])
  if (input.summary.length > 1) {
    const total: BulletinSummaryRow = {
      jurisdictionName: '合计',
      total: sum(input.summary, (r) => r.total),
      byStatus: Object.fromEntries(STATUS_ORDER.map((s) => [s, sum(input.summary, (r) => r.byStatus[s])])) as Record<
        IndicatorStatus,
        number
      >,
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
      [
        r.jurisdictionName,
        r.leadDepartment,
        r.indicatorName,
        r.unit,
        r.natureLabel,
        r.targetLabel,
        r.latestValue,
        r.latestPeriodLabel ?? '',
        r.expected,
        r.gap,
        r.statusLabel,
        r.forecast,
      ],
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
  const overdue = addSheet(
    workbook,
    '逾期报送',
    `${heading}逾期未报`,
    `${subtitle}  截至 ${input.asOf} 已过报送期限仍未报送的统计期`,
    overdueColumns,
  )
  for (const r of input.overdue)
    addRow(
      overdue,
      [r.jurisdictionName, r.departmentName, r.indicatorName, r.periodLabel, r.dueDate, r.daysOverdue, r.stateLabel],
      [null, null, null, null, null, '0"天"'],
    )
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
  const departments = addSheet(
    workbook,
    '部门报送',
    `${heading}部门报送情况`,
    `${subtitle}  按时报送率 = 按时报送 / 应报`,
    departmentColumns,
  )
  input.departments.forEach((r, i) => {
    addRow(
      departments,
      [i + 1, r.departmentName, r.jurisdictionName, r.due, r.onTime, r.late, r.missing, r.rate],
      ['0', null, null, '0', '0', '0', '0', '0.0%'],
    )
  })
  finish(departments, departmentColumns.length)

  if (input.tasks) addTaskBulletinSheet(workbook, input.tasks, heading, subtitle)
  if (input.rankings?.length)
    addRankingBulletinSheet(workbook, input.rankings, heading, subtitle, STATUS_FILLS, (m, u) =>
      unitFormat(m as BulletinIndicatorRow['measure'], u),
    )

  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

const sum = <T>(rows: T[], pick: (r: T) => number) => rows.reduce((a, r) => a + pick(r), 0)
