import { findDates } from './dates.js'
import {
  type Paragraph,
  type PlanDocument,
  paragraphs as paragraphsOf,
  type SourceRef,
  tables as tablesOf,
} from './document.js'
import { matchJurisdiction, type JurisdictionEntry, type JurisdictionMatch } from './jurisdiction.js'
import { extractMetadata, type PlanMetadata } from './metadata.js'
import { extractMilestones, type MilestoneProposal } from './milestones.js'
import { inSection, NON_PLAN_SECTION, sectionsByParagraph } from './outline.js'
import { PlanImportError } from './refusal.js'
import { nameSimilarity } from './similarity.js'
import type { TargetProposal } from './target.js'
import { proseTargets } from './targets-prose.js'
import { tablesFromLines, tableTargets } from './targets-table.js'
import { extractTasks, type TaskProposal } from './tasks.js'
import { isTaskHeader, tableTasks } from './tasks-table.js'
import { simplifyDocument } from './traditional.js'

export interface PlanProposals {
  jurisdiction: JurisdictionMatch | null
  plan: Omit<PlanMetadata, 'horizon'> & { horizon: NonNullable<PlanMetadata['horizon']> }
  /** Headings the tasks sit under, in order: the plan's pillars (一、… or (一)…). */
  pillars: { name: string; quote: string; source: SourceRef }[]
  targets: TargetProposal[]
  milestones: MilestoneProposal[]
  tasks: TaskProposal[]
  /** Set when the document was Traditional Chinese and names were converted. */
  convertedFromTraditional: boolean
  /** The (converted) text the sources point into, so a reviewer can highlight each quote. */
  blocks: PlanDocument['blocks']
}

export interface ExtractOptions {
  /** The jurisdiction tree to match the plan's place against ({code, name, level, parentCode}). */
  jurisdictions: readonly JurisdictionEntry[]
}

/**
 * Reads a plan document into proposals: metadata, jurisdiction, pillars, targets (indicator tables first,
 * then prose), dated milestones and numbered tasks with their departments. Pure: no database, no network.
 * Refuses (PlanImportError) a document in which no target can be found: it is not a plan this reads.
 */
export function extractPlan(input: PlanDocument, opts: ExtractOptions): PlanProposals {
  const doc = simplifyDocument(input)
  const paras = paragraphsOf(doc)
  const meta = extractMetadata(paras)
  const now = new Date().getUTCFullYear()
  const horizon = meta.horizon ?? { startYear: now, endYear: now }

  const targets: TargetProposal[] = []
  // Tables: real ones (docx) and ones flattened into one cell per line (text, pdf).
  for (const t of tablesOf(doc))
    targets.push(
      ...tableTargets(
        t.rows,
        { cite: (row, cell, text) => ({ kind: 'cell', table: t.index, row, cell, start: 0, end: text.length }) },
        horizon.endYear,
      ),
    )
  const consumed = new Set<number>()
  for (const flat of tablesFromLines(paras)) {
    for (let i = flat.first; i <= flat.last; i++) consumed.add(paras[i]!.index)
    targets.push(
      ...tableTargets(
        flat.rows,
        {
          cite: (row, cell, text) => ({
            kind: 'paragraph',
            paragraph: flat.paragraphs[row]![cell]!,
            start: 0,
            end: text.length,
          }),
        },
        horizon.endYear,
      ),
    )
  }
  const tableCount = targets.length

  const sections = sectionsByParagraph(paras)
  const lastYear = horizon.visionYear ?? horizon.endYear
  // A paragraph opening with a deadline ("到2025年,…") dates the paragraphs after it in the same section only.
  let contextYear: { year: number; section: unknown } | undefined
  for (const p of paras) {
    if (consumed.has(p.index)) continue
    const path = sections.get(p.index) ?? []
    if (contextYear && contextYear.section !== path[path.length - 1]) contextYear = undefined
    const inYears = (y: number) => y >= horizon.startYear && y <= lastYear
    const dates = findDates(p.text, horizon.startYear === horizon.endYear ? horizon.endYear : undefined).filter(
      (d) => d.deadline && inYears(d.year),
    )
    if (dates[0] && dates[0].start < 12) contextYear = { year: dates[0].year, section: path[path.length - 1] }
    if (inSection(path, NON_PLAN_SECTION)) continue
    const base = contextYear?.year ?? horizon.endYear
    const found = proseTargets(p.text, {
      paragraph: p.index,
      yearAt: (offset) =>
        dates.filter((d) => d.start <= offset).pop()?.year ?? firstInSentence(p, offset, dates) ?? base,
    })
    targets.push(...found)
  }

  const kept = dedupe(targets, tableCount)
  if (kept.length === 0)
    throw new PlanImportError(
      'not-a-plan',
      '未在文件中找到任何指标目标(如“到2025年…达到80%”或指标表),这似乎不是一份规划或方案文件',
    )

  // Task-assignment tables (重点任务分工表): real ones and ones flattened to one cell per line.
  const fromTables: TaskProposal[] = []
  for (const t of tablesOf(doc))
    fromTables.push(
      ...tableTasks(
        t.rows,
        (row, cell, text) => ({ kind: 'cell', table: t.index, row, cell, start: 0, end: text.length }),
        horizon.endYear,
      ),
    )
  for (const flat of tablesFromLines(paras, isTaskHeader, 400)) {
    for (let i = flat.first; i <= flat.last; i++) consumed.add(paras[i]!.index)
    fromTables.push(
      ...tableTasks(
        flat.rows,
        (row, cell, text) => ({
          kind: 'paragraph',
          paragraph: flat.paragraphs[row]![cell]!,
          start: 0,
          end: text.length,
        }),
        horizon.endYear,
      ),
    )
  }
  const tasks = mergeTasks(extractTasks(paras.filter((p) => !consumed.has(p.index))), fromTables)
  const milestones = extractMilestones(
    paras.filter((p) => !consumed.has(p.index)),
    { ...horizon, issuedOn: meta.issuedOn },
  )
  const pillars: PlanProposals['pillars'] = []
  for (const t of tasks) {
    if (!t.pillar || t.pillarParagraph === undefined || pillars.some((p) => p.name === t.pillar)) continue
    const text = paras.find((p) => p.index === t.pillarParagraph)!.text
    const start = Math.max(0, text.indexOf(t.pillar))
    pillars.push({
      name: t.pillar,
      quote: t.pillar,
      source: { kind: 'paragraph', paragraph: t.pillarParagraph, start, end: start + t.pillar.length },
    })
  }
  const heads = [meta.issuer, meta.title, paras[0]?.text].filter((h): h is string => Boolean(h))
  const jurisdiction = matchJurisdiction(
    heads,
    paras
      .slice(0, 60)
      .map((p) => p.text)
      .join(''),
    opts.jurisdictions,
  )

  return {
    jurisdiction,
    plan: { ...meta, horizon },
    pillars,
    targets: kept,
    milestones,
    tasks,
    convertedFromTraditional: doc.convertedFromTraditional,
    blocks: doc.blocks,
  }
}

/**
 * A task in the text and the same task in an assignment table are one proposal: the table's departments and
 * deadline complete the text's task (replacing a lead that was only inferred); table rows with no
 * counterpart in the text are tasks of their own.
 */
function mergeTasks(fromText: TaskProposal[], fromTables: TaskProposal[]): TaskProposal[] {
  const out: TaskProposal[] = [...fromText]
  for (const t of fromTables) {
    const same = fromText.find((x) => nameSimilarity(x.title, t.title) >= 0.6)
    if (!same) {
      out.push(t)
      continue
    }
    if (!same.lead.length || same.leadInferred) {
      same.lead = t.lead
      same.cooperating = t.cooperating
      delete same.leadInferred
    }
    if (t.dueDate) same.dueDate = t.dueDate
  }
  return out
}

/** A date later in the same sentence also dates the target ("…比率2025年底前不低于90%"). */
function firstInSentence(p: Paragraph, offset: number, dates: ReturnType<typeof findDates>): number | undefined {
  const end = p.text.slice(offset).search(/[。;;]/)
  const limit = end < 0 ? p.text.length : offset + end
  return dates.find((d) => d.start >= offset && d.start < limit)?.year
}

/** 项 and 个 count the same things in plans ("500项以上'免证办'事项" restates the table's 免证办事项数(个)). */
const sameUnit = (a: string, b: string) => a === b || (/^[个项]$/.test(a) && /^[个项]$/.test(b))

/** One proposal per indicator and year: a table row wins over the prose restating it, then the first mention. */
function dedupe(targets: TargetProposal[], tableCount: number): TargetProposal[] {
  const out: TargetProposal[] = []
  targets.forEach((t, i) => {
    const same = out.find(
      (o) =>
        o.year === t.year &&
        o.value === t.value &&
        sameUnit(o.unit, t.unit) &&
        (nameSimilarity(o.indicator, t.indicator) >= 0.5 ||
          (i >= tableCount && o.rule === 'table' && nameSimilarity(o.indicator, t.indicator) >= 0.3)),
    )
    if (!same) out.push(t)
  })
  return out
}
