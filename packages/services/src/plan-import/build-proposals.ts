import { createHash } from 'node:crypto'
import type { Measure, PlanImportKind, PlanProposalFields, PlanSourceRef } from '@cockpit/contracts'
import { normaliseName, type PlanProposals, type TargetProposal } from '@cockpit/plan-import'

/** A proposal as read from the document, before it is compared with what is stored. */
export interface RawProposal<K extends PlanImportKind = PlanImportKind> {
  id: string
  kind: K
  data: PlanProposalFields[K]
  quote: string
  source: PlanSourceRef
}

export const hashOf = (s: string, length = 10) => createHash('sha256').update(s).digest('hex').slice(0, length)

/** The proposal as read: a later import proposing the same thing has the same fingerprint. */
export const fingerprintOf = (kind: PlanImportKind, data: unknown) => hashOf(`${kind}\u0000${JSON.stringify(data)}`, 32)

const COUNT_UNITS =
  /^(个|项|家|件|次|人|户|类|套|条|张|台|所|座|部|款|种|批|名|场|期|门|宗|份|本|处|级|万人|万户|万件|万个|万家)$/

/** How a value is measured, from its unit: % is a percent, whole numbers of things a count, anything else a quantity. */
export function measureOf(unit: string, value: number, valueMax: number | null): Measure {
  if (unit.trim() === '%') return 'percent'
  const whole = Number.isInteger(value) && (valueMax === null || Number.isInteger(valueMax))
  return whole && COUNT_UNITS.test(unit.trim()) ? 'count' : 'quantity'
}

function targetData(t: TargetProposal): PlanProposalFields['target'] {
  const valueMax = t.comparator === 'range' ? (t.valueMax ?? null) : null
  return {
    indicator: t.indicator,
    unit: t.unit || '项',
    measure: measureOf(t.unit || '项', t.value, valueMax),
    direction: t.direction,
    nature: t.nature ?? 'unclassified',
    cadence: 'yearly',
    year: t.year,
    comparator: t.comparator,
    value: t.value,
    valueMax,
    baseline: t.baseline ?? null,
    lead: t.departments?.lead ?? [],
    cooperating: t.departments?.cooperating ?? [],
    pillar: null,
  }
}

/** Where a department's name is first written: in the task that names it (its span), else the task's own quote. */
function departmentSource(name: string, p: PlanProposals): { quote: string; source: PlanSourceRef } | null {
  for (const t of p.tasks) {
    if (![...t.lead, ...t.cooperating].includes(name)) continue
    for (const index of t.paragraphs) {
      const block = p.blocks.find((b) => b.index === index)
      const at = block?.kind === 'paragraph' ? block.text.indexOf(name) : -1
      if (at >= 0)
        return { quote: name, source: { kind: 'paragraph', paragraph: index, start: at, end: at + name.length } }
    }
    if (t.leadInferred && t.lead.includes(name)) return { quote: t.leadInferred.quote, source: t.leadInferred.source }
    return { quote: t.quote, source: t.source }
  }
  for (const t of p.targets)
    if (t.departments && [...t.departments.lead, ...t.departments.cooperating].includes(name))
      return { quote: t.quote, source: t.source }
  return null
}

/**
 * The importer's proposals as review items, each with a stable id (kind and identity hashed: the same
 * indicator and year, task, milestone or name gets the same id in every import) and its source.
 */
export function buildProposals(p: PlanProposals): RawProposal[] {
  const out: RawProposal[] = []
  const seen = new Map<string, number>()
  const push = <K extends PlanImportKind>(
    kind: K,
    identity: string,
    data: PlanProposalFields[K],
    quote: string,
    source: PlanSourceRef,
  ) => {
    const base = `${kind}-${hashOf(identity)}`
    const n = (seen.get(base) ?? 0) + 1
    seen.set(base, n)
    out.push({ id: n === 1 ? base : `${base}-${n}`, kind, data, quote, source } as RawProposal)
  }
  const firstParagraph = p.blocks.find((b) => b.kind === 'paragraph')
  const titleAt = (title: string): PlanSourceRef => {
    for (const b of p.blocks) {
      if (b.kind !== 'paragraph') continue
      const at = b.text.indexOf(title)
      if (at >= 0) return { kind: 'paragraph', paragraph: b.index, start: at, end: at + title.length }
    }
    return { kind: 'paragraph', paragraph: firstParagraph?.index ?? 0, start: 0, end: 0 }
  }
  const title = p.plan.title ?? (firstParagraph?.kind === 'paragraph' ? firstParagraph.text.slice(0, 60) : '未命名规划')
  push(
    'plan',
    'plan',
    {
      title,
      jurisdictionCode: p.jurisdiction?.code ?? null,
      docNumber: p.plan.docNumber,
      issuer: p.plan.issuer,
      issuedOn: p.plan.issuedOn,
      startYear: p.plan.horizon.startYear,
      endYear: p.plan.horizon.endYear,
      visionYear: p.plan.horizon.visionYear ?? null,
    },
    title,
    titleAt(title),
  )
  for (const x of p.pillars) push('pillar', normaliseName(x.name), { name: x.name }, x.quote, x.source)
  for (const t of p.targets) push('target', `${normaliseName(t.indicator)}|${t.year}`, targetData(t), t.quote, t.source)
  for (const m of p.milestones)
    push(
      'milestone',
      `${normaliseName(m.title)}|${m.dueDate}`,
      { title: m.title, dueDate: m.dueDate, pillar: null },
      m.quote,
      m.source,
    )
  for (const t of p.tasks)
    push(
      'task',
      `${t.number}|${normaliseName(t.title)}`,
      {
        number: t.number || null,
        title: t.title,
        dueDate: t.dueDate ?? null,
        lead: t.lead,
        cooperating: t.cooperating,
        pillar: t.pillar ?? null,
      },
      t.quote,
      t.source,
    )
  const names = new Set<string>()
  for (const t of p.tasks) for (const n of [...t.lead, ...t.cooperating]) names.add(n)
  for (const t of p.targets)
    for (const n of [...(t.departments?.lead ?? []), ...(t.departments?.cooperating ?? [])]) names.add(n)
  for (const name of names) {
    const at = departmentSource(name, p)
    if (at) push('department', normaliseName(name), { name }, at.quote, at.source)
  }
  return out
}
