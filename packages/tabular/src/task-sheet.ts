import { taskStageLabels, taskStages, type DepartmentRole, type TaskKind } from '@cockpit/contracts'
import { parsePeriod } from '@cockpit/domain'
import type ExcelJS from 'exceljs'
import type { HeaderSpec } from './header-spec.js'
import { periodLabel } from './period.js'
import { safeCellText } from './safe-cell-text.js'
import { addTitleAndNote, frozenSheet, PREFILLED_FILL, styleHeaderCell, THIN, TO_FILL_FILL } from './workbook.js'

/** The template's second sheet, and the name the reader looks for in an upload. */
export const TASK_SHEET_NAME = '任务进展'

/** One pre-filled row: a task or milestone the department leads or cooperates on, for the period now due. */
export interface TemplateTask {
  /** "<plan key>/<task key>", stable across re-seeding like indicator codes. */
  code: string
  kind: TaskKind
  /** The plan's own numbering, e.g. "(一)1". */
  number: string | null
  title: string
  /** The effective due date (YYYY-MM-DD). */
  dueDate: string
  role: DepartmentRole
  /** Canonical period key of the task's cadence ('2025-03', '2025-Q1', '2025'). */
  periodKey: string
}

/** The headers the 任务进展 sheet has; aliases cover what departments rename them to. */
export const taskSheetHeaders: HeaderSpec[] = [
  { field: 'task', aliases: ['任务编码', '任务代码', '节点编码', 'task'], required: true },
  { field: 'kind', aliases: ['类型', '任务类型'], required: false },
  { field: 'number', aliases: ['编号', '序号'], required: false },
  { field: 'title', aliases: ['任务名称', '任务或节点', '节点名称', '名称'], required: false },
  { field: 'dueDate', aliases: ['完成时限', '截止日期', '到期日'], required: false },
  { field: 'role', aliases: ['本单位角色', '角色', '牵头或配合'], required: false },
  { field: 'period', aliases: ['报告期', '统计期', '所属期', 'period'], required: true },
  { field: 'stage', aliases: ['进展阶段', '阶段', '进展状态', 'stage'], required: true },
  { field: 'percent', aliases: ['完成百分比', '完成比例', '完成进度', 'percent'], required: false },
  { field: 'progress', aliases: ['进展情况', '工作进展', 'progress'], required: true },
  { field: 'problems', aliases: ['存在问题', 'problems'], required: false },
  { field: 'nextSteps', aliases: ['下步计划', '下一步计划', 'nextSteps'], required: false },
  { field: 'reason', aliases: ['滞后或暂缓原因', '原因', 'reason'], required: false },
]

type Field =
  | 'task'
  | 'kind'
  | 'number'
  | 'title'
  | 'dueDate'
  | 'role'
  | 'period'
  | 'stage'
  | 'percent'
  | 'progress'
  | 'problems'
  | 'nextSteps'
  | 'reason'
const WRITTEN: readonly Field[] = [
  'task',
  'kind',
  'number',
  'title',
  'dueDate',
  'role',
  'period',
  'stage',
  'percent',
  'progress',
  'problems',
  'nextSteps',
  'reason',
]
const WIDTHS: Record<Field, number> = {
  task: 22,
  kind: 8,
  number: 10,
  title: 40,
  dueDate: 12,
  role: 10,
  period: 12,
  stage: 10,
  percent: 10,
  progress: 40,
  problems: 30,
  nextSteps: 30,
  reason: 24,
}
/** The columns the department fills (yellow); the others are pre-filled and read back only to find the task. */
const TO_FILL = new Set<Field>(['stage', 'percent', 'progress', 'problems', 'nextSteps', 'reason'])

const KIND_LABELS: Record<TaskKind, string> = { task: '任务', milestone: '节点' }
const ROLE_LABELS: Record<DepartmentRole, string> = { lead: '牵头', cooperating: '配合' }
const STAGE_LIST = taskStages.map((s) => taskStageLabels[s])

const HEADER_ROW = 3

export const TASK_SHEET_NOTE =
  '填写说明：1. 每行是本单位牵头或配合的一项任务或节点在本报告期的进展，只需填写黄色列，其余列已预填，请勿修改；' +
  `2. 「进展阶段」从下拉列表选择（${STAGE_LIST.join('、')}），选择“滞后”或“暂缓”时必须填写「滞后或暂缓原因」；` +
  '3. 「完成百分比」填 0–100 的整数，可不填，阶段为“已完成”时填 100 或不填；4. 「进展阶段」和「进展情况」都未填写的行视为本次不报送，不会提交；' +
  '5. 报送“已完成”不等于销号：任务或节点完成后，请由牵头单位在系统中申请销号，经审核后才记为完成。'

/**
 * Adds the 任务进展 sheet to a template workbook: one pre-filled row per (task, period due), a
 * drop-down of the stage labels and a whole-number check on percent, the same look as the 填报 sheet.
 */
export function addTaskSheet(
  workbook: ExcelJS.Workbook,
  input: { departmentName: string; generatedAt: string; tasks: TemplateTask[] },
): void {
  const sheet = frozenSheet(workbook, TASK_SHEET_NAME, HEADER_ROW)
  sheet.columns = WRITTEN.map((f) => ({ key: f, width: WIDTHS[f] }))
  const col = (f: Field) => WRITTEN.indexOf(f) + 1
  const last = WRITTEN.length

  addTitleAndNote(sheet, last, {
    title: `${input.departmentName} 重点任务进展填报`,
    note: `${TASK_SHEET_NOTE}（生成时间：${input.generatedAt}）`,
    noteHeight: 60,
  })

  WRITTEN.forEach((field, i) => {
    const spec = taskSheetHeaders.find((h) => h.field === field) as HeaderSpec
    const cell = sheet.getCell(HEADER_ROW, i + 1)
    cell.value = `${spec.aliases[0]}${spec.required ? '*' : ''}`
    styleHeaderCell(cell)
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
  })

  input.tasks.forEach((task, n) => {
    const r = HEADER_ROW + 1 + n
    const period = parsePeriod(task.periodKey)
    if (period === null) throw new RangeError(`task ${task.code}: ${task.periodKey} is not a period key`)
    const values: Partial<Record<Field, string>> = {
      task: task.code,
      kind: KIND_LABELS[task.kind],
      number: task.number ?? '',
      title: task.title,
      dueDate: task.dueDate,
      role: ROLE_LABELS[task.role],
      period: periodLabel(period),
    }
    for (const field of WRITTEN) {
      const cell = sheet.getCell(r, col(field))
      const v = values[field]
      if (v !== undefined && v !== '') cell.value = safeCellText(v)
      // Text, so Excel turns neither the period into a date nor "=…" typed in a remark into a formula.
      if (field !== 'percent') cell.numFmt = '@'
      cell.border = THIN
      cell.fill = TO_FILL.has(field) ? TO_FILL_FILL : PREFILLED_FILL
      if (TO_FILL.has(field) && field !== 'stage' && field !== 'percent')
        cell.alignment = { wrapText: true, vertical: 'top' }
    }
    sheet.getCell(r, col('stage')).dataValidation = {
      type: 'list',
      allowBlank: true,
      // A list typed inline: quoted, comma-separated (the labels hold no commas).
      formulae: [`"${STAGE_LIST.join(',')}"`],
      showInputMessage: true,
      showErrorMessage: true,
      errorStyle: 'stop',
      promptTitle: '进展阶段',
      prompt: '请从下拉列表选择；滞后、暂缓须填写原因',
      errorTitle: '进展阶段不符合要求',
      error: `请从下拉列表选择:${STAGE_LIST.join('、')}`,
    }
    sheet.getCell(r, col('percent')).dataValidation = {
      type: 'whole',
      operator: 'between',
      allowBlank: true,
      formulae: [0, 100],
      showInputMessage: true,
      showErrorMessage: true,
      errorStyle: 'stop',
      promptTitle: '完成百分比',
      prompt: '0 到 100 的整数，可不填',
      errorTitle: '完成百分比不符合要求',
      error: '请填写 0 到 100 的整数',
    }
  })
}
