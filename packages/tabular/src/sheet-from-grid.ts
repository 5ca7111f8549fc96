import { toHalfWidth } from './full-width.js'
import { columnLetter, isEmptyCell, type GridCell, type GridRow } from './grid.js'
import { displayName, matchHeader, type HeaderSpec } from './header-spec.js'

export interface UploadCell {
  /** string, number, boolean, Date or null; formulas are replaced by their cached result. */
  raw: unknown
  text: string
  percentFormatted: boolean
}

export interface UploadRow {
  /** The file's own row number, 1-based as Excel shows it. */
  row: number
  /** Keyed by HeaderSpec.field; every matched column is present, empty cells as raw null and text ''. */
  cells: Record<string, UploadCell>
}

export interface UploadSheet {
  /** The header row's texts as written (trimmed), left to right. */
  headers: string[]
  headerRow: number
  /** For each matched field, the header text in the file (without a * or (必填) marker), so messages name the column people see. */
  fieldHeaders: Record<string, string>
  rows: UploadRow[]
}

export type SheetBuild =
  | { ok: true; sheet: UploadSheet; warnings: string[] }
  // How many specs the best candidate header row matched: the reader tries several CSV delimiters
  // and reports the failure of the one that came closest.
  | { ok: false; message: string; closeness: number }

/** Title, subtitle and instructions sit above the header; further down it is not a header row. */
export const HEADER_SCAN_ROWS = 50

// "填表说明：…", "注：…", "注1." in the first filled cell of a row below the data.
const NOTE_RE = /^\**(?:填表说明|填报说明|填写说明|说明|附注|备注|注意事项|注)(?:\s*[:\d]|$)/

const EMPTY: UploadCell = { raw: null, text: '', percentFormatted: false }

/** Find the header row, map its columns to fields and collect the data rows below it. */
export function sheetFromGrid(grid: readonly GridRow[], specs: readonly HeaderSpec[], maxRows: number): SheetBuild {
  const located = locateHeader(grid, specs)
  if (!located.ok) return located
  const { index, columns } = located
  const headerGridRow = grid[index] as GridRow
  const headerRow = headerGridRow.row
  const warnings: string[] = []

  const fieldColumns = new Map<string, number>()
  for (const spec of specs) {
    const cols = columns.get(spec.field)
    const first = cols?.[0]
    if (cols === undefined || first === undefined) continue
    fieldColumns.set(spec.field, first)
    if (cols.length > 1) {
      warnings.push(
        `第${headerRow}行有多列可作为「${displayName(spec)}」(${cols.map((c) => `${columnLetter(c)}列`).join('、')}),已使用${columnLetter(first)}列`,
      )
    }
  }
  const headers = trimTrailingEmpty(headerGridRow.cells.map((c) => c.text))
  headers.forEach((h, col) => {
    if (h !== '' && matchHeader(h, specs) === undefined)
      warnings.push(`已忽略无法识别的列「${h}」(${columnLetter(col)}列)`)
  })
  const fieldHeaders: Record<string, string> = {}
  // Without the required-marker: messages read 「数值」列, not 「数值*」列.
  for (const [field, col] of fieldColumns)
    fieldHeaders[field] = (headers[col] ?? '').replace(/^[*＊\s]+|[*＊\s]+$|[(（]必填[)）]\s*$/g, '').trim()

  const rows: UploadRow[] = []
  for (const gridRow of grid.slice(index + 1)) {
    const firstFilled = gridRow.cells.find((c) => !isEmptyCell(c))
    if (firstFilled === undefined) continue
    if (NOTE_RE.test(toHalfWidth(firstFilled.text).replace(/\s+/g, ''))) {
      warnings.push(`第${gridRow.row}行起为填表说明等附注,已忽略`)
      break
    }
    const cells: Record<string, UploadCell> = {}
    let filled = false
    for (const [field, col] of fieldColumns) {
      const cell = dataCell(gridRow.cells[col], headerRow)
      cells[field] = cell
      if (cell.text !== '') filled = true
      if (gridRow.cells[col]?.uncachedFormula) {
        warnings.push(
          `第${gridRow.row}行「${fieldHeaders[field]}」列是公式,但文件中没有保存计算结果,已按空值处理(请在 Excel 中打开并保存后重新上传)`,
        )
      }
    }
    // A row with text only in unrecognised columns carries nothing to import.
    if (!filled) continue
    if (rows.length >= maxRows) {
      return {
        ok: false,
        message: `数据超过 ${maxRows} 行的上限,请拆分为多个文件分批上传`,
        closeness: Number.POSITIVE_INFINITY,
      }
    }
    rows.push({ row: gridRow.row, cells })
  }
  return { ok: true, sheet: { headers, headerRow, fieldHeaders, rows }, warnings }
}

// A header cell merged down into the first data row must not read as data.
function dataCell(cell: GridCell | undefined, headerRow: number): UploadCell {
  if (cell === undefined) return EMPTY
  if (cell.mergedFromRow !== undefined && cell.mergedFromRow <= headerRow) return EMPTY
  return { raw: cell.raw, text: cell.text, percentFormatted: cell.percentFormatted }
}

type Located =
  | { ok: true; index: number; columns: Map<string, number[]> }
  | { ok: false; message: string; closeness: number }

function locateHeader(grid: readonly GridRow[], specs: readonly HeaderSpec[]): Located {
  const required = specs.filter((s) => s.required)
  let best: { columns: Map<string, number[]>; score: number } | undefined
  for (const [index, gridRow] of grid.entries()) {
    if (gridRow.row > HEADER_SCAN_ROWS) break
    const columns = new Map<string, number[]>()
    gridRow.cells.forEach((cell, col) => {
      const spec = matchHeader(cell.text, specs)
      if (spec !== undefined) columns.set(spec.field, [...(columns.get(spec.field) ?? []), col])
    })
    const found = required.filter((s) => present(s, columns)).length
    if (columns.size > 0 && found === required.length) return { ok: true, index, columns }
    // Rank candidates by required columns found, then by any columns found.
    const score = found * 1000 + columns.size
    if (best === undefined || score > best.score) best = { columns, score }
  }
  const columns = best?.columns ?? new Map<string, number[]>()
  const missing = required.filter((s) => !present(s, columns))
  const message = missing
    .map((s) => {
      const alt = s.orField === undefined ? undefined : specs.find((o) => o.field === s.orField)
      if (alt === undefined) return `未找到必填列「${displayName(s)}」(可用列名: ${s.aliases.join('、')})`
      return `未找到必填列「${displayName(s)}」或「${displayName(alt)}」(可用列名: ${[...s.aliases, ...alt.aliases].join('、')})`
    })
    .join('; ')
  return {
    ok: false,
    message: message === '' ? `前 ${HEADER_SCAN_ROWS} 行中没有找到表头` : message,
    closeness: best?.score ?? -1,
  }
}

const present = (spec: HeaderSpec, columns: Map<string, number[]>): boolean =>
  columns.has(spec.field) || (spec.orField !== undefined && columns.has(spec.orField))

function trimTrailingEmpty(texts: string[]): string[] {
  let end = texts.length
  while (end > 0 && texts[end - 1] === '') end--
  return texts.slice(0, end)
}
