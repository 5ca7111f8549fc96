/** One cell as read from a file, before columns are matched to fields. */
export interface GridCell {
  /** A primitive: string, number, boolean, Date or null (rich text, hyperlinks and formulas already resolved). */
  raw: string | number | boolean | Date | null
  /** What a person would read in the cell, trimmed. */
  text: string
  percentFormatted: boolean
  /**
   * For a cell covered by a merged range, the row of the range's top-left cell. The header
   * locator uses it to ignore header merges that reach down into the data.
   */
  mergedFromRow?: number
  /** A formula saved without its cached result (written by a script, never opened in Excel). */
  uncachedFormula?: boolean
}

/** A row of the file with the file's own 1-based row number; cells indexed by 0-based column. */
export interface GridRow {
  row: number
  cells: GridCell[]
}

/** Excel's column letters (0 → A, 26 → AA), so messages can point at a column people can find. */
export function columnLetter(index: number): string {
  let n = index + 1
  let out = ''
  while (n > 0) {
    const r = (n - 1) % 26
    out = String.fromCharCode(65 + r) + out
    n = Math.floor((n - 1) / 26)
  }
  return out
}

export const isEmptyCell = (c: GridCell | undefined): boolean => c === undefined || c.text === ''
