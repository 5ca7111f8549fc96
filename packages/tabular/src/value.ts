import type { Measure } from '@cockpit/contracts'
import { shiftDecimal } from './decimal-shift.js'
import { toHalfWidth } from './full-width.js'
import { preview } from './preview.js'

export type ValueParse = { ok: true; value: number; note?: string } | { ok: false; message: string }

export interface ValueOptions {
  /** The Excel cell holding a number carries a % number format, so 0.8 is displayed (and meant) as 80%. */
  percentFormatted?: boolean
  /**
   * The indicator's unit (项, 万核, PB, %). A suffix equal to it is stripped without scaling, and a
   * suffix in another magnitude of the same base unit is converted (60000核 → 6 when the unit is 万核).
   */
  unit?: string
}

/** Longer than any honest number with a unit; longer text is a pasted sentence or an attack. */
const MAX_LENGTH = 64

// Longest first so 千万 wins over 千 and 万亿 over 万.
const MAGNITUDES: ReadonlyArray<readonly [string, number]> = [
  ['万亿', 12],
  ['千亿', 11],
  ['百亿', 10],
  ['十亿', 9],
  ['亿', 8],
  ['千万', 7],
  ['百万', 6],
  ['十万', 5],
  ['万', 4],
  ['千', 3],
  ['百', 2],
]

/**
 * Units recognised when the caller does not say the indicator's unit. All are base units (no
 * magnitude prefix), so "6万核" without a unit reads as 60000 核 rather than guessing 6 万核.
 */
const COMMON_UNITS = new Set([
  '项',
  '个',
  '家',
  '人',
  '人次',
  '次',
  '件',
  '条',
  '台',
  '套',
  '部',
  '座',
  '户',
  '所',
  '笔',
  '份',
  '张',
  '类',
  '种',
  '批',
  '场',
  '处',
  '名',
  '位',
  '字',
  '元',
  '核',
  '台次',
  '页',
  '天',
  '日',
  '小时',
  '分钟',
  '秒',
  '年',
  '月',
  'pb',
  'tb',
  'gb',
  'mb',
  'km',
  'm',
])

// sign, digits (with or without correct thousands separators), optional exponent (Excel writes 1.23E+11
// into CSV), then whatever suffix follows.
const NUMBER_RE = /^([+-])?(\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)(?:e([+-]?\d+))?\s*(.*)$/is

const fail = (message: string): ValueParse => ({ ok: false, message })

/**
 * Normalise one reported value to the indicator's measure: a percent in 0–100, a count as a
 * non-negative integer, a quantity as a non-negative real. Formulas are never evaluated: text that
 * starts with = + - @ and is not a plain signed number is rejected as text.
 *
 * Percent columns: "80%" and 80 mean 80%; a decimal strictly between 0 and 1 without a % sign
 * (0.8) is read as a ratio and becomes 80 with a note; exactly 0 and 1 are taken as 0% and 1%,
 * because "1" in a 上云率 column is far more often 1% than a ratio of 100%.
 */
export function parseReportedValue(raw: unknown, measure: Measure, opts: ValueOptions = {}): ValueParse {
  if (raw === null || raw === undefined) return fail('数值为空')
  if (typeof raw === 'number') return fromNumber(raw, measure, opts)
  if (typeof raw === 'bigint') return fromNumber(Number(raw), measure, opts)
  if (typeof raw === 'string') return fromText(raw, measure, opts)
  if (raw instanceof Date) {
    return fail('数值被 Excel 识别成了日期(输入 3-5、3/5 之类会被自动转换),请把单元格设为“常规”格式后重新填写数字')
  }
  if (typeof raw === 'boolean') return fail(`「${raw ? 'TRUE' : 'FALSE'}」不是数值`)
  return fail('无法识别的数值,请填写数字')
}

function fromNumber(n: number, measure: Measure, opts: ValueOptions): ValueParse {
  if (!Number.isFinite(n)) return fail('数值不是有效数字(NaN 或无穷大)')
  if (opts.percentFormatted) {
    if (measure !== 'percent') {
      return fail(
        `单元格为百分比格式(显示为 ${shiftDecimal(n, 2)}%),但${unitPhrase(opts.unit)}不是百分比指标,请改为“常规”格式后填写`,
      )
    }
    // The cell stores the ratio; what the person typed and sees is the ratio × 100.
    return checkRange(shiftDecimal(n, 2), measure)
  }
  if (measure === 'percent' && n > 0 && n < 1) {
    const v = shiftDecimal(n, 2)
    return checkRange(v, measure, `按小数比例解读为${v}%`)
  }
  return checkRange(n, measure)
}

function fromText(raw: string, measure: Measure, opts: ValueOptions): ValueParse {
  const trimmed = raw.trim()
  if (trimmed === '') return fail('数值为空')
  if (trimmed.length > MAX_LENGTH) return fail(`内容过长(${trimmed.length} 个字符),数值最多 ${MAX_LENGTH} 个字符`)
  const s = toHalfWidth(trimmed).trim()
  const m = NUMBER_RE.exec(s)
  if (!m) {
    const first = s.charAt(0)
    // A lone "-" is the usual "no data" dash, not a formula.
    if ('=+-@'.includes(first) && s.length > 1) {
      return fail(`「${preview(trimmed)}」以「${first}」开头,疑似公式,不是数值; 系统不会计算公式,请直接填写数字`)
    }
    return fail(`「${preview(trimmed)}」不是有效数值,请填写数字(如 80、80%、25)`)
  }
  const sign = m[1] ?? ''
  const digits = (m[2] ?? '').replace(/,/g, '')
  const exponent = Number(m[3] ?? '0')
  const suffix = (m[4] ?? '').trim()

  if (/^,\d/.test(suffix)) {
    return fail(`「${preview(trimmed)}」的千分位逗号位置不正确(应每三位一个,如 1,234)`)
  }
  const read = readSuffix(suffix, measure, opts.unit)
  if (!read.ok) return fail(read.message)

  // Scaling by rewriting the decimal exponent keeps 1.2亿 = 120000000 exact, unlike 1.2 * 1e8.
  let value = Number(`${sign}${digits}e${exponent + read.shift}`)
  if (!Number.isFinite(value)) return fail(`「${preview(trimmed)}」超出可表示的数值范围`)
  if (Object.is(value, -0)) value = 0
  if (measure === 'percent' && !read.percentSign && read.shift === 0 && value > 0 && value < 1) {
    const v = Number(`${sign}${digits}e${exponent + 2}`)
    return checkRange(v, measure, `按小数比例解读为${v}%`)
  }
  return checkRange(value, measure, read.note)
}

type SuffixRead = { ok: true; shift: number; percentSign: boolean; note?: string } | { ok: false; message: string }

function readSuffix(suffix: string, measure: Measure, unit: string | undefined): SuffixRead {
  if (suffix === '') return { ok: true, shift: 0, percentSign: false }
  if (suffix === '%') {
    if (measure === 'percent') return { ok: true, shift: 0, percentSign: true }
    return { ok: false, message: `${unitPhrase(unit)}不是百分比指标,数值中不应带 % 号` }
  }
  // A percent has no other unit; "80个" in a 上云率 column is a mistake, not 80%.
  if (measure === 'percent')
    return { ok: false, message: `百分比指标只能填写数字或带 % 号的数字,不能带「${preview(suffix)}」` }
  const s = normaliseUnit(suffix)
  const u = unit === undefined ? '' : normaliseUnit(unit)
  const shown = preview(suffix)

  if (u !== '' && u !== '%') {
    if (s === u) return { ok: true, shift: 0, percentSign: false }
    const unitMag = splitMagnitude(u)
    for (const [magText, mag] of prefixesOf(s)) {
      const rest = s.slice(magText.length)
      if (rest === u) return scaled(mag, magText)
      if (rest !== '' && rest === unitMag.rest) {
        // Same base unit, another magnitude: 60000核 when the indicator counts 万核.
        const shift = mag - unitMag.mag
        return { ok: true, shift, percentSign: false, note: `「${shown}」已按指标单位「${unit}」换算` }
      }
      if (rest === '' && magText !== '') {
        if (unitMag.mag === 0) return scaled(mag, magText)
        // "5万" in a 万核 column abbreviates the unit itself; only the same magnitude is unambiguous.
        if (magText === unitMag.magText) return { ok: true, shift: 0, percentSign: false }
        return { ok: false, message: `「${shown}」与指标单位「${unit}」的量级不一致,请直接填写以「${unit}」计的数值` }
      }
    }
    return { ok: false, message: `单位「${shown}」与指标单位「${unit}」不一致,请直接填写以「${unit}」计的数值` }
  }

  for (const [magText, mag] of prefixesOf(s)) {
    const rest = s.slice(magText.length)
    if (rest === '' || COMMON_UNITS.has(rest))
      return mag === 0 ? { ok: true, shift: 0, percentSign: false } : scaled(mag, magText)
  }
  return { ok: false, message: `无法识别数值后的「${shown}」,请只填写数字` }
}

const scaled = (mag: number, magText: string): SuffixRead => ({
  ok: true,
  shift: mag,
  percentSign: false,
  note: `已按「${magText}」换算`,
})

/** Every way the text starts with a magnitude, longest first, ending with the empty magnitude. */
function prefixesOf(s: string): Array<readonly [string, number]> {
  const out: Array<readonly [string, number]> = MAGNITUDES.filter(([t]) => s.startsWith(t))
  out.push(['', 0])
  return out
}

function splitMagnitude(unit: string): { magText: string; mag: number; rest: string } {
  for (const [t, mag] of MAGNITUDES) {
    if (unit.startsWith(t) && unit.length > t.length) return { magText: t, mag, rest: unit.slice(t.length) }
  }
  return { magText: '', mag: 0, rest: unit }
}

const normaliseUnit = (u: string): string => toHalfWidth(u).replace(/\s+/g, '').toLowerCase()

const unitPhrase = (unit: string | undefined): string => (unit ? `该指标(单位「${unit}」)` : '该指标')

function checkRange(v: number, measure: Measure, note?: string): ValueParse {
  if (!Number.isFinite(v)) return fail('数值超出可表示的范围')
  if (v < 0) return fail(`数值不能为负数(填写的是 ${v})`)
  if (measure === 'percent' && v > 100) return fail(`百分比应在 0 到 100 之间(填写的是 ${v}%)`)
  if (measure === 'count' && !Number.isInteger(v)) return fail(`数量应为整数(填写的是 ${v})`)
  if (measure === 'count' && v > Number.MAX_SAFE_INTEGER) return fail(`数量过大(填写的是 ${v})`)
  return note === undefined ? { ok: true, value: v } : { ok: true, value: v, note }
}
