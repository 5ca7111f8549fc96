import type ExcelJS from 'exceljs'
import { addHeaderRow, addRow, addSheet, type Column, TOTAL_FILL } from './bulletin-sheet.js'
import { safeCellText } from './safe-cell-text.js'

/** Counts of a group of tasks and milestones, as of the bulletin's month end. */
export interface BulletinTaskCounts {
  total: number
  /** Verified complete (销号), on time or late. */
  completed: number
  /** Verified complete by the due date. */
  onTime: number
  /** Past the due date and not verified complete (a task with an overdue milestone included). */
  overdue: number
  /** onTime / items due by the month end; null when nothing was due yet. */
  onTimeRate: number | null
}

export interface BulletinTaskPillarRow extends BulletinTaskCounts {
  jurisdictionName: string
  planTitle: string
  pillarName: string
}

export interface BulletinTaskDepartmentRow extends BulletinTaskCounts {
  jurisdictionName: string
  departmentName: string
}

export interface BulletinTaskOverdueRow {
  jurisdictionName: string
  leadDepartment: string
  title: string
  number: string
  kindLabel: string
  dueDate: string
  daysOverdue: number
  /** The stage of the report that speaks for it ('' before any). */
  latestStage: string
  planTitle: string
}

export interface BulletinTasks {
  overall: BulletinTaskCounts
  byPillar: BulletinTaskPillarRow[]
  byDepartment: BulletinTaskDepartmentRow[]
  /** Most days overdue first. */
  overdue: BulletinTaskOverdueRow[]
}

export const TASK_BULLETIN_SHEET = '重点任务'

// One sheet, three tables: the columns line up so each table's wide text falls in a wide column
// (A 行政区划, B 规划/牵头单位, C 板块/任务, I 规划 of an overdue item).
const COLUMNS: Column[] = [
  { header: '行政区划', width: 12 },
  { header: '', width: 24 },
  { header: '', width: 34 },
  { header: '', width: 10 },
  { header: '', width: 10 },
  { header: '', width: 12 },
  { header: '', width: 11 },
  { header: '', width: 12 },
  { header: '', width: 28 },
]
const COUNT_HEADERS = ['任务和节点数', '已完成(已销号)', '其中按期完成', '逾期未完成', '按期完成率']
const COUNT_FORMATS = ['0', '0', '0', '0', '0.0%']

const counts = (c: BulletinTaskCounts) => [c.total, c.completed, c.onTime, c.overdue, c.onTimeRate]

function section(sheet: ExcelJS.Worksheet, title: string) {
  if (sheet.rowCount > 2) sheet.addRow([])
  const row = sheet.addRow([safeCellText(title)])
  row.getCell(1).font = { bold: true, size: 12 }
  sheet.mergeCells(row.number, 1, row.number, COLUMNS.length)
  row.height = 22
}

/**
 * The 重点任务 sheet: completion by pillar (with a total) and by lead department, then every item
 * overdue at the month end with its days overdue and lead department. The overdue list is the
 * sheet's filterable table; the title rows are frozen and repeated on printed pages.
 */
export function addTaskBulletinSheet(
  workbook: ExcelJS.Workbook,
  tasks: BulletinTasks,
  heading: string,
  subtitle: string,
): void {
  const sheet = addSheet(
    workbook,
    TASK_BULLETIN_SHEET,
    `${heading}重点任务督办情况`,
    `${subtitle}  完成 = 经审核销号;按期完成率 = 按期完成 / 截至月末已到期`,
    COLUMNS,
    { header: false },
  )

  section(sheet, '一、按板块')
  addHeaderRow(sheet, ['行政区划', '规划', '板块', ...COUNT_HEADERS])
  for (const r of tasks.byPillar)
    addRow(sheet, [r.jurisdictionName, r.planTitle, r.pillarName, ...counts(r)], [null, null, null, ...COUNT_FORMATS])
  const total = addRow(sheet, ['合计', '', '', ...counts(tasks.overall)], [null, null, null, ...COUNT_FORMATS])
  total.eachCell((c) => {
    c.font = { bold: true }
    c.fill = TOTAL_FILL
  })

  section(sheet, '二、按牵头单位(一项任务有多个牵头单位时分别计入)')
  addHeaderRow(sheet, ['行政区划', '牵头单位', '', ...COUNT_HEADERS])
  for (const r of tasks.byDepartment) {
    const row = addRow(
      sheet,
      [r.jurisdictionName, r.departmentName, '', ...counts(r)],
      [null, null, null, ...COUNT_FORMATS],
    )
    sheet.mergeCells(row.number, 2, row.number, 3)
  }

  section(sheet, `三、逾期未完成(${tasks.overdue.length}项,按逾期天数排列)`)
  const header = addHeaderRow(sheet, [
    '行政区划',
    '牵头单位',
    '任务或节点',
    '编号',
    '类型',
    '完成时限',
    '逾期天数',
    '最新进展',
    '规划',
  ])
  for (const r of tasks.overdue)
    addRow(
      sheet,
      [
        r.jurisdictionName,
        r.leadDepartment,
        r.title,
        r.number,
        r.kindLabel,
        r.dueDate,
        r.daysOverdue,
        r.latestStage,
        r.planTitle,
      ],
      [null, null, null, null, null, null, '0"天"'],
    )
  const lastRow = Math.max(sheet.rowCount, header.number)
  sheet.autoFilter = { from: { row: header.number, column: 1 }, to: { row: lastRow, column: COLUMNS.length } }
  sheet.pageSetup.printArea = `A1:${sheet.getColumn(COLUMNS.length).letter}${lastRow}`
}
