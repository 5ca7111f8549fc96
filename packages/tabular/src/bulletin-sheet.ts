import type ExcelJS from 'exceljs'
import { safeCellText } from './safe-cell-text.js'
import { NOTE_FONT, styleHeaderCell, THIN, TITLE_FONT } from './workbook.js'

// The look every bulletin sheet shares (CONTRIBUTING "Add an Excel export"); its fills, fonts and the
// creator name are every workbook's (workbook.ts).

export { PREFILLED_FILL as TOTAL_FILL } from './workbook.js'

export const TITLE_ROW = 1
export const SUBTITLE_ROW = 2
export const HEADER_ROW = 3

export interface Column {
  header: string
  width: number
}

/**
 * Sets up one sheet the way a report is sent on: merged title, a subtitle, a bold bordered header,
 * frozen above the data, filterable, landscape A4 fitted to the page width with the three top rows
 * repeated on every printed page. A sheet of several tables (`header: false`) writes its own header
 * rows; then only the title and subtitle are frozen and repeated.
 */
export function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  title: string,
  subtitle: string,
  columns: Column[],
  opts: { header?: boolean } = {},
) {
  const header = opts.header ?? true
  const frozen = header ? HEADER_ROW : SUBTITLE_ROW
  const sheet = workbook.addWorksheet(name, {
    views: [
      { state: 'frozen', xSplit: 0, ySplit: frozen, topLeftCell: `A${frozen + 1}`, activeCell: `A${frozen + 1}` },
    ],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${TITLE_ROW}:${frozen}`,
    },
    headerFooter: { oddFooter: '第 &P 页,共 &N 页' },
  })
  sheet.columns = columns.map((c) => ({ width: c.width }))
  const last = columns.length
  const t = sheet.getCell(TITLE_ROW, 1)
  t.value = safeCellText(title)
  t.font = TITLE_FONT
  t.alignment = { horizontal: 'center', vertical: 'middle' }
  sheet.mergeCells(TITLE_ROW, 1, TITLE_ROW, last)
  sheet.getRow(TITLE_ROW).height = 30
  const s = sheet.getCell(SUBTITLE_ROW, 1)
  s.value = safeCellText(subtitle)
  s.font = NOTE_FONT
  s.alignment = { horizontal: 'center', vertical: 'middle' }
  sheet.mergeCells(SUBTITLE_ROW, 1, SUBTITLE_ROW, last)
  if (header)
    addHeaderRow(
      sheet,
      columns.map((c) => c.header),
    )
  return sheet
}

/** The bold, filled, bordered row naming a table's columns (the next row of the sheet). */
export function addHeaderRow(sheet: ExcelJS.Worksheet, headers: string[]) {
  const row = sheet.getRow(sheet.rowCount + 1)
  headers.forEach((h, i) => {
    const cell = row.getCell(i + 1)
    cell.value = h
    styleHeaderCell(cell)
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
  })
  row.height = 32
  return row
}

/** Appends a bordered data row; text goes through safeCellText so "=…" never becomes a formula. */
export function addRow(sheet: ExcelJS.Worksheet, values: (string | number | null)[], formats: (string | null)[] = []) {
  const row = sheet.addRow(values.map((v) => (typeof v === 'string' ? safeCellText(v) : v)))
  values.forEach((_, i) => {
    const cell = row.getCell(i + 1)
    cell.border = THIN
    cell.alignment = { vertical: 'middle', wrapText: typeof values[i] === 'string' }
    const f = formats[i]
    if (f) cell.numFmt = f
  })
  return row
}

export function finish(sheet: ExcelJS.Worksheet, columns: number) {
  const lastRow = Math.max(sheet.rowCount, HEADER_ROW)
  sheet.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: lastRow, column: columns } }
  sheet.pageSetup.printArea = `A1:${sheet.getColumn(columns).letter}${lastRow}`
}
