import { parseChineseNumber } from './chinese-number.js'

export interface DatePhrase {
  year: number
  /** YYYY-MM-DD: the last day of the month or year the phrase names. */
  dueDate: string
  /** Where the phrase sits in the text it was found in. */
  start: number
  end: number
  /** "到2025年" style (by then) rather than a bare mention of the year. */
  deadline: boolean
}

const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()
const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`

const MONTH = '(\\d{1,2}|[一二三四五六七八九十]{1,2})月'
// 到2025年 / 2023年底前 / 2023年6月底前 / 到2024年底 / 2022年12月31日前 / 年底前 (year from context) / 上半年
const DATE_RE = new RegExp(
  `(到|至|截至|力争到|力争|在|于)?(20\\d{2})\\s*年(?:${MONTH}(?:(\\d{1,2})日)?)?(底|末|年底|上半年|下半年)?(前|以前|之前)?`,
  'g',
)
const BARE_RE = new RegExp(`(?<!\\d年)(今年|年内|年底前|年底|上半年|下半年|(${MONTH})(底前|底|末|前))`, 'g')

/**
 * Dated phrases in a text, in order. A year alone counts only when it reads as a deadline (到…年, …年底前,
 * …年X月) or starts the clause ("2023年,实现…"); "2020年的基础上" and "(2022-2024年)" ranges are not deadlines.
 * `contextYear` dates year-less phrases ("6月底前", "年底前") in an annual plan.
 */
export function findDates(text: string, contextYear?: number): DatePhrase[] {
  const out: DatePhrase[] = []
  for (const m of text.matchAll(DATE_RE)) {
    const [whole, prefix, y, monthText, day, end, before] = m
    const year = Number(y)
    const after = text.slice(m.index! + whole.length, m.index! + whole.length + 2)
    if (/^[-—–~至到]\s*\d/.test(after) || /^[-—–~]/.test(text.slice(m.index! - 1, m.index!))) continue // a range of years
    if (/^(的|以来|相比|比|基础)/.test(after) && !/^(到|至|截至|力争)/.test(prefix ?? '')) continue
    const month = monthText ? (parseChineseNumber(monthText) ?? 12) : end === '上半年' ? 6 : 12
    const dueDate = day ? iso(year, month, Number(day)) : iso(year, month, lastDay(year, month))
    const deadline =
      Boolean(prefix && prefix !== '在' && prefix !== '于') || Boolean(before) || Boolean(end) || Boolean(monthText)
    out.push({ year, dueDate, start: m.index!, end: m.index! + whole.length, deadline: deadline || m.index === 0 })
  }
  if (contextYear !== undefined) {
    for (const m of text.matchAll(BARE_RE)) {
      if (out.some((d) => m.index! >= d.start && m.index! < d.end)) continue
      const monthText = m[3]
      const month = monthText ? (parseChineseNumber(monthText) ?? 12) : m[1] === '上半年' ? 6 : 12
      out.push({
        year: contextYear,
        dueDate: iso(contextYear, month, lastDay(contextYear, month)),
        start: m.index!,
        end: m.index! + m[0].length,
        deadline: true,
      })
    }
    out.sort((a, b) => a.start - b.start)
  }
  return out
}

export const yearEnd = (year: number) => iso(year, 12, 31)
