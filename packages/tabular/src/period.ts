import type { Cadence } from '@cockpit/contracts'
import { parsePeriod, periodOf, type Period } from '@cockpit/domain'
import { toHalfWidth } from './full-width.js'
import { preview } from './preview.js'

export type PeriodParse = { ok: true; key: string } | { ok: false; message: string }

const QUARTER_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 }
const QUARTER_NAMES = ['', '第一季度', '第二季度', '第三季度', '第四季度'] as const
const CADENCE_NAMES: Record<Cadence, string> = { monthly: '月度', quarterly: '季度', yearly: '年度' }
const CADENCE_VERBS: Record<Cadence, string> = { monthly: '按月', quarterly: '按季度', yearly: '按年' }

// Years outside this window are typos (205, 20255) or Excel serials read as years.
const MIN_YEAR = 1990
const MAX_YEAR = 2100
// Excel serials of 1990-01-01 and 2100-12-31 (1900 date system).
const MIN_SERIAL = 32874
const MAX_SERIAL = 73415

/**
 * Read a reporting period as people write it (2025年3月, 2025-3, 202503, 2025年第一季度, 2025Q1,
 * 2025年度, an Excel date) and return @cockpit/domain's canonical key ('2025-03', '2025-Q1', '2025').
 * A date, typed or produced by Excel's auto-conversion of "2025-3", stands for its month.
 */
export function parsePeriodText(raw: unknown, cadence?: Cadence): PeriodParse {
  const read = readPeriod(raw)
  if (!read.ok) return read
  const period = parsePeriod(read.key)
  if (period === null) return { ok: false, message: `统计期「${read.key}」无效` }
  if (cadence !== undefined && period.cadence !== cadence) {
    return {
      ok: false,
      message: `「${periodLabel(period)}」是${CADENCE_NAMES[period.cadence]}统计期,该指标${CADENCE_VERBS[cadence]}报送,统计期应为如 ${periodLabel(sameTime(period, cadence))}`,
    }
  }
  return read
}

/** How the template writes a period, and how messages show one: 2025年3月, 2025年第一季度, 2025年. */
export function periodLabel(p: Period): string {
  const year = p.key.slice(0, 4)
  switch (p.cadence) {
    case 'monthly':
      return `${year}年${Number(p.key.slice(5, 7))}月`
    case 'quarterly':
      return `${year}年${QUARTER_NAMES[Number(p.key.slice(6))]}`
    case 'yearly':
      return `${year}年`
  }
}

// The example in a wrong-cadence message is the period of the right cadence around the same time.
const sameTime = (p: Period, cadence: Cadence): Period => periodOf(cadence, cadence === 'monthly' ? p.start : p.end)

function readPeriod(raw: unknown): PeriodParse {
  if (raw === null || raw === undefined) return { ok: false, message: '统计期为空' }
  if (raw instanceof Date) return fromDate(raw)
  if (typeof raw === 'number') return fromNumber(raw)
  if (typeof raw !== 'string') return unrecognised(String(raw))
  const s = toHalfWidth(raw).replace(/\s+/g, '')
  if (s === '') return { ok: false, message: '统计期为空' }

  let m = /^(\d{4})(?:年|年度|年全年)?$/.exec(s)
  if (m) return year(m[1])
  m = /^(\d{4})[-/.](\d{1,2})$/.exec(s) ?? /^(\d{4})年(\d{1,2})月份?$/.exec(s)
  if (m) return month(m[1], m[2], raw)
  m = /^(\d{4})(\d{2})$/.exec(s)
  if (m) return month(m[1], m[2], raw)
  m = /^(\d{4})(?:年|-)?(?:第)?q([1-4])(?:季度)?$/i.exec(s)
  if (m) return quarter(m[1], m[2], raw)
  m = /^(\d{4})年?(?:第)?([一二三四1-4])季度?$/.exec(s)
  if (m) return quarter(m[1], m[2], raw)
  // A full date (2025-03-31, 2025/3/1, 2025年3月1日) names a day; the period is its month.
  m = /^(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})日)$/.exec(s)
  if (m) {
    const mm = m[2] ?? m[4] ?? ''
    const dd = Number(m[3] ?? m[5])
    if (dd < 1 || dd > 31) return { ok: false, message: `统计期「${preview(raw)}」中的日期无效` }
    return month(m[1], mm, raw)
  }
  return unrecognised(raw)
}

const unrecognised = (raw: string): PeriodParse => ({
  ok: false,
  message: `无法识别统计期「${preview(raw)}」,请填写如 2025年3月、2025年第一季度 或 2025年`,
})

function checkYear(y: number): string | null {
  return y >= MIN_YEAR && y <= MAX_YEAR ? null : `统计期的年份 ${y} 不合理`
}

function year(y: string | undefined): PeriodParse {
  const err = checkYear(Number(y))
  return err ? { ok: false, message: err } : { ok: true, key: String(y) }
}

function month(y: string | undefined, m: string | undefined, raw: string): PeriodParse {
  const err = checkYear(Number(y))
  if (err) return { ok: false, message: err }
  const n = Number(m)
  if (!Number.isInteger(n) || n < 1 || n > 12)
    return { ok: false, message: `统计期「${preview(raw)}」中的月份应为 1 到 12` }
  return { ok: true, key: `${y}-${String(n).padStart(2, '0')}` }
}

function quarter(y: string | undefined, q: string | undefined, raw: string): PeriodParse {
  const err = checkYear(Number(y))
  if (err) return { ok: false, message: err }
  const n = QUARTER_DIGITS[q ?? '']
  if (n === undefined) return { ok: false, message: `统计期「${preview(raw)}」中的季度应为 1 到 4` }
  return { ok: true, key: `${y}-Q${n}` }
}

// exceljs hands dates over as UTC midnight of the calendar day shown in Excel.
function fromDate(d: Date): PeriodParse {
  if (Number.isNaN(d.getTime())) return { ok: false, message: '统计期是无效的日期' }
  const y = d.getUTCFullYear()
  const err = checkYear(y)
  if (err) return { ok: false, message: err }
  return { ok: true, key: `${y}-${String(d.getUTCMonth() + 1).padStart(2, '0')}` }
}

function fromNumber(n: number): PeriodParse {
  if (!Number.isInteger(n)) {
    if (!Number.isFinite(n)) return unrecognised(String(n))
    // 2025.03 typed into a number cell arrives as 2025.3, still the month people meant; but 2025.10
    // arrives as 2025.1, which cannot be told apart from January.
    if (String(n).endsWith('.1')) {
      return {
        ok: false,
        message: `统计期「${n}」是数字,无法区分 1 月和 10 月,请填写如 ${Math.trunc(n)}年10月 或 ${Math.trunc(n)}年1月`,
      }
    }
    return readPeriod(String(n))
  }
  if (n >= MIN_YEAR && n <= MAX_YEAR) return year(String(n))
  if (n >= 199001 && n <= 210012) return readPeriod(String(n))
  if (n >= MIN_SERIAL && n <= MAX_SERIAL) return fromDate(new Date(Math.round((n - 25569) * 86_400_000)))
  return unrecognised(String(n))
}
