import { decodeText } from './decode-text.js'
import type { HeaderSpec } from './header-spec.js'
import { csvGrid } from './read-csv.js'
import { type XlsxSheet, xlsxGrid } from './read-xlsx.js'
import { HEADER_SCAN_ROWS, sheetFromGrid, type SheetBuild, type UploadSheet } from './sheet-from-grid.js'
import { extensionOf, sniffKind } from './sniff.js'
import { checkXlsxArchive } from './xlsx-archive.js'

export type { HeaderSpec } from './header-spec.js'
export type { UploadCell, UploadRow, UploadSheet } from './sheet-from-grid.js'

/** A sheet read by name beside the main one: its rows, or why its header could not be read. */
export type NamedSheetRead = { ok: true; sheet: UploadSheet; warnings: string[] } | { ok: false; message: string }

export type ReadUploadResult =
  | {
      ok: true
      sheet: UploadSheet
      warnings: string[]
      /** The named sheets the workbook has (never for CSV), keyed by name. */
      named: Record<string, NamedSheetRead>
    }
  | { ok: false; message: string }

export interface ReadUploadOptions {
  expectedHeaders: HeaderSpec[]
  /** Default 10 MB. */
  maxBytes?: number
  /** Data rows (blank rows and notes not counted); default 50 000. */
  maxRows?: number
  /**
   * Sheets of an .xlsx read by name with their own headers (the template's 任务进展); the main sheet
   * is then the first visible sheet of another name. A workbook without them reads exactly as before.
   */
  namedSheets?: { name: string; expectedHeaders: HeaderSpec[] }[]
  /** Cells in all sheets of a workbook; default 2 000 000. */
  maxCells?: number
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024
export const DEFAULT_MAX_ROWS = 50_000

// Comma first; European-locale Excel saves "CSV" with semicolons, "Unicode 文本" uses tabs, and some
// hand-typed files use the full-width comma.
const DELIMITERS = [',', ';', '\t', '，'] as const
/** Filled CSV records beyond the data rows a file may carry: titles above the header and notes below. */
const CSV_ROW_SLACK = 1000

const fail = (message: string): ReadUploadResult => ({ ok: false, message })
const EMPTY_SHEET: UploadSheet = { headers: [], headerRow: 0, fieldHeaders: {}, rows: [] }

/**
 * Read an uploaded spreadsheet into rows keyed by field, with the file's own row numbers. The
 * format is decided by content: zip → xlsx, OLE → old .xls (rejected), anything else must be text
 * (CSV in UTF-8, GBK/GB18030 or UTF-16).
 */
export async function readUpload(
  bytes: Uint8Array,
  filename: string,
  opts: ReadUploadOptions,
): Promise<ReadUploadResult> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS
  if (bytes.length === 0) return fail('文件为空')
  if (bytes.length > maxBytes) {
    return fail(`文件大小为 ${formatSize(bytes.length)},超过上限(${formatSize(maxBytes)}),请删除无关内容或拆分后上传`)
  }
  const ext = extensionOf(filename)
  const kind = sniffKind(bytes)

  if (kind === 'ole') {
    // Excel stores a password-protected .xlsx in the old OLE container, so the name tells the two apart.
    if (ext === 'xlsx' || ext === 'xlsm')
      return fail('文件设置了打开密码(已加密),无法读取,请取消密码后另存为 .xlsx 或 CSV 再上传')
    return fail('这是旧版 Excel 97-2003 工作簿(.xls),无法读取,请另存为 .xlsx 或 CSV 后重新上传')
  }

  if (kind === 'xlsx') {
    // exceljs inflates and holds everything: the archive is checked on what it really inflates to first.
    const archive = await checkXlsxArchive(bytes, {
      maxRows,
      ...(opts.maxCells !== undefined ? { maxCells: opts.maxCells } : {}),
    })
    if (!archive.ok) return fail(archive.message)
    const namedSheets = opts.namedSheets ?? []
    const grid = await xlsxGrid(bytes, { namedSheets: namedSheets.map((n) => n.name) })
    if (!grid.ok) return fail(grid.message)
    const named: Record<string, NamedSheetRead> = {}
    for (const { name, expectedHeaders } of namedSheets) {
      const rows = grid.named[name]
      if (rows === undefined) continue
      const b = sheetFromGrid(rows, expectedHeaders, maxRows)
      named[name] = b.ok
        ? { ok: true, sheet: b.sheet, warnings: b.warnings.map((w) => `工作表「${name}」:${w}`) }
        : { ok: false, message: `工作表「${name}」:${b.message}` }
    }
    // Nothing beside the named sheets (no other sheet, or an empty one): no indicator rows, not an error.
    if (Object.keys(grid.named).length > 0 && grid.sheets.every((sheet) => sheet.rows().length === 0)) {
      return { ok: true, sheet: EMPTY_SHEET, warnings: [], named }
    }
    const picked = pickSheet(grid.sheets, opts.expectedHeaders, maxRows)
    return picked.ok ? { ...picked, named } : picked
  }

  if (ext === 'xlsx' || ext === 'xlsm') {
    return fail(
      '文件扩展名为 .xlsx,但内容不是 Excel 工作簿(可能已损坏或被改了扩展名),请用 Excel 另存为 .xlsx 或 CSV 后上传',
    )
  }
  const decoded = decodeText(bytes)
  if (!decoded.ok) return fail(decoded.message)
  // Web systems "export to Excel" as an HTML table or XML Spreadsheet 2003 named .xls.
  if (/^\s*</.test(decoded.text)) {
    return fail('文件内容是网页或 XML 格式,不是真正的 Excel 表格,请用 Excel 打开后另存为 .xlsx 或 CSV 再上传')
  }
  return fromCsv(decoded.text, opts.expectedHeaders, maxRows)
}

/**
 * The first visible sheet whose header row has the needed columns: a workbook may open on an
 * instructions or summary sheet. Skipped sheets are named in a warning; when none has the columns the
 * error names the sheet that came closest.
 */
function pickSheet(sheets: XlsxSheet[], specs: HeaderSpec[], maxRows: number): ReadUploadResult {
  let closest: { sheet: XlsxSheet; build: Extract<SheetBuild, { ok: false }> } | undefined
  const skipped: string[] = []
  const hidden: string[] = []
  for (const sheet of sheets) {
    hidden.push(...sheet.hiddenBefore)
    const built = sheetFromGrid(sheet.rows(), specs, maxRows)
    if (built.ok) {
      const warnings: string[] = []
      if (hidden.length > 0) warnings.push(`已跳过隐藏的工作表${sheetList(hidden)},读取工作表「${sheet.name}」`)
      if (skipped.length > 0) warnings.push(`工作表${sheetList(skipped)}中没有填报表头,已读取工作表「${sheet.name}」`)
      return { ok: true, sheet: built.sheet, warnings: [...warnings, ...built.warnings], named: {} }
    }
    // Over the row limit is no reason to look further: this is the sheet, and it is too long.
    if (built.closeness === Number.POSITIVE_INFINITY) return fail(`工作表「${sheet.name}」:${built.message}`)
    skipped.push(sheet.name)
    if (closest === undefined || built.closeness > closest.build.closeness) closest = { sheet, build: built }
  }
  if (closest === undefined) return fail('工作簿中的工作表都已隐藏,请取消隐藏要上传的工作表后重新保存')
  const others = skipped.filter((n) => n !== closest.sheet.name)
  const also = others.length > 0 ? `(工作表${sheetList(others)}中也没有找到)` : ''
  return fail(`工作表「${closest.sheet.name}」:${closest.build.message}${also}`)
}

/**
 * The delimiter is sniffed from the first rows: whichever makes the header row appear (titles may sit
 * above it). When none does, the attempt that came closest names the columns actually missing. The
 * whole file is then split once, stopping as soon as it holds more rows than the limit allows.
 */
function fromCsv(text: string, specs: HeaderSpec[], maxRows: number): ReadUploadResult {
  let closest: Extract<SheetBuild, { ok: false }> | undefined
  let delimiter: string | undefined
  for (const d of DELIMITERS) {
    const head = csvGrid(text, d, { maxRecords: HEADER_SCAN_ROWS })
    // A syntax error outranks a delimiter that found no header at all, but not one that found some.
    const built: SheetBuild = head.ok
      ? sheetFromGrid(head.rows, specs, Number.POSITIVE_INFINITY)
      : { ok: false, message: 'message' in head ? head.message : '', closeness: 0.5 }
    if (built.ok) {
      delimiter = d
      break
    }
    if (closest === undefined || built.closeness > closest.closeness) closest = built
  }
  if (delimiter === undefined) return fail(closest?.message || '无法读取 CSV 文件')
  const grid = csvGrid(text, delimiter, { maxFilledRecords: maxRows + CSV_ROW_SLACK })
  if (!grid.ok) return fail('message' in grid ? grid.message : tooManyRows(maxRows))
  const built = sheetFromGrid(grid.rows, specs, maxRows)
  return built.ok ? { ok: true, sheet: built.sheet, warnings: built.warnings, named: {} } : fail(built.message)
}

// A workbook of a thousand sheets must not make a message of a thousand names.
const sheetList = (names: string[]): string => {
  const shown = names
    .slice(0, 5)
    .map((n) => `「${n}」`)
    .join('、')
  return names.length > 5 ? `${shown}等 ${names.length} 个` : shown
}

const tooManyRows = (maxRows: number) => `数据超过 ${maxRows} 行的上限,请拆分为多个文件分批上传`

// Rounded up, so a file one byte over 10 MB does not read as "10 MB, over the 10 MB limit".
function formatSize(bytes: number): string {
  const up = (n: number): number => Math.ceil(n * 10) / 10
  if (bytes >= 1024 * 1024) return `${up(bytes / 1024 / 1024)} MB`
  if (bytes >= 1024) return `${up(bytes / 1024)} KB`
  return `${bytes} 字节`
}
