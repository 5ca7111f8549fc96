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

/** One line, one paragraph: blank lines and page furniture whitespace drop out; text is kept verbatim otherwise. */
export function blocksFromLines(text: string): Block[] {
  const blocks: Block[] = []
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/[\u00a0\u3000]/g, ' ').trim()
    if (!line) continue
    blocks.push({ kind: 'paragraph', index: blocks.length, text: line })
  }
  return blocks
}

export const paragraphs = (doc: PlanDocument): Paragraph[] => doc.blocks.filter((b): b is Paragraph => b.kind === 'paragraph')
export const tables = (doc: PlanDocument): Table[] => doc.blocks.filter((b): b is Table => b.kind === 'table')
