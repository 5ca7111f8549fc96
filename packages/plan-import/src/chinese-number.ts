const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
}
const SMALL: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }
const BIG: Record<string, number> = { 万: 1e4, 亿: 1e8 }

/** Characters a Chinese numeral is written with (for building patterns). */
export const CHINESE_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千万亿'

/**
 * Reads a Chinese numeral (十二, 两百, 三千零五, 一万二千, 5万, 1.5亿) into a number; undefined when the text is
 * not one. Arabic digits mixed with 万/亿 are accepted because plans write "3.2万个". The grammar is small and
 * tested (property test against a formatter), so no dependency is needed for it.
 */
export function parseChineseNumber(text: string): number | undefined {
  const s = text.trim()
  if (!s) return undefined
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s)
  const mixed = /^(\d+(?:\.\d+)?)([万亿])$/.exec(s)
  if (mixed) return Number(mixed[1]) * BIG[mixed[2]!]!
  if (![...s].every((c) => c in DIGITS || c in SMALL || c in BIG)) return undefined
  // "二零二五" (a year spelt digit by digit) has no unit characters and is read positionally.
  if (![...s].some((c) => c in SMALL || c in BIG)) return positional(s)
  let total = 0
  let section = 0
  let digit: number | undefined
  for (const c of s) {
    if (c in DIGITS) {
      if (DIGITS[c] === 0) continue // 零 only marks a skipped place: 一百零八
      if (digit !== undefined) return undefined // 二三 is not a numeral
      digit = DIGITS[c]!
    } else if (c in SMALL) {
      section += (digit ?? 1) * SMALL[c]!
      digit = undefined
    } else {
      section += digit ?? 0
      if (section === 0 && total === 0) section = 1
      total += section * BIG[c]!
      section = 0
      digit = undefined
    }
  }
  return total + section + (digit ?? 0)
}

function positional(s: string): number | undefined {
  if (![...s].every((c) => c in DIGITS)) return undefined
  return Number([...s].map((c) => DIGITS[c]).join(''))
}
