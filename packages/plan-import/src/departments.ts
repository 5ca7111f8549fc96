export interface DepartmentRoles {
  lead: string[]
  cooperating: string[]
  /** The bracket as written, with its offsets in the text. */
  quote: string
  start: number
  end: number
}

/** Names of "everyone concerned": they stay in the list, but never as the lead when a named department is there. */
const GENERIC = /^(有关部门和单位|有关部门|有关单位|各有关部门|相关部门|相关单位|各相关部门)$/

/**
 * Splits a list of departments at 、 , ; and 和/及 between names, but never inside brackets, so
 * "各县(市、区)人民政府" stays whole; "市大数据管理中心等有关部门和单位" gives the centre and "有关部门和单位".
 */
export function splitDepartments(list: string): string[] {
  const out: string[] = []
  let depth = 0
  let cur = ''
  const push = () => {
    const name = cur
      .trim()
      .replace(/^(以及|及|和|与)/, '')
      .replace(/[。.;;]$/, '')
      .trim()
    if (name) {
      const etc = /^(.+?)等(.{0,8}(?:部门|单位|机构))$/.exec(name)
      if (etc) out.push(etc[1]!, etc[2]!)
      else out.push(name.replace(/等$/, ''))
    }
    cur = ''
  }
  for (const ch of list) {
    if ('((〔[【'.includes(ch)) depth++
    if ('))〕]】'.includes(ch)) depth = Math.max(0, depth - 1)
    if (depth === 0 && '、,,;;'.includes(ch)) push()
    else cur += ch
  }
  push()
  return out.filter((n) => n.length >= 2 && n.length <= 40)
}

const ROLE_RE = /(牵头单位|牵头部门|责任单位|责任部门|主责单位|配合单位|配合部门|参与单位|协办单位)\s*[::]\s*/g
const BRACKET_RE =
  /[((〔[【]\s*((?:牵头|责任|主责)(?:单位|部门)\s*[::][^()()〔〕[\]【】]*(?:[((][^()()]*[))][^()()〔〕[\]【】]*)*)[))〕\]】]/g

/**
 * Departments named for a task: "(责任单位:A、B等有关部门和单位)", "〔牵头单位:A;配合单位:B〕".
 * In a 责任单位 list the first named department leads (the official convention "排在第一位的为牵头单位"),
 * the others cooperate; every 牵头单位 leads, except "有关部门和单位", which cooperates.
 */
export function findDepartments(text: string): DepartmentRoles | undefined {
  const matches = [...text.matchAll(BRACKET_RE)]
  const m = matches[matches.length - 1]
  if (!m) return undefined
  const inner = m[1]!
  const lead: string[] = []
  const cooperating: string[] = []
  const parts = [...inner.matchAll(ROLE_RE)]
  parts.forEach((p, i) => {
    const from = p.index! + p[0].length
    const to = i + 1 < parts.length ? parts[i + 1]!.index! : inner.length
    const names = splitDepartments(inner.slice(from, to))
    const role = p[1]!
    if (/配合|参与|协办/.test(role)) cooperating.push(...names)
    else if (/牵头/.test(role)) for (const n of names) (GENERIC.test(n) ? cooperating : lead).push(n)
    else {
      const named = names.filter((n) => !GENERIC.test(n))
      if (named[0]) lead.push(named[0])
      cooperating.push(...names.filter((n) => n !== named[0]))
    }
  })
  return { lead, cooperating, quote: m[0], start: m.index!, end: m.index! + m[0].length }
}

/** The body a plan puts in charge of all its tasks, when tasks name no departments of their own. */
export interface DefaultLead {
  name: string
  quote: string
  paragraph: number
  start: number
  end: number
}

const CHARGE_RE = /([\u4e00-\u9fa5]{2,24}?)(?:牵头负责|牵头推进|牵头抓总|牵头组织|负责推进具体任务)/
const FORMED_RE = /成立([\u4e00-\u9fa5]{2,24}?(?:领导小组办公室|领导小组|协调小组|工作专班|指挥部))/

/**
 * Plans without a department per task (大竹, 衢州) say in their safeguards who drives the work:
 * "领导小组办公室牵头负责推进具体任务", "成立数字政府建设工作协调小组". That body is proposed as the lead of every
 * task that names none, marked as inferred, with the sentence it was read from.
 */
export function findDefaultLead(paragraphs: { index: number; text: string }[]): DefaultLead | undefined {
  for (const re of [CHARGE_RE, FORMED_RE]) {
    for (const p of paragraphs) {
      for (const clause of p.text.split(/[,,。;;]/)) {
        const m = re.exec(clause)
        if (!m) continue
        const name = m[1]!.replace(/^(由|并|要|请|设立|成立)/, '')
        if (name.length < 2) continue
        const start = p.text.indexOf(clause)
        return { name, quote: clause, paragraph: p.index, start, end: start + clause.length }
      }
    }
  }
  return undefined
}
