import { type SubmitValuesBody, SubmitItem } from '@cockpit/contracts'
import { readUpload, templateHeaders } from '@cockpit/tabular'

/** One item as it came in, before any interpretation; `row` is what error messages point at. */
export interface RawItem {
  row: number
  indicator: unknown
  jurisdiction: unknown
  period: unknown
  value: unknown
  percentFormatted: boolean
  note: unknown
  reason: unknown
  /** Checked against the department when the submission was received (JSON items only). */
  evidenceId?: string | undefined
}

export type RawItemsResult = { ok: true; items: RawItem[]; warnings: string[] } | { ok: false; message: string }

export function itemsFromPayload(payload: unknown): RawItemsResult {
  const items = (payload as SubmitValuesBody | null)?.items
  if (!Array.isArray(items)) return { ok: false, message: '提交内容缺少 items 数组' }
  return {
    ok: true,
    warnings: [],
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

export async function itemsFromFile(bytes: Uint8Array, fileName: string): Promise<RawItemsResult> {
  const read = await readUpload(bytes, fileName, { expectedHeaders: templateHeaders })
  if (!read.ok) return { ok: false, message: read.message }
  return {
    ok: true,
    warnings: read.warnings,
    items: read.sheet.rows.map((r) => ({
      row: r.row,
      indicator: r.cells.indicator?.text ?? '',
      jurisdiction: r.cells.jurisdiction?.text || undefined,
      period: r.cells.period?.raw ?? '',
      value: r.cells.value?.raw ?? '',
      percentFormatted: r.cells.value?.percentFormatted ?? false,
      note: r.cells.note?.text || undefined,
      reason: r.cells.reason?.text || undefined,
    })),
  }
}
