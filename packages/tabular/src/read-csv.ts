import { CsvError, parse } from 'csv-parse/sync'
import type { GridRow } from './grid.js'

export type CsvGrid = { ok: true; rows: GridRow[] } | { ok: false; message: string } | { ok: false; overCap: true }

export interface CsvGridOptions {
  /** Stop after this many records (the header sniff reads only the first ones). */
  maxRecords?: number
  /**
   * Stop as soon as more records than this hold any text: the file is over the row limit, and
   * parsing the other 150 000 rows only to say so would cost seconds.
   */
  maxFilledRecords?: number
}

class OverCap extends Error {}

/**
 * Split decoded CSV text into rows. The row number is the record's position, which is the row
 * Excel shows when it opens the file, even when a quoted field spans several lines. Quotes are read
 * leniently (5"屏 inside a field) and rows may be ragged, as hand-made files are.
 */
export function csvGrid(text: string, delimiter: string, opts: CsvGridOptions = {}): CsvGrid {
  let records: string[][]
  let filled = 0
  const cap = opts.maxFilledRecords
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      ...(opts.maxRecords !== undefined ? { to: opts.maxRecords } : {}),
      ...(cap !== undefined
        ? {
            on_record: (fields: string[]) => {
              if (fields.some((f) => f.trim() !== '') && ++filled > cap) throw new OverCap()
              return fields
            },
          }
        : {}),
    })
  } catch (err) {
    if (err instanceof OverCap) return { ok: false, overCap: true }
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines
      const where = typeof line === 'number' ? `第 ${line} 行附近` : ''
      if (err.code === 'CSV_QUOTE_NOT_CLOSED')
        return { ok: false, message: `CSV 文件${where}有未闭合的双引号,请检查后重新保存` }
      return { ok: false, message: `CSV 文件${where}格式有误,无法读取,请用 Excel 另存为 .xlsx 后上传` }
    }
    throw err
  }
  return {
    ok: true,
    rows: records.map((fields, i) => ({
      row: i + 1,
      cells: fields.map((f) => ({ raw: f === '' ? null : f, text: f.trim(), percentFormatted: false })),
    })),
  }
}
