import { clauses, sentences } from './clauses.js'
import { findDates, yearEnd } from './dates.js'
import type { Paragraph, SourceRef } from './document.js'
import { GOAL_SECTION, headingOf, inSection, NON_PLAN_SECTION, sectionsByParagraph } from './outline.js'

export interface MilestoneProposal {
  title: string
  dueDate: string
  quote: string
  source: SourceRef
  rule: string
}

export interface Horizon {
  startYear: number
  endYear: number
  /** The plan's issue date: anything dated on or before it is history, not a milestone. */
  issuedOn?: string | null
}

/** A line that is only a year or a span of years, "(2022-2024年)。": a phase heading broken over two lines. */
const PHASE_LINE = /^[((]\s*(20\d{2})(?:\s*[-—–~至]\s*(20\d{2}))?\s*年\s*[))][。.]?$/

/** A clause states something done by a date when it carries an outcome verb. */
const OUTCOME =
  /建成|完成|实现|形成|上线|出台|印发|建立|覆盖|达到|取得|满足|理顺|打通|整合|融合|贯通|开放|完善|推广|构建|建设|提升到|不低于|不少于|以上|发挥|落地|入驻|接入|投用|运行/
/** Deliverables of an annual plan: due by the plan year's end even when no date is written. */
const DELIVERABLE = /^(出台|印发|制定|建成|上线|举办|筹办|召开|编制|建立|完成|开设|更新|发布|改造升级|全面完成)/
/** Clauses that set the scene rather than state an outcome. */
const PREAMBLE =
  /^(以|按照|围绕|为|坚持|根据|依托|通过|对标|聚焦|结合|在.{0,12}(基础上|前提下|指导下)|着力|加快推进|探索|深入|适应|有力支撑|支撑)/

function titleOf(text: string): string {
  return text
    .replace(/^(?:(?:力争|确保|争取)?(?:到|至|在)?\s*20\d{2}\s*年(?:\d{1,2}月)?(?:底|末)?(?:前)?[,,]?)/, '')
    .replace(/^(力争|确保|争取|并|同时|要|逐步)/, '')
    .replace(/20\d{2}\s*年(?:底|末)?前?/, '')
    .trim()
}

/**
 * Dated milestones: from a sentence with a deadline ("2023年底前,…", "到2025年底,…率达到98%") every outcome
 * clause from the date on; a paragraph that opens with a deadline dates all its sentences; a phase heading
 * ("规划部署阶段(2021年)") dates its section. In an annual plan (start year = end year) a task's deliverable
 * clauses (出台…, 建成…, 上线…) are due at the year's end even when undated.
 */
export function extractMilestones(paragraphs: Paragraph[], horizon: Horizon): MilestoneProposal[] {
  const sections = sectionsByParagraph(paragraphs)
  const out: MilestoneProposal[] = []
  const annual = horizon.startYear === horizon.endYear
  let phaseLine: number | undefined
  let afterHeading = false
  for (const p of paragraphs) {
    const wasAfterHeading = afterHeading
    // A phase heading whose years went to the next line ("…(二)全面推进阶段" / "(2022-2024年)。").
    afterHeading = Boolean(headingOf(p)) || /阶段$/.test(p.text)
    const path = sections.get(p.index) ?? []
    if (inSection(path, NON_PLAN_SECTION)) continue
    const heading = headingOf(p)
    if (heading) phaseLine = undefined
    const inSchedule = path.some((n) => /阶段|推进计划|实施步骤|进度安排/.test(n.heading.title))
    const broken = wasAfterHeading || inSchedule ? PHASE_LINE.exec(p.text) : null
    if (broken) {
      phaseLine = Number(broken[2] ?? broken[1])
      continue
    }
    if (heading && !heading.body && p.text.length < 40) continue
    const phase = phaseLine ?? phaseYear(path.map((n) => n.heading.title))
    let paragraphDate: string | undefined
    const lead = findDates(p.text.slice(0, 16), annual ? horizon.endYear : undefined).find((d) => d.deadline)
    if (lead && lead.year <= horizon.endYear) paragraphDate = lead.dueDate
    for (const s of sentences(p.text)) {
      // Only dates inside the plan's horizon: earlier ones are history (审议通过), later ones the vision (远景).
      const own = findDates(s.text, annual ? horizon.endYear : undefined).filter(
        (d) =>
          d.deadline &&
          d.year >= horizon.startYear &&
          d.year <= horizon.endYear &&
          (!horizon.issuedOn || d.dueDate > horizon.issuedOn),
      )
      const vision = findDates(s.text).some((d) => d.year > horizon.endYear)
      if (vision && !own.length) continue
      const cls = clauses(s)
      cls.forEach((c) => {
        const rel = c.start - s.start
        const date = own.filter((d) => d.start <= rel + c.text.length).pop()
        let due = date?.dueDate ?? paragraphDate ?? (phase ? yearEnd(phase) : undefined)
        let rule = date ? 'dated-sentence' : paragraphDate ? 'dated-paragraph' : 'phase'
        const title = titleOf(c.text)
        if (!due && annual && DELIVERABLE.test(title) && !inSection(path, GOAL_SECTION)) {
          due = yearEnd(horizon.endYear)
          rule = 'annual-deliverable'
        }
        if (!due) return
        if (title.length < 4 || title.length > (DELIVERABLE.test(title) ? 100 : 60) || PREAMBLE.test(title)) return
        if (!OUTCOME.test(title) && !DELIVERABLE.test(title)) return
        out.push({
          title,
          dueDate: due,
          quote: c.text,
          source: { kind: 'paragraph', paragraph: p.index, start: c.start, end: c.end },
          rule,
        })
      })
    }
  }
  return out
}

/** "(一)规划部署阶段(2021年)" → 2021; "(2022-2024年)" → 2024. */
function phaseYear(titles: string[]): number | undefined {
  for (let i = titles.length - 1; i >= 0; i--) {
    const m = /阶段.*?[((]?(20\d{2})(?:\s*[-—–~至]\s*(20\d{2}))?\s*年[))]?/.exec(titles[i]!)
    if (m) return Number(m[2] ?? m[1])
  }
  return undefined
}
