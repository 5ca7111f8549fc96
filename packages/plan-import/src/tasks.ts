import type { Paragraph, SourceRef } from './document.js'
import { findDefaultLead, findDepartments } from './departments.js'
import { GOAL_SECTION, inSection, NON_PLAN_SECTION, outline, SAFEGUARD_SECTION, type OutlineNode } from './outline.js'

export interface TaskProposal {
  /** The plan's own numbering, qualified by its parents when numbers restart ("(一)1", "五(二)"). */
  number: string
  title: string
  lead: string[]
  cooperating: string[]
  /** The pillar (the heading above the task's level) it sits under. */
  pillar?: string
  /** That heading's paragraph, for the pillar's own source. */
  pillarParagraph?: number
  quote: string
  source: SourceRef
  /** Paragraph indexes the task's text spans (its own line and any body lines under it). */
  paragraphs: number[]
  /** The deadline an assignment table gives the task ("2023年6月底前"). */
  dueDate?: string
  /** Set when the lead is not named for the task but read from the plan's safeguards (领导小组办公室牵头负责…). */
  leadInferred?: { quote: string; source: SourceRef }
}

const TITLE_MAX = 40

/** The title: up to the first full stop; a long first sentence is cut at its first comma. */
function titleOf(node: OutlineNode): { title: string; start: number; end: number } {
  const h = node.heading
  let title = h.title
  if (title.length > TITLE_MAX || (h.body && /[,,]/.test(title) && title.length > 24)) title = title.split(/[,,]/)[0]!
  return { title, start: h.titleStart, end: h.titleStart + title.length }
}

const excluded = (n: OutlineNode) =>
  inSection([...n.ancestors, n], NON_PLAN_SECTION) || inSection([...n.ancestors, n], GOAL_SECTION)

/**
 * Numbered tasks: the deepest numbered items of the plan's action sections (not the goals, principles or the
 * review of the past), each with its body and its 牵头/责任单位. An item that has numbered children is a heading,
 * not a task. Safeguard sections (保障措施) give tasks only where departments are named. A body-less numbered
 * heading followed by unnumbered "标题。正文" paragraphs (as in province plans) gives one task per paragraph.
 */
export function extractTasks(paragraphs: Paragraph[]): TaskProposal[] {
  const nodes = outline(paragraphs)
  const byIndex = new Map(paragraphs.map((p, i) => [p.index, i]))
  const hasChild = new Set<OutlineNode>()
  for (const n of nodes) if (n.ancestors.length) hasChild.add(n.ancestors[n.ancestors.length - 1]!)
  const seen = new Map<string, number>()
  for (const n of nodes)
    seen.set(`${n.heading.level}:${n.heading.marker}`, (seen.get(`${n.heading.level}:${n.heading.marker}`) ?? 0) + 1)

  const tasks: TaskProposal[] = []
  nodes.forEach((node, k) => {
    if (hasChild.has(node) || excluded(node)) return
    const next = nodes[k + 1]
    const from = byIndex.get(node.paragraph.index)!
    const to = next ? byIndex.get(next.paragraph.index)! : paragraphs.length
    const span = paragraphs.slice(from, to)
    const text = span.map((p) => p.text).join('')
    const departments = findDepartments(text)
    const safeguard = inSection([...node.ancestors, node], SAFEGUARD_SECTION)
    if (safeguard && !departments) return
    const number = qualify(node, seen)
    const parent = node.ancestors[node.ancestors.length - 1]
    const pillar = parent?.heading.title
    // A heading without a body, followed by "标题。正文" paragraphs: each paragraph is a task.
    const titled = span.slice(1).filter((p) => {
      const stop = p.text.search(/[。]/)
      return stop >= 4 && stop <= 16 && p.text.length > stop + 8
    })
    if (!node.heading.body && titled.length >= 2) {
      titled.forEach((p, i) => {
        const stop = p.text.search(/[。]/)
        const d = findDepartments(p.text) ?? departments
        tasks.push({
          number: `${number}-${i + 1}`,
          title: p.text.slice(0, stop),
          lead: d?.lead ?? [],
          cooperating: d?.cooperating ?? [],
          pillar: node.heading.title,
          pillarParagraph: node.paragraph.index,
          quote: p.text.slice(0, stop),
          source: { kind: 'paragraph', paragraph: p.index, start: 0, end: stop },
          paragraphs: [p.index],
        })
      })
      return
    }
    // A bare heading line (a title and nothing under it) is not a task; a one-sentence item is.
    if (!node.heading.body && span.length === 1 && node.heading.title.length <= TITLE_MAX) return
    const t = titleOf(node)
    tasks.push({
      number,
      title: t.title,
      lead: departments?.lead ?? [],
      cooperating: departments?.cooperating ?? [],
      ...(pillar ? { pillar, pillarParagraph: parent!.paragraph.index } : {}),
      quote: node.paragraph.text.slice(t.start, t.end),
      source: { kind: 'paragraph', paragraph: node.paragraph.index, start: t.start, end: t.end },
      paragraphs: span.map((p) => p.index),
    })
  })
  // Tasks that name no department: the body the safeguards put in charge leads them (marked as inferred).
  const inCharge = findDefaultLead(paragraphs.filter((p) => sectionHas(nodes, p, SAFEGUARD_SECTION)))
  if (inCharge)
    for (const t of tasks)
      if (!t.lead.length && !t.cooperating.length) {
        t.lead = [inCharge.name]
        t.leadInferred = {
          quote: inCharge.quote,
          source: { kind: 'paragraph', paragraph: inCharge.paragraph, start: inCharge.start, end: inCharge.end },
        }
      }
  return tasks
}

/** Whether a paragraph sits under a heading matching `re` (or is one). */
function sectionHas(nodes: OutlineNode[], p: Paragraph, re: RegExp): boolean {
  let current: OutlineNode | undefined
  for (const n of nodes) {
    if (n.paragraph.index > p.index) break
    current = n
  }
  return Boolean(current && [...current.ancestors, current].some((a) => re.test(a.heading.title)))
}

/** "3" when 3. occurs once in the plan, else with its parents' markers until unique: "(一)3", "二(一)". */
function qualify(node: OutlineNode, seen: Map<string, number>): string {
  const own = node.heading.marker
  if ((seen.get(`${node.heading.level}:${own}`) ?? 0) <= 1) return own
  let number = own
  for (let i = node.ancestors.length - 1; i >= 0; i--) {
    number = node.ancestors[i]!.heading.marker + number
    if (node.ancestors[i]!.heading.level <= 2) break
  }
  return number
}
