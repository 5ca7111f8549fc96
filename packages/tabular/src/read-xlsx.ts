import ExcelJS from 'exceljs'
import { shiftDecimal } from './decimal-shift.js'
import type { GridCell, GridRow } from './grid.js'

/** A visible sheet the values may be on, its rows read only when asked for. */
export interface XlsxSheet {
  name: string
  rows(): GridRow[]
  /** Hidden sheets between the previous visible candidate and this one (skipped, and said so). */
  hiddenBefore: string[]
}

export type XlsxGrid =
  | {
      ok: true
      /** The visible sheets other than the named ones, in the workbook's order; empty when it holds only named sheets. */
      sheets: XlsxSheet[]
      /** Rows of each visible sheet asked for by name (absent when the workbook has no such sheet). */
      named: Record<string, GridRow[]>
    }
  | { ok: false; message: string }

/**
 * The visible worksheets in order, and any visible sheets asked for by name. Hidden sheets are skipped
 * because people hide lookup lists and old versions there; the caller picks the first visible sheet
 * that has the columns it needs (a department's workbook may open on an instructions sheet).
 */
export async function xlsxGrid(bytes: Uint8Array, opts: { namedSheets?: readonly string[] } = {}): Promise<XlsxGrid> {
  const workbook = new ExcelJS.Workbook()
  try {
    // exceljs's typings predate Buffer's generic parameter; the runtime accepts any Buffer.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer)
  } catch {
    return { ok: false, message: 'Excel 文件已损坏或格式不正确,无法读取,请用 Excel 重新另存为 .xlsx 或 CSV 后上传' }
  }
  const names = new Set(opts.namedSheets ?? [])
  const all = workbook.worksheets
  const visible = (ws: ExcelJS.Worksheet) => ws.state === undefined || ws.state === 'visible'
  const named: Record<string, GridRow[]> = {}
  for (const ws of all)
    if (visible(ws) && names.has(ws.name.trim()) && !(ws.name.trim() in named)) named[ws.name.trim()] = sheetRows(ws)
  // A .docx or any other zip loads as a workbook without sheets.
  if (all.length === 0) return { ok: false, message: '文件不是 Excel 工作簿(其中没有工作表),请上传 .xlsx 或 CSV 文件' }
  const sheets: XlsxSheet[] = []
  let hidden: string[] = []
  for (const ws of all.filter((w) => !names.has(w.name.trim()))) {
    if (!visible(ws)) {
      hidden.push(ws.name)
      continue
    }
    sheets.push({ name: ws.name, rows: () => sheetRows(ws), hiddenBefore: hidden })
    hidden = []
  }
  // Only a named sheet was kept (a department with tasks to report and no indicator rows): nothing else to read.
  if (sheets.length === 0 && Object.keys(named).length === 0)
    return { ok: false, message: '工作簿中的工作表都已隐藏,请取消隐藏要上传的工作表后重新保存' }
  return { ok: true, sheets, named }
}

function sheetRows(sheet: ExcelJS.Worksheet): GridRow[] {
  const rows: GridRow[] = []
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: GridCell[] = []
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = gridCell(cell)
    })
    // Fill any hole so column indexes stay aligned with the header row.
    rows.push({
      row: row.number,
      cells: Array.from(cells, (c) => c ?? { raw: null, text: '', percentFormatted: false }),
    })
  })
  return rows
}

type Primitive = string | number | boolean | Date | null

function gridCell(cell: ExcelJS.Cell): GridCell {
  const master = cell.isMerged ? cell.master : cell
  const { raw, uncachedFormula } = resolve(cell.value)
  const numFmt = cell.numFmt ?? master.numFmt
  const percentFormatted = typeof raw === 'number' && isPercentFormat(numFmt)
  const out: GridCell = { raw, text: textOf(raw, percentFormatted), percentFormatted }
  if (master.address !== cell.address) out.mergedFromRow = Number(master.row)
  if (uncachedFormula) out.uncachedFormula = true
  return out
}

/** Rich text, hyperlinks, formulas (their cached result, never evaluated) and errors to one primitive. */
function resolve(value: ExcelJS.CellValue): { raw: Primitive; uncachedFormula: boolean } {
  if (value === null || value === undefined) return { raw: null, uncachedFormula: false }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) {
    return { raw: value, uncachedFormula: false }
  }
  if ('richText' in value) return { raw: value.richText.map((r) => r.text).join(''), uncachedFormula: false }
  if ('hyperlink' in value) {
    // The displayed text may itself be rich text.
    const text: unknown = value.text
    if (typeof text === 'object' && text !== null && 'richText' in text)
      return resolve(text as ExcelJS.CellRichTextValue)
    return { raw: typeof text === 'string' ? text : null, uncachedFormula: false }
  }
  if ('formula' in value || 'sharedFormula' in value) {
    if (value.result === undefined || value.result === null) return { raw: null, uncachedFormula: true }
    return resolve(value.result)
  }
  if ('error' in value) return { raw: value.error, uncachedFormula: false }
  return { raw: null, uncachedFormula: false }
}

/**
 * Whether a number format displays the value × 100 with a % sign. A % inside quotes or escaped
 * (0"%", 0\%) is a literal character and the stored number is already the percentage.
 */
export function isPercentFormat(numFmt: string | undefined): boolean {
  if (numFmt === undefined) return false
  const bare = numFmt
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
  return bare.includes('%')
}

function textOf(raw: Primitive, percentFormatted: boolean): string {
  if (raw === null) return ''
  if (typeof raw === 'string') return raw.trim()
  if (typeof raw === 'boolean') return raw ? 'TRUE' : 'FALSE'
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? '' : raw.toISOString().slice(0, 10)
  if (percentFormatted) return `${shiftDecimal(raw, 2)}%`
  return String(raw)
}
