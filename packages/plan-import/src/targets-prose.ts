import { parseChineseNumber } from './chinese-number.js'
import { clauses, sentences, type Span } from './clauses.js'
import type { Comparator, TargetProposal } from './target.js'
import { refineUnit, UNIT_ALTERNATION, unitForCount } from './units.js'

/** What the prose reader needs to know about where a sentence sits. */
export interface ProseContext {
  paragraph: number
  /** The year targets in this sentence are for (from a deadline phrase nearby, else the plan's last year). */
  yearAt: (offset: number) => number
}

const NUM = '(\\d+(?:\\.\\d+)?|[一二两三四五六七八九十百千]+)'
/** Verbs that cap a value (lower is better). 不低于 and 不少于 are floors, so negations are read first. */
const isCap = (verb: string) =>
  !/^不(低于|少于)/.test(verb) &&
  /^(控制在|不超过|不高于|低于|压减到|压减至|压缩到|压缩至|降低到|降低至|降到|降至|缩短到|缩短至|减少到|减少至)$/.test(
    verb,
  )
const TARGET_VERBS =
  '达到|达|提高到|提高至|提升到|提升至|增加到|增长到|不低于|不少于|至少|超过|高于|保持在|稳定在|突破|控制在|不超过|不高于|低于|压减到|压减至|压缩到|压缩至|降低到|降低至|降到|降至|缩短到|缩短至'

const PERCENT_RE = new RegExp(
  `(${TARGET_VERBS})?\\s*${NUM}\\s*(?:[-~~—至到]\\s*${NUM}\\s*)?%\\s*(以上|左右|以内|以下)?`,
  'g',
)
const MAKE_VERBS = '形成|打造|建成|建设|构建|推动|培育|推出|归集治理|归集|做好|新建|创建|建立|推进'
const COUNT_RE = new RegExp(
  `(不少于|不低于|至少|超过|达到|达|突破|累计|新增|等|${MAKE_VERBS})?\\s*${NUM}\\s*(?:[-~~—至到]\\s*${NUM}\\s*)?(${UNIT_ALTERNATION}|大)(以上|左右|以内)?`,
  'g',
)
/** "全覆盖" and its kin: every item of the kind, i.e. 100%. The verb names the rate. */
const ALL_RE =
  /(全域覆盖|全覆盖|全面覆盖|全部覆盖|覆盖所有|100%覆盖|全量归集|应归尽归|应接尽接|应上尽上|全上平台|全整合|全打通|全部(?:上线|接入|迁移至?|迁入|上云|归集|纳入|通过))/g
/** Time limits: "企业开办时间压缩至1个工作日以内", "审批时限缩短到3天". Lower is better. */
const TIME_RE = new RegExp(
  `(压缩至|压缩到|压减至|压减到|缩短至|缩短到|控制在|不超过|减至|降至)\\s*${NUM}\\s*个?(工作日|小时|天|分钟)(以内)?`,
  'g',
)
const ZERO_RE = /为\s*[“"']?\s*[0零]\s*[”"']?(?![\d.])/g

/** Words that begin a clause without being part of what is measured. */
const LEAD_NOISE =
  /^(?:(?:到|至|力争到?|确保|争取|在)?\s*20\d{2}\s*年(?:底|末)?(?:前)?|每年|年均|新增|累计|力争|确保|争取|推动|推进|实现|促进|全面|持续|进一步|基本|加快|逐步|努力|使|让|将|把|全市|全省|全县|全区|其中|同时|并|且|和|及|以及|开发|建设|打造|培育|形成|推出|建成|做好|构建|完成|组织|引导|指导并促进|指导|支持|鼓励|新建)+/
const TAIL_NOISE =
  /(?:力争|要|将|均|应|需|稳步|进一步|持续|全面|基本|实现|达到|达|提升|提高|增加|保持|力求|争取|率先|可|能|全部|的)+$/

function cleanName(raw: string): string {
  let s = raw.replace(/(?:到|至|在)?20\d{2}\s*年(?:\d{1,2}月)?(?:底|末)?(?:前|以前)?/g, '').trim()
  for (let i = 0; i < 3; i++)
    s = s
      .replace(LEAD_NOISE, '')
      .replace(TAIL_NOISE, '')
      .replace(/^[,,、\s]+|[,,、\s]+$/g, '')
      .trim()
  // A quote cut in half by the clause split gets its other half back.
  if (/^[^“]*”/.test(s)) s = `“${s}`
  if (/“[^”]*$/.test(s)) s = `${s}”`
  return s
}

const num = (t: string | undefined) => (t === undefined ? undefined : parseChineseNumber(t))

/** A name must look like something measured, not a verb phrase or a stray fragment. */
const plausibleName = (name: string) =>
  name.length >= 3 &&
  name.length <= 40 &&
  /\p{Script=Han}/u.test(name) &&
  !/^(以上|左右|目标|水平|能力)$/.test(name) &&
  !/^(以|按照|围绕|通过|依托|对标|结合)/.test(name)

/** "推动产业、税费、…、人才等惠企政策在…平台": a long list of examples closed by 等 names the category after it. */
const afterExamples = (name: string) =>
  name.length > 30 && name.includes('等') ? name.slice(name.lastIndexOf('等') + 1) : name

/** Numbers that are not targets: hotline numbers, generations (5G), time limits inside a name, ordinals. */
function ignoredNumber(clause: string, at: number, end: number): boolean {
  const before = clause.slice(Math.max(0, at - 2), at)
  const after = clause.slice(end, end + 4)
  if (/^(G|个工作日|工作日|小时|分钟|天内|日内|年|月|届|期|号|批次)/.test(after)) return true
  if (/第$/.test(before)) return true
  if (/^[\d+]/.test(after)) return true
  if (/[+“"《]$/.test(before) && /^[+”"》]/.test(clause.slice(end - 1, end + 1))) return true
  return false
}

/**
 * Targets stated in running text. Each clause is tried against the phrase patterns: a percentage after a
 * target verb ("达到80%以上", "不低于40%"), a count ("不少于25项", "10个以上", "1-2个"), "全覆盖" and kin
 * (100%), and "为'0'" (at most zero, lower is better). The indicator's name is what the clause measures: the
 * words before the figure, or for "推出500项以上'免证办'事项" the thing counted after it, plus 数.
 */
export function proseTargets(text: string, ctx: ProseContext): TargetProposal[] {
  const out: TargetProposal[] = []
  for (const sentence of sentences(text)) {
    const cls = clauses(sentence)
    // A sentence about the past ("十三五"期间…达到95%) states results, not targets.
    if (/十[一二三]五.{0,3}(期间|时期|以来)|过去五年|近年来|截至目前|目前已/.test(sentence.text)) continue
    cls.forEach((clause, i) => {
      const perYear = /每年|年均/.test(clause.text)
      const cumulative = /累计/.test(clause.text)
      // A clause citing another document (洪办发〔2022〕11号) quotes its number, not a target.
      if (/[〔[]\s*20\d{2}\s*[〕\]]/.test(clause.text)) return
      const prev = cls[i - 1]
      const found = [
        ...percentTargets(clause, prev),
        ...countTargets(clause, prev),
        ...timeTargets(clause, prev),
        ...allTargets(clause, prev),
        ...zeroTargets(clause, prev),
      ]
      found.push(...doublingTargets(clause, prev))
      for (const f of found) {
        if (!f.baseline) {
          const base = baselineBefore(clause.text, f.unit)
          if (base) f.baseline = base
        }
        const t: TargetProposal = {
          ...f,
          year: ctx.yearAt(clause.start),
          quote: clause.text,
          source: { kind: 'paragraph', paragraph: ctx.paragraph, start: clause.start, end: clause.end },
        }
        if (perYear) t.accumulation = 'per-year'
        else if (cumulative) t.accumulation = 'cumulative'
        out.push(t)
      }
    })
  }
  return out
}

type Found = Omit<TargetProposal, 'year' | 'quote' | 'source'>

/** The subject of a clause that has none of its own ("…的覆盖率,力争达到90%") is the previous clause's. */
function subject(clause: Span, at: number, prev: Span | undefined): string {
  const own = afterExamples(cleanName(clause.text.slice(0, at)))
  if (plausibleName(own) || !prev) return own
  return cleanName(prev.text)
}

function percentTargets(clause: Span, prev: Span | undefined): Found[] {
  const out: Found[] = []
  for (const m of clause.text.matchAll(PERCENT_RE)) {
    const [whole, verb, a, b, suffix] = m
    const at = m.index!
    const value = num(a)
    if (value === undefined || value > 1000) continue
    const before = clause.text.slice(0, at)
    // A percentage with no target wording ("增长12%" as a past result) is not a target.
    const quoted = /^[“"]([^”"]{2,12})[”"]/.exec(clause.text.slice(at + whole.length))
    if (
      !verb &&
      !suffix &&
      !quoted &&
      !/(达到?|提高到|提升到|力争|不低于|超过|为)\s*$/.test(before) &&
      !/率\s*$/.test(before)
    )
      continue
    if (/(增长|下降|提高|提升|降低|减少)$/.test(before.trim()) && !verb) continue
    const name = quoted
      ? `“${quoted[1]}”率`
      : subject(clause, at, prev)
          .replace(/(达到|为)$/, '')
          .replace(/(压减|压缩|降低|减少|缩短|提高|提升)(至|到).*$/, '')
    if (!plausibleName(name)) continue
    const lower = isCap(verb ?? '') || suffix === '以内' || suffix === '以下'
    const valueMax = num(b)
    // "保持在100%": held at a value, neither floor nor cap.
    const held = /^(保持在|稳定在|维持在)$/.test(verb ?? '') && !suffix
    const comparator: Comparator = valueMax !== undefined ? 'range' : lower ? 'lte' : held ? 'eq' : 'gte'
    out.push({
      indicator: name,
      unit: '%',
      comparator,
      value,
      ...(valueMax !== undefined ? { valueMax } : {}),
      direction: lower ? 'lower' : 'higher',
      rule: `percent:${verb ?? ''}${suffix ?? ''}`,
    })
  }
  return out
}

function countTargets(clause: Span, prev: Span | undefined): Found[] {
  const out: Found[] = []
  for (const m of clause.text.matchAll(COUNT_RE)) {
    const [whole, pre, a, b, unitRaw, suffix] = m
    const end = m.index! + whole.length
    if (
      ignoredNumber(
        clause.text,
        m.index! + (whole.length - whole.trimStart().length) + (pre?.length ?? 0),
        end - (suffix?.length ?? 0),
      )
    )
      continue
    const value = num(a)
    if (value === undefined) continue
    // "一批", "一类", "一套": a vague amount, not a target figure.
    if (value === 1 && /^[一]$/.test(a!) && /^(批|类|套|支|种)$/.test(unitRaw!)) continue
    const valueMax = num(b)
    // Only a stated target: a floor (不少于, 至少, 以上), a range (1-2个), or a list closed by 等N个.
    // …or something the plan makes, counted: 形成100个…场景, 推进五大基础数据库, 做好2个省级工具.
    const made =
      Boolean(pre && new RegExp(`^(${MAKE_VERBS})$`).test(pre)) ||
      /全市$|全省$|全县$/.test(clause.text.slice(0, m.index!).trim())
    // "空间调查、多规合一…和空间安全五大综合应用": N大 closing a list names N things to build.
    const listed = /、/.test(clause.text.slice(0, m.index!))
    if (unitRaw === '大' && !(made || pre === '等' || listed)) continue
    const targetWording = Boolean(
      suffix === '以上' ||
        /不少于|不低于|至少|超过|达到?|突破/.test(pre ?? '') ||
        valueMax !== undefined ||
        pre === '等' ||
        made ||
        (unitRaw === '大' && listed),
    )
    if (!targetWording) continue
    const after = clause.text.slice(end)
    let name: string
    // "2个省级工具和X个场景": the second count is another indicator.
    const counted = cleanName(
      after.replace(/(和|及|与)[^和及与]*[\dXN][个项].*$/, '').replace(/(建设|推广|上线|落地)$/, ''),
    )
    if (after.trim() && plausibleName(counted) && !/^(的|左右)/.test(after)) name = `${counted}数`
    else if (unitRaw === '大')
      continue // "三大能力": what is counted must be named after the figure
    else {
      // "公共数据开放数据集不少于1000个": a count of the things named, 数 added as indicator names have it.
      name = subject(clause, m.index!, prev).replace(/(上线|推出|达到?)$/, '')
      if (!/(数|量|率|规模|总数|人次)$/.test(name)) name = `${name}数`
    }
    if (!plausibleName(name)) continue
    const unit = refineUnit(unitRaw === '大' ? '个' : unitRaw!, name)
    const finalName = unit.startsWith('万') && !/数$/.test(name) ? `${name}数` : name
    out.push({
      indicator: finalName.replace(/数数$/, '数'),
      unit,
      comparator: valueMax !== undefined ? 'range' : 'gte',
      value,
      ...(valueMax !== undefined ? { valueMax } : {}),
      direction: 'higher',
      rule: `count:${pre ?? ''}${suffix ?? ''}`,
    })
  }
  return out
}

const RATE_FOR: [RegExp, string][] = [
  [/覆盖/, '覆盖率'],
  [/归集|应归尽归/, '归集率'],
  [/接入|应接尽接/, '接入率'],
  [/上云/, '上云率'],
  [/上线/, '上线率'],
  [/迁/, '迁移率'],
  [/上平台|应上尽上/, '上平台率'],
  [/整合/, '整合率'],
  [/打通/, '打通率'],
  [/纳入/, '纳入率'],
  [/通过/, '比例'],
]

function allTargets(clause: Span, _prev: Span | undefined): Found[] {
  const out: Found[] = []
  for (const m of clause.text.matchAll(ALL_RE)) {
    const phrase = m[1]!
    const rate = RATE_FOR.find(([re]) => re.test(phrase))?.[1] ?? '比例'
    const before = clause.text.slice(0, m.index!)
    // "加强…数据的全量归集": a nominalised action, not a state to reach.
    if (/的\s*[“"]?$/.test(before)) continue
    let name = afterExamples(cleanName(before))
      .replace(/(实现|做到|达到|推动|形成)$/, '')
      .replace(/[“"]$/, '')
    // "建设全域覆盖、全面治理的应急管理信息化平台": the phrase describes what follows its 的.
    const rest = clause.text.slice(m.index! + phrase.length)
    if (!plausibleName(name) && /^[”"]?(的|、)/.test(rest) && rest.includes('的'))
      name = cleanName(rest.slice(rest.indexOf('的') + 1))
    // "构建覆盖所有市场主体的信用监管体系": the system (after 的) covering the things named before it.
    const covered = /^覆盖所有/.test(phrase) ? /^([^的,,]{2,12})的(.+)$/.exec(rest) : null
    if (!plausibleName(name) && covered) name = `${cleanName(covered[2]!)}${covered[1]}`
    // Without a subject of its own ("实现'应归尽归、开放共享'") it is a slogan, not a target.
    if (!plausibleName(name)) continue
    out.push({
      indicator: `${name.replace(/(率|数)$/, '')}${rate}`,
      unit: '%',
      comparator: 'gte',
      value: 100,
      direction: 'higher',
      rule: `all:${phrase}`,
    })
  }
  return out
}

function timeTargets(clause: Span, prev: Span | undefined): Found[] {
  const out: Found[] = []
  for (const m of clause.text.matchAll(TIME_RE)) {
    const value = num(m[2])
    const name = subject(clause, m.index!, prev)
    if (value === undefined || !plausibleName(name)) continue
    out.push({ indicator: name, unit: m[3]!, comparator: 'lte', value, direction: 'lower', rule: `time:${m[1]}` })
  }
  return out
}

/** "由2020年的60%提高到90%", "从2022年的30%提升至75%": the starting figure is the baseline. */
function baselineBefore(text: string, unit: string): TargetProposal['baseline'] | undefined {
  const m = new RegExp(
    `(?:由|从)\\s*(20\\d{2})\\s*年(?:底|末)?的?\\s*${NUM}\\s*(%|${UNIT_ALTERNATION})?\\s*(?:提高|提升|增加|增长|降低|下降|减少|压减|缩短)`,
  ).exec(text)
  if (!m) return undefined
  if (m[3] && m[3] !== unit && !unit.endsWith(m[3])) return undefined
  const value = num(m[2])
  return value === undefined ? undefined : { year: Number(m[1]), value }
}

/**
 * "数字经济核心产业增加值比2020年翻一番": twice the baseline. The baseline value is rarely in the sentence, so the
 * target is proposed as a ratio (2 倍 of the base year's value) for the reviewer to turn into a figure.
 */
function doublingTargets(clause: Span, prev: Span | undefined): Found[] {
  const m = /(?:比|较|在)?\s*(?:(20\d{2})\s*年(?:的基础上)?)?\s*(翻一番|翻两番|翻番|翻一倍)/.exec(clause.text)
  if (!m) return []
  const name = subject(clause, m.index, prev).replace(/(比|较)$/, '')
  if (!plausibleName(name)) return []
  const factor = m[2] === '翻两番' ? 4 : 2
  return [
    {
      indicator: name,
      unit: '倍',
      comparator: 'gte',
      value: factor,
      direction: 'higher',
      rule: `doubling:${m[2]}`,
      ...(m[1] ? { baseline: { year: Number(m[1]), value: 1 } } : {}),
    },
  ]
}

function zeroTargets(clause: Span, prev: Span | undefined): Found[] {
  const out: Found[] = []
  for (const m of clause.text.matchAll(ZERO_RE)) {
    const name = subject(clause, m.index!, prev)
    if (!plausibleName(name)) continue
    const unit = unitForCount(name)
    out.push({
      indicator: /数$/.test(name) ? name : `${name}数`,
      unit,
      comparator: 'lte',
      value: 0,
      direction: 'lower',
      rule: 'zero',
    })
  }
  return out
}
