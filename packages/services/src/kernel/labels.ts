import type { Citation, Comparator } from '@cockpit/contracts'

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(Number(n.toFixed(4))))

/** A target as people write it: "≥80%", "≤0项", "1–2个". */
export function targetLabel(
  t: { comparator: Comparator; value: number; valueMax: number | null },
  unit: string,
): string {
  switch (t.comparator) {
    case 'gte':
      return `≥${fmt(t.value)}${unit}`
    case 'lte':
      return `≤${fmt(t.value)}${unit}`
    case 'eq':
      return `=${fmt(t.value)}${unit}`
    case 'range':
      return `${fmt(t.value)}–${fmt(t.valueMax ?? t.value)}${unit}`
  }
}

/** Where an indicator or a task is written: its plan document and the quoted passage, from a row joined to its plan. */
export const planCitation = (r: {
  plan_title: string
  doc_number: string | null
  source_file: string
  cite_section: string
  cite_quote: string
}): Citation => ({
  document: r.plan_title,
  docNumber: r.doc_number,
  sourceFile: r.source_file,
  section: r.cite_section,
  quote: r.cite_quote,
})
