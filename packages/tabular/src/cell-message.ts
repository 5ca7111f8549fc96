import type { UploadSheet } from './sheet-from-grid.js'

/**
 * A row-level message in the form people can act on: the spreadsheet's row number and the column
 * as its header reads in their file, then why. e.g. 第5行「数值」列: 百分比应在 0 到 100 之间
 */
export function cellMessage(sheet: Pick<UploadSheet, 'fieldHeaders'>, row: number, field: string, why: string): string {
  const header = sheet.fieldHeaders[field] ?? field
  return `第${row}行「${header}」列: ${why}`
}
