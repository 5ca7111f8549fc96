import { z } from 'zod'
import { IsoDate } from './common.js'
import { MAX_ITEMS_PER_SUBMISSION, SubmitItem } from './submissions.js'
import { TaskProgressBody } from './tasks.js'

// 历史数据导入: an administrator loads what departments reported before the product was in use (and the
// demo loads the months before its calendar starts). Imported reports count as made on time: each takes
// its period's due date as its reported time (or the import's own time, when that is earlier).

const departmentId = z
  .number({ message: '部门编号应为正整数' })
  .int('部门编号应为正整数')
  .positive('部门编号应为正整数')
const taskId = z.number({ message: '任务编号应为正整数' }).int('任务编号应为正整数').positive('任务编号应为正整数')

/** POST /api/v1/admin/imports/values: one department's past values, processed like any submission (channel 'import'). */
export const ImportValuesBody = z.strictObject({
  /** The department that reported them: it must lead or cooperate on every indicator named. */
  departmentId,
  items: z
    .array(SubmitItem)
    .min(1, '至少导入一条数据')
    .max(MAX_ITEMS_PER_SUBMISSION, `一次最多导入${MAX_ITEMS_PER_SUBMISSION}条数据`),
})
export type ImportValuesBody = z.infer<typeof ImportValuesBody>

/** A past progress report: the body of POST /api/v1/tasks/{id}/progress, where period and departmentId are required. */
export const ImportTaskProgressItem = z.strictObject({ taskId, report: TaskProgressBody })
export type ImportTaskProgressItem = z.infer<typeof ImportTaskProgressItem>

/** A completion verified before go-live: stored as an approved claim of the lead department (销号 on completedOn). */
export const ImportTaskCompletionItem = z.strictObject({
  taskId,
  completedOn: IsoDate,
  note: z.string().trim().max(2000, '完成情况说明不超过2000字').optional(),
})
export type ImportTaskCompletionItem = z.infer<typeof ImportTaskCompletionItem>

export const MAX_TASK_IMPORT_ITEMS = 5000

/**
 * POST /api/v1/admin/imports/tasks: all or nothing, in one transaction. A report for a task, department
 * and period that already has one, and a completion of a task already complete or waiting for
 * verification, are skipped (an import fills gaps; it never revises), so the same import again changes nothing.
 */
export const ImportTasksBody = z
  .strictObject({
    progress: z
      .array(ImportTaskProgressItem)
      .max(MAX_TASK_IMPORT_ITEMS, `一次最多导入${MAX_TASK_IMPORT_ITEMS}条进展`)
      .default([]),
    completions: z
      .array(ImportTaskCompletionItem)
      .max(MAX_TASK_IMPORT_ITEMS, `一次最多导入${MAX_TASK_IMPORT_ITEMS}条销号记录`)
      .default([]),
  })
  .refine((b) => b.progress.length + b.completions.length > 0, '至少导入一条进展或销号记录')
export type ImportTasksBody = z.infer<typeof ImportTasksBody>

const ImportCount = z.object({ stored: z.number().int(), skipped: z.number().int() })
export const ImportTasksResult = z.object({ progress: ImportCount, completions: ImportCount })
export type ImportTasksResult = z.infer<typeof ImportTasksResult>
