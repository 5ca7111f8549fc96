/** Where a proposal comes from: a paragraph, or a cell of a table, with the span of the quote inside its text. */
export type SourceRef =
  | { kind: 'paragraph'; paragraph: number; start: number; end: number }
  | { kind: 'cell'; table: number; row: number; cell: number; start: number; end: number }

export interface Paragraph {
  kind: 'paragraph'
  /** Position among the document's blocks (paragraphs and tables share one sequence). */
  index: number
  text: string
}

export interface Table {
  kind: 'table'
  index: number
  rows: string[][]
}

export type Block = Paragraph | Table

/** A plan document as every reader returns it, whatever the file format. */
export interface PlanDocument {
  format: 'txt' | 'docx' | 'pdf'
  blocks: Block[]
  /** Set when the text was Traditional Chinese and has been converted to Simplified. */
  convertedFromTraditional: boolean
}

/**
 * Full-width digits, letters and signs (２０２５年, ８０％) folded to ASCII so every pattern reads one alphabet;
 * full-width punctuation (,;()) stays as written, the patterns accept both.
 */
export const foldFullWidth = (s: string) =>
  s
    .replace(/[０-９Ａ-Ｚａ-ｚ％．－＋／]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u2212/g, '-')

/** One line, one paragraph: blank lines and page furniture whitespace drop out; text is kept verbatim otherwise. */
export function blocksFromLines(text: string): Block[] {
  const blocks: Block[] = []
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = foldFullWidth(raw.replace(/[\u00a0\u3000]/g, ' ')).trim()
    if (!line) continue
    blocks.push({ kind: 'paragraph', index: blocks.length, text: line })
  }
  return blocks
}

/** Page furniture a PDF's text layer carries: page numbers ("- 3 -", "第3页", "3/20"). */
// A bare number stays: it may be a table cell, which a page number cannot be told apart from.
const PAGE_FURNITURE = /^([-—–]\s*\d{1,4}\s*[-—–]|第\s*\d+\s*页(\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+)$/
const HEADING_START = /^([一二三四五六七八九十]+、|[((][一二三四五六七八九十\d]+[))]|\d{1,2}[.．、](?!\d)|——|附件|附表)/
const ENDS_PARAGRAPH = /[。;;::!?!?”」)〕]$/

/**
 * A PDF's text layer breaks paragraphs at every line end. Lines are joined back while a line does not end a
 * sentence and the next does not start a numbered heading; page numbers are dropped. Short lines without
 * punctuation (titles, table cells) stay on their own.
 */
export function joinWrappedLines(text: string): string {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/[\u00a0\u3000]/g, ' ').trim())
    .filter((l) => l && !PAGE_FURNITURE.test(l))
  const out: string[] = []
  const widest = Math.max(0, ...lines.map((l) => l.length))
  for (const line of lines) {
    const prev = out[out.length - 1]
    // A wrapped line runs (nearly) to the right margin; a title or a cell does not.
    // A table's first cell (序号) or a row number never continues the line before it.
    const wrapped =
      prev !== undefined &&
      !ENDS_PARAGRAPH.test(prev) &&
      prev.length >= widest * 0.8 &&
      !HEADING_START.test(line) &&
      !/^(序号|编号|\d+)$/.test(line)
    if (wrapped) out[out.length - 1] = prev + line
    else out.push(line)
  }
  return out.join('\n')
}

export const paragraphs = (doc: PlanDocument): Paragraph[] =>
  doc.blocks.filter((b): b is Paragraph => b.kind === 'paragraph')
export const tables = (doc: PlanDocument): Table[] => doc.blocks.filter((b): b is Table => b.kind === 'table')
