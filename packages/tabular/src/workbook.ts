import ExcelJS from 'exceljs'
import { safeCellText } from './safe-cell-text.js'

// What every workbook the product writes shares (templates, the 任务进展 sheet, bulletins): one
// creator name, the fills, borders and fonts of titles, notes and header cells.

/** The product's name, as a workbook's author. */
export const WORKBOOK_CREATOR = '数政驾驶舱'

export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } }
/** Pre-filled cells of a template, and totals of a bulletin. */
export const PREFILLED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } }
/** The cells a department fills in. */
export const TO_FILL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } }
export const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
}
export const TITLE_FONT: Partial<ExcelJS.Font> = { bold: true, size: 16 }
export const NOTE_FONT: Partial<ExcelJS.Font> = { size: 10, color: { argb: 'FF595959' } }

/** A new workbook by the product, dated when it was generated (an unreadable date leaves ExcelJS's own). */
export function newWorkbook(generatedAt: string): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = WORKBOOK_CREATOR
  const created = new Date(generatedAt)
  if (!Number.isNaN(created.getTime())) {
    workbook.created = created
    workbook.modified = created
  }
  return workbook
}

/** A sheet whose rows down to `headerRow` stay in view while scrolling. */
export const frozenSheet = (workbook: ExcelJS.Workbook, name: string, headerRow: number): ExcelJS.Worksheet =>
  workbook.addWorksheet(name, {
    views: [
      {
        state: 'frozen',
        xSplit: 0,
        ySplit: headerRow,
        topLeftCell: `A${headerRow + 1}`,
        activeCell: `A${headerRow + 1}`,
      },
    ],
  })

/** A template sheet's top: the title (row 1) and the filling note (row 2), each merged across `lastCol`. */
export function addTitleAndNote(
  sheet: ExcelJS.Worksheet,
  lastCol: number,
  text: { title: string; note: string; noteHeight: number },
): void {
  const title = sheet.getCell(1, 1)
  title.value = safeCellText(text.title)
  title.font = TITLE_FONT
  title.alignment = { horizontal: 'center', vertical: 'middle' }
  sheet.mergeCells(1, 1, 1, lastCol)
  sheet.getRow(1).height = 30
  const note = sheet.getCell(2, 1)
  note.value = safeCellText(text.note)
  note.alignment = { wrapText: true, vertical: 'middle' }
  note.font = NOTE_FONT
  sheet.mergeCells(2, 1, 2, lastCol)
  sheet.getRow(2).height = text.noteHeight
}

/** A header cell: bold, filled, bordered. */
export function styleHeaderCell(cell: ExcelJS.Cell): void {
  cell.font = { bold: true }
  cell.fill = HEADER_FILL
  cell.border = THIN
}
