import { type SubmissionPreview, taskStageLabels } from '@cockpit/contracts'
import { parsePeriod } from '@cockpit/domain'
import { periodLabel, type UploadReader } from '@cockpit/tabular'
import type { ServiceContext } from '../../kernel/context.js'
import { checkItems } from '../ingest/check-items.js'
import { checkTaskRows } from '../ingest/check-task-rows.js'
import { itemsFromFile } from '../ingest/raw-items.js'
import { assertCanSubmit } from '../../kernel/submitter.js'

/**
 * A dry run of an upload: reads and checks the file exactly as the worker would (same reader, same
 * per-row checks for values and for the 任务进展 sheet, same "unchanged" rules) and reports the outcome
 * row by row, storing nothing and auditing nothing (no data changes). The department is the caller's,
 * as for the real upload.
 */
export async function previewUpload(
  ctx: ServiceContext,
  file: { bytes: Uint8Array; name: string },
  opts: { allOrNothing?: boolean; readUpload: UploadReader },
): Promise<SubmissionPreview> {
  const { db, principal, asOf } = ctx
  assertCanSubmit(principal)
  const raw = await itemsFromFile(file.bytes, file.name, opts.readUpload)
  if (!raw.ok) {
    return {
      fileName: file.name,
      itemCount: 0,
      newCount: 0,
      unchangedCount: 0,
      rejectedCount: 0,
      rows: [],
      taskRows: [],
      tasks: { itemCount: 0, newCount: 0, unchangedCount: 0, rejectedCount: 0 },
      matches: [],
      errors: [{ row: 0, column: null, code: 'unreadable', message: raw.message }],
      warnings: [],
    }
  }
  const departmentId = principal.role === 'admin' ? null : principal.departmentId
  const tasks = await checkTaskRows(db, raw.tasks, { departmentId, asOf })
  const checked = await checkItems(db, raw.items, {
    departmentId,
    asOf,
    fromFile: true,
    allOrNothing: opts.allOrNothing ?? false,
    otherErrors: [...raw.taskSheetErrors, ...tasks.errors],
  })
  const fresh = new Set(checked.toWrite.map((v) => v.row))
  const byId = new Map([...checked.indicators.values()].map((i) => [i.id, i]))
  // Under all-or-nothing with errors nothing would be stored: no row is listed as accepted, the errors say why.
  const refused = (opts.allOrNothing ?? false) && checked.errors.length > 0
  const rows = (refused ? [] : checked.valid).map((v) => {
    const ind = byId.get(v.indicatorId)!
    const period = parsePeriod(v.periodKey)
    return {
      row: v.row,
      indicatorId: v.indicatorId,
      indicatorCode: ind.code,
      indicatorName: ind.name,
      unit: ind.unit,
      jurisdictionCode: v.jurisdictionCode,
      periodKey: v.periodKey,
      periodLabel: period ? periodLabel(period) : v.periodKey,
      value: v.value,
      note: v.note,
      outcome: fresh.has(v.row) ? ('new' as const) : ('unchanged' as const),
      needsReview: ind.requiresReview,
    }
  })
  const freshTasks = new Set(tasks.toWrite.map((v) => v.row))
  const taskRows = (refused ? [] : tasks.valid).map((v) => ({
    row: v.row,
    taskId: v.taskId,
    taskCode: v.taskCode,
    kind: v.kind,
    number: v.number,
    title: v.title,
    role: v.role,
    periodKey: v.period.key,
    periodLabel: periodLabel(v.period),
    stage: v.body.stage,
    stageLabel: taskStageLabels[v.body.stage],
    percent: v.body.percent ?? null,
    outcome: freshTasks.has(v.row) ? ('new' as const) : ('unchanged' as const),
  }))
  const taskCounts = {
    itemCount: raw.tasks.length,
    newCount: refused ? 0 : tasks.toWrite.length,
    unchangedCount: refused ? 0 : tasks.unchanged,
    rejectedCount: refused ? raw.tasks.length : raw.tasks.length - tasks.toWrite.length - tasks.unchanged,
  }
  // As the stored submission counts them: the value rows and the 任务进展 rows together.
  const newCount = checked.toWrite.length + taskCounts.newCount
  const unchangedCount = checked.unchanged + taskCounts.unchangedCount
  const itemCount = raw.items.length + raw.tasks.length
  return {
    fileName: file.name,
    itemCount,
    newCount,
    unchangedCount,
    rejectedCount: itemCount - newCount - unchangedCount,
    rows,
    taskRows,
    tasks: taskCounts,
    matches: checked.matches,
    errors: checked.errors,
    warnings: raw.warnings,
  }
}
