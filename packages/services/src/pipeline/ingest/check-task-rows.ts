import { type DepartmentRole, type TaskKind, TaskProgressBody } from '@cockpit/contracts'
import type { Database, SubmissionErrorItem } from '@cockpit/db'
import { parsePeriod, type Period } from '@cockpit/domain'
import { parsePercentText, parsePeriodText, parseStageText, periodLabel, TASK_SHEET_NAME } from '@cockpit/tabular'
import type { Kysely } from 'kysely'
import { ServiceError } from '../../kernel/errors.js'
import { cadenceOf, taskQuery, type TaskQueryRow } from '../../tasks/read.js'
import { resolveTaskPeriod } from '../../tasks/periods.js'
import type { RawTaskRow } from './raw-items.js'

/** The column each field is read from, as the template names it (messages point there). */
export const taskColumns = {
  task: '任务编码',
  period: '报告期',
  stage: '进展阶段',
  percent: '完成百分比',
  progress: '进展情况',
  problems: '存在问题',
  nextSteps: '下步计划',
  reason: '滞后或暂缓原因',
} as const

/** A row that passed every check: the body the progress service takes, and what the preview shows. */
export interface ValidTaskRow {
  row: number
  taskId: number
  taskCode: string
  kind: TaskKind
  number: string | null
  title: string
  role: DepartmentRole
  period: Period
  body: TaskProgressBody & { period: string }
}

export interface CheckedTaskRows {
  valid: ValidTaskRow[]
  errors: SubmissionErrorItem[]
  /** The valid rows that would become new revisions. */
  toWrite: ValidTaskRow[]
  /** Valid rows equal to the department's report in force for that task and period. */
  unchanged: number
}

/** The Idempotency-Key a row of a stored upload is reported under: a retried commit replays it. */
export const uploadRowKey = (submissionId: string, row: number) => `upload:${submissionId}:row:${row}`

/**
 * Every per-row decision about the 任务进展 sheet, writing nothing: which task (by code or id), whether
 * the department leads or cooperates on it, the period (its task's cadence, begun, within the plan),
 * stage, percent and texts by the very schema the JSON API applies, duplicates, and whether the row
 * only repeats the report in force. The upload preview shows the outcome; the ingest worker writes it.
 */
export async function checkTaskRows(
  db: Kysely<Database>,
  rows: RawTaskRow[],
  ctx: { departmentId: number | null; asOf: string; submissionId?: string },
): Promise<CheckedTaskRows> {
  const errors: SubmissionErrorItem[] = []
  const valid: ValidTaskRow[] = []
  if (rows.length === 0) return { valid, errors, toWrite: [], unchanged: 0 }
  const fail = (row: number, field: keyof typeof taskColumns | null, code: string, message: string) =>
    errors.push({ row, column: field ? taskColumns[field] : null, code, message, sheet: TASK_SHEET_NAME })

  const tasks = await resolveTasks(
    db,
    rows.map((r) => r.task),
  )
  const roles =
    ctx.departmentId === null
      ? new Map<number, DepartmentRole>()
      : await linkedRoles(db, ctx.departmentId, [...new Set([...tasks.values()].map((t) => t.id))])
  const seen = new Map<string, number>()

  for (const r of rows) {
    const ref = taskRef(r.task)
    if (ref === null) {
      fail(
        r.row,
        'task',
        'bad_task',
        `任务编码「${r.task}」格式不对,应为「规划标识/任务标识」(模板中已预填)或任务的数字编号`,
      )
      continue
    }
    const task = tasks.get(ref)
    if (!task) {
      fail(r.row, 'task', 'unknown_task', `任务「${ref}」不存在`)
      continue
    }
    if (ctx.departmentId === null) {
      // An administrator's upload has no department; the API (departmentId in the body) reports on a department's behalf.
      fail(
        r.row,
        'task',
        'no_department',
        '管理员上传的文件无法确定代哪个部门报送任务进展,请由责任单位上传,或通过接口代报并指明部门',
      )
      continue
    }
    const role = roles.get(task.id)
    if (!role) {
      fail(r.row, 'task', 'not_linked', `本单位不是任务「${task.title}」的牵头或配合单位,无权报送其进展`)
      continue
    }
    const period = checkPeriod(r.period, task, ctx.asOf)
    if (!period.ok) {
      fail(r.row, 'period', 'bad_period', period.message)
      continue
    }
    const stage = parseStageText(r.stage)
    if (!stage.ok) {
      fail(r.row, 'stage', 'bad_stage', stage.message)
      continue
    }
    const percent = parsePercentText(r.percent, { percentFormatted: r.percentFormatted })
    if (!percent.ok) {
      fail(r.row, 'percent', 'bad_percent', percent.message)
      continue
    }
    const parsed = TaskProgressBody.safeParse({
      period: period.period.key,
      stage: stage.stage,
      percent: percent.percent,
      progress: r.progress,
      problems: r.problems || undefined,
      nextSteps: r.nextSteps || undefined,
      reason: r.reason || undefined,
    })
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      const field = (issue.path[0] ?? 'progress') as keyof typeof taskColumns
      fail(r.row, field in taskColumns ? field : null, bodyIssueCode(field, r), issue.message)
      continue
    }
    const dupKey = `${task.id}|${period.period.key}`
    const first = seen.get(dupKey)
    if (first !== undefined) {
      fail(r.row, 'period', 'duplicate_row', `与第${first}行重复(同一任务、报告期)`)
      continue
    }
    seen.set(dupKey, r.row)
    valid.push({
      row: r.row,
      taskId: task.id,
      taskCode: `${task.plan_key}/${task.key}`,
      kind: task.kind,
      number: task.number,
      title: task.title,
      role,
      period: period.period,
      body: { ...parsed.data, period: period.period.key },
    })
  }

  const current = ctx.departmentId === null ? new Map() : await reportsInForce(db, ctx.departmentId, valid)
  const toWrite: ValidTaskRow[] = []
  let unchanged = 0
  for (const v of valid) {
    const prev = current.get(`${v.taskId}|${v.period.key}`)
    // Sending the report in force again is not a new revision: a re-upload of the same file changes
    // nothing. A revision this very submission stored (a retried commit) is written again: it replays.
    const ownRetry =
      prev !== undefined &&
      ctx.submissionId !== undefined &&
      prev.idempotency_key === uploadRowKey(ctx.submissionId, v.row)
    if (prev !== undefined && !ownRetry && sameReport(prev, v.body)) unchanged++
    else toWrite.push(v)
  }
  return { valid, errors, toWrite, unchanged }
}

function bodyIssueCode(field: string, r: RawTaskRow): string {
  if (field === 'reason') return r.reason === '' ? 'missing_reason' : 'text_too_long'
  if (field === 'progress') return r.progress === '' ? 'missing_progress' : 'text_too_long'
  if (field === 'percent') return 'bad_percent'
  if (field === 'problems' || field === 'nextSteps') return 'text_too_long'
  return 'bad_row'
}

function taskRef(text: string): number | string | null {
  const t = text.trim()
  if (/^\d+$/.test(t)) return Number(t)
  return /^[a-z0-9-]+\/[a-z0-9-]+$/.test(t) ? t : null
}

/** The rows' tasks, keyed both by id and by code ("<plan key>/<task key>"). */
async function resolveTasks(db: Kysely<Database>, refs: string[]): Promise<Map<number | string, TaskQueryRow>> {
  const parsed = refs.map(taskRef).filter((r): r is number | string => r !== null)
  const ids = [...new Set(parsed.filter((r): r is number => typeof r === 'number'))]
  const codes = [...new Set(parsed.filter((r): r is string => typeof r === 'string'))]
  if (ids.length === 0 && codes.length === 0) return new Map()
  const plans = [...new Set(codes.map((c) => c.split('/')[0]!))]
  const rows = await taskQuery(db)
    .where((eb) => {
      const or = []
      if (ids.length) or.push(eb('t.id', 'in', ids))
      if (plans.length) or.push(eb('p.key', 'in', plans))
      return eb.or(or)
    })
    .execute()
  const out = new Map<number | string, TaskQueryRow>()
  const wanted = new Set<number | string>([...ids, ...codes])
  for (const t of rows) {
    if (wanted.has(t.id)) out.set(t.id, t)
    const code = `${t.plan_key}/${t.key}`
    if (wanted.has(code)) out.set(code, t)
  }
  return out
}

async function linkedRoles(
  db: Kysely<Database>,
  departmentId: number,
  taskIds: number[],
): Promise<Map<number, DepartmentRole>> {
  if (taskIds.length === 0) return new Map()
  const links = await db
    .selectFrom('task_departments')
    .select(['task_id', 'role'])
    .where('department_id', '=', departmentId)
    .where('task_id', 'in', taskIds)
    .execute()
  return new Map(links.map((l) => [l.task_id, l.role]))
}

type PeriodCheck = { ok: true; period: Period } | { ok: false; message: string }

/** The row's period: a period of the task's cadence, then the progress service's own rule (begun, within the plan). */
function checkPeriod(raw: unknown, task: TaskQueryRow, asOf: string): PeriodCheck {
  const cadence = cadenceOf(task)
  // The shared reader speaks of an indicator's 统计期; this column is the task's 报告期.
  const p = parsePeriodText(raw, cadence)
  if (!p.ok) return { ok: false, message: p.message.replaceAll('统计期', '报告期').replace('该指标', '该任务') }
  try {
    return {
      ok: true,
      period: resolveTaskPeriod(
        p.key,
        { cadence, startYear: task.plan_start_year, endYear: task.plan_end_year, completedOn: task.completed_on },
        asOf,
      ),
    }
  } catch (err) {
    if (!(err instanceof ServiceError)) throw err
    const period = parsePeriod(p.key)
    // The service words it for a JSON body ("请求体 period: …"); a sheet row names its column instead.
    const why = err.message.replace(/^请求体 period: /, '')
    return { ok: false, message: period ? why.replaceAll(period.key, periodLabel(period)) : why }
  }
}

interface InForce {
  stage: string
  percent: number | null
  progress: string
  problems: string | null
  next_steps: string | null
  reason: string | null
  idempotency_key: string | null
}

/** The department's revision in force (the newest id) for each (task, period) among the rows. */
async function reportsInForce(
  db: Kysely<Database>,
  departmentId: number,
  rows: ValidTaskRow[],
): Promise<Map<string, InForce>> {
  const out = new Map<string, InForce>()
  if (rows.length === 0) return out
  const found = await db
    .selectFrom('task_progress')
    .select([
      'id',
      'task_id',
      'period_key',
      'stage',
      'percent',
      'progress',
      'problems',
      'next_steps',
      'reason',
      'idempotency_key',
    ])
    .where('department_id', '=', departmentId)
    .where('task_id', 'in', [...new Set(rows.map((r) => r.taskId))])
    .where('period_key', 'in', [...new Set(rows.map((r) => r.period.key))])
    .orderBy('id')
    .execute()
  for (const r of found) out.set(`${r.task_id}|${r.period_key}`, r)
  return out
}

const sameReport = (prev: InForce, body: TaskProgressBody): boolean =>
  prev.stage === body.stage &&
  prev.percent === (body.percent ?? null) &&
  prev.progress === body.progress &&
  prev.problems === (body.problems || null) &&
  prev.next_steps === (body.nextSteps || null) &&
  prev.reason === (body.reason || null)
