import { splitDepartments } from './departments.js'
import type { Paragraph, Table } from './document.js'
import type { TargetProposal } from './target.js'
import { unitInName } from './units.js'

type Column =
  | 'serial'
  | 'category'
  | 'name'
  | 'unit'
  | 'baseline'
  | 'target'
  | 'nature'
  | 'lead'
  | 'responsible'
  | 'other'

interface HeaderColumn {
  kind: Column
  year?: number
}

/** What a header cell says its column holds; columns may come in any order. */
export function classifyHeader(cell: string): HeaderColumn {
  const c = cell.replace(/\s+/g, '')
  const year = /(20\d{2})/.exec(c)
  if (/^(序号|编号|序)$/.test(c)) return { kind: 'serial' }
  if (/属性|性质|指标类型|约束性|预期性/.test(c)) return { kind: 'nature' }
  if (/牵头/.test(c)) return { kind: 'lead' }
  if (/责任(单位|部门)|主责|承办/.test(c)) return { kind: 'responsible' }
  if (/^(指标)?(计量)?单位$/.test(c)) return { kind: 'unit' }
  if (/基期|基准|现状|基数|基线/.test(c)) return { kind: 'baseline', ...(year ? { year: Number(year[1]) } : {}) }
  if (/目标/.test(c) && !/指标/.test(c)) return { kind: 'target', ...(year ? { year: Number(year[1]) } : {}) }
  if (year) return { kind: 'other', year: Number(year[1]) }
  if (/指标(名称)?$|指标项|名称/.test(c)) return { kind: 'name' }
  if (/类别|领域|类型|分类|板块/.test(c)) return { kind: 'category' }
  return { kind: 'other' }
}

/** Year columns: the earliest is the baseline, the latest the target (unless the header says otherwise). */
function resolveColumns(header: string[]): HeaderColumn[] | undefined {
  const cols = header.map(classifyHeader)
  if (!cols.some((c) => c.kind === 'name')) return undefined
  const yearCols = cols.filter((c) => c.kind === 'other' && c.year !== undefined)
  if (yearCols.length) {
    const years = yearCols.map((c) => c.year!)
    const max = Math.max(...years)
    for (const c of yearCols) c.kind = c.year === max && !cols.some((x) => x.kind === 'target') ? 'target' : 'baseline'
  }
  if (!cols.some((c) => c.kind === 'target')) return undefined
  return cols
}

const NUMBER_CELL = /^[<>≤≥]?\s*(\d+(?:\.\d+)?)\s*(%|万|亿)?\s*(以上|以下|以内)?$/
const isBlank = (c: string) => /^[\s/—\-–无-]*$/.test(c)
const natureOf = (c: string) => (/约束/.test(c) ? 'binding' : /预期/.test(c) ? 'expected' : undefined)

export interface TableSource {
  /** How to cite a cell of this table. */
  cite: (row: number, cell: number, text: string) => TargetProposal['source']
}

/**
 * Targets from an indicator table: header cells name the columns (name, unit, baseline year, target year,
 * 约束性/预期性) in any order. A row with fewer cells than the header lost its merged cells (类别 spanning
 * several rows) or an empty baseline: cells are then placed by what they look like (number, nature word,
 * name) rather than by position.
 */
export function tableTargets(rows: string[][], source: TableSource, fallbackYear: number): TargetProposal[] {
  const headerAt = rows.findIndex((r) => resolveColumns(r) !== undefined)
  if (headerAt < 0) return []
  const cols = resolveColumns(rows[headerAt]!)!
  const out: TargetProposal[] = []
  for (let r = headerAt + 1; r < rows.length; r++) {
    const row = rows[r]!
    const cells = row.map((text, index) => ({ text: text.trim(), index }))
    let byKind: Partial<Record<Column, { text: string; index: number }>> = {}
    if (cells.length === cols.length)
      cols.forEach((c, i) => {
        byKind[c.kind] ??= cells[i]
      })
    else byKind = placeByShape(cells, cols)
    const nameCell = byKind.name
    const targetCell = byKind.target
    if (!nameCell || !targetCell) continue
    const t = NUMBER_CELL.exec(targetCell.text.replace(/\s+/g, ''))
    if (!t) continue
    const split = unitInName(nameCell.text.replace(/\s+/g, ''))
    const unit = byKind.unit?.text || split.unit || (t[2] === '%' ? '%' : '')
    const base =
      byKind.baseline && !isBlank(byKind.baseline.text)
        ? NUMBER_CELL.exec(byKind.baseline.text.replace(/\s+/g, ''))
        : null
    const baselineYear = cols.find((c) => c.kind === 'baseline')?.year
    const lower = t[3] === '以下' || t[3] === '以内'
    const nature = byKind.nature ? natureOf(byKind.nature.text) : undefined
    const name = split.name.replace(/(达到|应?达)$/, '')
    // A 牵头/责任单位 column names who reports the indicator (a 责任单位 list is led by its first name).
    const leadNames = byKind.lead ? splitDepartments(byKind.lead.text) : []
    const responsible = byKind.responsible ? splitDepartments(byKind.responsible.text) : []
    const departments =
      leadNames.length || responsible.length
        ? {
            lead: leadNames.length ? leadNames : responsible.slice(0, 1),
            cooperating: leadNames.length ? responsible : responsible.slice(1),
          }
        : undefined
    out.push({
      indicator: name,
      unit: unit || '个',
      year: cols.find((c) => c.kind === 'target')?.year ?? fallbackYear,
      comparator: lower ? 'lte' : 'gte',
      value: Number(t[1]),
      direction: lower ? 'lower' : 'higher',
      ...(nature ? { nature } : {}),
      ...(base && baselineYear ? { baseline: { year: baselineYear, value: Number(base[1]) } } : {}),
      ...(departments ? { departments } : {}),
      // The quote is the name cell, exactly where the source points; the whole row is kept beside it.
      quote: nameCell.text,
      row: row.map((c) => c.trim()),
      source: source.cite(r, nameCell.index, nameCell.text),
      rule: 'table',
    })
  }
  return out
}

function placeByShape(
  cells: { text: string; index: number }[],
  cols: HeaderColumn[],
): Partial<Record<Column, { text: string; index: number }>> {
  const out: Partial<Record<Column, { text: string; index: number }>> = {}
  const rest = [...cells]
  if (cols[0]?.kind === 'serial' && rest[0] && /^\d+$/.test(rest[0].text)) out.serial = rest.shift()
  const natureCell = rest.findIndex((c) => natureOf(c.text))
  if (natureCell >= 0) out.nature = rest.splice(natureCell, 1)[0]
  const numbers = rest.filter((c) => NUMBER_CELL.test(c.text.replace(/\s+/g, '')))
  const texts = rest.filter((c) => !numbers.includes(c))
  const numberKinds = cols.filter((c) => c.kind === 'baseline' || c.kind === 'target').map((c) => c.kind)
  // One number where the header has baseline and target: the baseline is the one missing.
  if (numbers.length === 1) out.target = numbers[0]
  else
    numbers.forEach((n, i) => {
      out[numberKinds[i] ?? 'other'] ??= n
    })
  // The name is the last text cell (a merged 类别 cell, when present, comes before it).
  if (texts.length) out.name = texts[texts.length - 1]
  if (texts.length > 1) out.category = texts[0]
  return out
}

/**
 * Plain text loses table structure: each cell becomes its own line. A run of short lines starting with a
 * header that names an indicator column and a target/year column, followed by rows numbered 1, 2, 3…, is read
 * back into rows (a row is everything from one serial number to the next).
 */
export function tablesFromLines(
  paragraphs: Paragraph[],
  isHeader: (cells: string[]) => boolean = (cells) => resolveColumns(cells) !== undefined,
  maxCell = 40,
): { rows: string[][]; paragraphs: number[][]; first: number; last: number }[] {
  const found: { rows: string[][]; paragraphs: number[][]; first: number; last: number }[] = []
  for (let i = 0; i < paragraphs.length; i++) {
    if (!/^(序号|编号)$/.test(paragraphs[i]!.text.replace(/\s+/g, ''))) continue
    const header: Paragraph[] = [paragraphs[i]!]
    let j = i + 1
    while (j < paragraphs.length && !/^\d+$/.test(paragraphs[j]!.text) && header.length < 10)
      header.push(paragraphs[j++]!)
    if (!isHeader(header.map((h) => h.text))) continue
    const rows: string[][] = [header.map((h) => h.text)]
    const refs: number[][] = [header.map((h) => h.index)]
    let expected = 1
    while (j < paragraphs.length && paragraphs[j]!.text === String(expected)) {
      const row: Paragraph[] = [paragraphs[j++]!]
      const natureLast = classifyHeader(header[header.length - 1]!.text).kind === 'nature'
      while (
        j < paragraphs.length &&
        paragraphs[j]!.text !== String(expected + 1) &&
        paragraphs[j]!.text.length <= maxCell &&
        row.length < header.length
      ) {
        // The last row ends at its last column (a nature word), never at the note under the table.
        if (/^(注|说明|备注|资料来源)/.test(paragraphs[j]!.text)) break
        row.push(paragraphs[j++]!)
        if (natureLast && natureOf(row[row.length - 1]!.text)) break
      }
      rows.push(row.map((p) => p.text))
      refs.push(row.map((p) => p.index))
      expected++
    }
    if (rows.length > 1) found.push({ rows, paragraphs: refs, first: i, last: j - 1 })
    i = j - 1
  }
  return found
}

export type { Table }
