import type { SubmitValuesBody, SubmitItem } from '@cockpit/contracts'
import { TASK_SHEET_NAME, taskSheetHeaders, templateHeaders, type UploadReader } from '@cockpit/tabular'
import type { SubmissionErrorItem } from '@cockpit/db'

/** One item as it came in, before any interpretation; `row` is what error messages point at. */
export interface RawItem {
  row: number
  indicator: unknown
  jurisdiction: unknown
  /** A file's 指标名称 / 地区: matched by name (checkItems) when the row gives no code. */
  indicatorName?: string | undefined
  jurisdictionName?: string | undefined
  period: unknown
  value: unknown
  percentFormatted: boolean
  note: unknown
  reason: unknown
  /** Checked against the department when the submission was received (JSON items only). */
  evidenceId?: string | undefined
}

/** One filled-in row of the 任务进展 sheet, before any interpretation. */
export interface RawTaskRow {
  row: number
  task: string
  period: unknown
  stage: unknown
  percent: unknown
  percentFormatted: boolean
  progress: string
  problems: string
  nextSteps: string
  reason: string
}

export type RawItemsResult =
  | {
      ok: true
      items: RawItem[]
      /** Rows of the 任务进展 sheet that carry a report (empty for JSON and CSV). */
      tasks: RawTaskRow[]
      /** A 任务进展 sheet that could not be read (its header), reported beside the indicator rows. */
      taskSheetErrors: SubmissionErrorItem[]
      warnings: string[]
    }
  | { ok: false; message: string }

export function itemsFromPayload(payload: unknown): RawItemsResult {
  const items = (payload as SubmitValuesBody | null)?.items
  if (!Array.isArray(items)) return { ok: false, message: '提交内容缺少 items 数组' }
  return {
    ok: true,
    warnings: [],
    tasks: [],
    taskSheetErrors: [],
    items: items.map((it: SubmitItem, n) => ({
      row: n + 1,
      indicator: it.indicator,
      jurisdiction: it.jurisdiction,
      period: it.period,
      value: it.value,
      percentFormatted: false,
      note: it.note,
      reason: it.reason,
      evidenceId: it.evidenceId,
    })),
  }
}

/** `readUpload` is the process's parse pool: reading a whole file must not stall the event loop. */
export async function itemsFromFile(
  bytes: Uint8Array,
  fileName: string,
  readUpload: UploadReader,
): Promise<RawItemsResult> {
  const read = await readUpload(bytes, fileName, {
    expectedHeaders: templateHeaders,
    namedSheets: [{ name: TASK_SHEET_NAME, expectedHeaders: taskSheetHeaders }],
  })
  if (!read.ok) return { ok: false, message: read.message }
  const warnings = [...read.warnings]
  const taskSheet = read.named[TASK_SHEET_NAME]
  const tasks: RawTaskRow[] = []
  const taskSheetErrors: SubmissionErrorItem[] = []
  if (taskSheet && !taskSheet.ok)
    taskSheetErrors.push({
      row: 0,
      column: null,
      code: 'unreadable',
      message: taskSheet.message,
      sheet: TASK_SHEET_NAME,
    })
  if (taskSheet?.ok) {
    warnings.push(...taskSheet.warnings)
    let blank = 0
    for (const r of taskSheet.sheet.rows) {
      const c = r.cells
      const text = (f: string) => c[f]?.text ?? ''
      // The template lists every task with a report due; a row left as downloaded is not a report.
      if (['stage', 'percent', 'progress', 'problems', 'nextSteps', 'reason'].every((f) => text(f) === '')) {
        blank++
        continue
      }
      tasks.push({
        row: r.row,
        task: text('task'),
        period: c.period?.raw ?? '',
        stage: c.stage?.raw ?? '',
        percent: c.percent?.raw ?? null,
        percentFormatted: c.percent?.percentFormatted ?? false,
        progress: text('progress'),
        problems: text('problems'),
        nextSteps: text('nextSteps'),
        reason: text('reason'),
      })
    }
    if (blank > 0) warnings.push(`工作表「${TASK_SHEET_NAME}」:${blank}行未填写进展阶段和进展情况等内容,本次不报送`)
  }
  return {
    ok: true,
    warnings,
    tasks,
    taskSheetErrors,
    items: read.sheet.rows.map((r) => ({
      row: r.row,
      indicator: r.cells.indicator?.text ?? '',
      jurisdiction: r.cells.jurisdiction?.text || undefined,
      indicatorName: r.cells.indicatorName?.text || undefined,
      jurisdictionName: r.cells.jurisdictionName?.text || undefined,
      period: r.cells.period?.raw ?? '',
      value: r.cells.value?.raw ?? '',
      percentFormatted: r.cells.value?.percentFormatted ?? false,
      note: r.cells.note?.text || undefined,
      reason: r.cells.reason?.text || undefined,
    })),
  }
}
