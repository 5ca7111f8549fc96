import type { Paragraph } from './document.js'

/** Numbering levels Chinese official documents use: 一、 (一) 1. (1) */
export type Level = 1 | 2 | 3 | 4

export interface Heading {
  level: Level
  /** The marker as written, normalised: "一", "(一)", "1", "(1)". */
  marker: string
  /** Text after the marker up to the first full stop (the item's title). */
  title: string
  /** Text after the title (the body of an item written on one line), possibly empty. */
  body: string
  /** Where the title starts in the paragraph's text. */
  titleStart: number
}

const PATTERNS: [Level, RegExp][] = [
  [1, /^([一二三四五六七八九十]{1,3})\s*、\s*/],
  [2, /^[((]\s*([一二三四五六七八九十]{1,3})\s*[))]\s*[、.．]?\s*/],
  [3, /^(\d{1,2})\s*(?:[.．、](?!\d)|\s)\s*/],
  [4, /^[((]\s*(\d{1,2})\s*[))]\s*/],
]

/** Reads a paragraph's leading number (if any) and splits its title from its body at the first 。 */
export function headingOf(p: Paragraph): Heading | undefined {
  for (const [level, re] of PATTERNS) {
    const m = re.exec(p.text)
    if (!m) continue
    const rest = p.text.slice(m[0].length)
    const stop = rest.search(/[。!?!?]/)
    let title = stop < 0 ? rest : rest.slice(0, stop)
    const body = stop < 0 ? '' : rest.slice(stop + 1).trim()
    title = title.replace(/[::]$/, '').trim()
    if (!title) return undefined
    const marker = level === 2 ? `(${m[1]})` : level === 4 ? `(${m[1]})` : m[1]!
    return { level, marker, title, body, titleStart: m[0].length }
  }
  return undefined
}

export interface OutlineNode {
  paragraph: Paragraph
  heading: Heading
  /** The headings above this one, outermost first. */
  ancestors: OutlineNode[]
}

/**
 * Every numbered paragraph with its ancestors. A number restarts under a new parent, so "1." under (一) and
 * "1." under (二) are different items. A level-3 line ("1.") inside a section whose siblings have long bodies
 * is an item; list lines inside a body paragraph are not numbered paragraphs, so they never appear here.
 */
export function outline(paragraphs: Paragraph[]): OutlineNode[] {
  const nodes: OutlineNode[] = []
  const stack: OutlineNode[] = []
  for (const p of paragraphs) {
    const heading = headingOf(p)
    if (!heading) continue
    while (stack.length && stack[stack.length - 1]!.heading.level >= heading.level) stack.pop()
    const node: OutlineNode = { paragraph: p, heading, ancestors: [...stack] }
    nodes.push(node)
    stack.push(node)
  }
  return nodes
}

/** For each paragraph index, the headings it sits under (innermost last). */
export function sectionsByParagraph(paragraphs: Paragraph[]): Map<number, OutlineNode[]> {
  const nodes = new Map(outline(paragraphs).map((n) => [n.paragraph.index, n]))
  const out = new Map<number, OutlineNode[]>()
  let current: OutlineNode[] = []
  for (const p of paragraphs) {
    const node = nodes.get(p.index)
    if (node) current = [...node.ancestors, node]
    out.set(p.index, current)
  }
  return out
}

/** Sections that describe the past or the principles, not what is to be done: no targets or tasks there. */
export const NON_PLAN_SECTION =
  /现状|成效|成绩|回顾|形势|问题|不足|背景|挑战|发展基础|工作基础|基础条件|取得.*进展|指导思想|基本原则|总体思路|总体架构|融合架构|主要原则/
/** Sections that state the goals (targets and dated milestones, no tasks). */
export const GOAL_SECTION = /目标|愿景|总体要求/
/** Safeguards: tasks only when departments are named for them. */
export const SAFEGUARD_SECTION = /保障措施|保障机制|组织实施|推进计划|实施步骤/

/**
 * Whether a paragraph sits in a section of the given kind. Only the section headings (一、 and (一)) decide:
 * an item's own title ("3.着力解决办事难问题") never turns its section into a review of the past.
 */
export const inSection = (path: OutlineNode[], kind: RegExp): boolean =>
  path.some((n) => n.heading.level <= 2 && kind.test(n.heading.title))
