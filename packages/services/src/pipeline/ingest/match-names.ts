import type { SubmissionErrorItem } from '@cockpit/db'
import { toHalfWidth } from '@cockpit/tabular'
import type { RawItem } from './raw-items.js'

/** An indicator a row may name: among those the caller may report. */
export interface NamedIndicator {
  code: string
  name: string
  jurisdictionCode: string
}

export interface NamedJurisdiction {
  code: string
  name: string
  parentCode: string | null
}

/** A name the file used and what it was taken to mean, once per distinct text, with its row count. */
export interface NameMatch {
  kind: 'indicator' | 'jurisdiction'
  /** As written in the file (trimmed). */
  name: string
  code: string
  /** The matched record's own name. */
  matchedName: string
  rows: number
}

export const nameColumns = { indicator: '指标名称', jurisdiction: '地区' }

/**
 * A name as compared: full width folded, whitespace and punctuation ((),（）、,. and the like) dropped,
 * Latin lower-cased, so 「政务服务 事项（网上）可办率」 and 「政务服务事项网上可办率」 are the same name.
 */
export function normaliseName(text: string): string {
  return toHalfWidth(text.normalize('NFKC'))
    .replace(/[\s\p{P}]+/gu, '')
    .toLowerCase()
}

// People write 扬州 for 扬州市 and 江都 for 江都区; the suffix is only dropped when that stays unambiguous.
// (Not 州 alone: 扬州, 衢州 and 达州 are stems.)
const JURISDICTION_SUFFIX = /(?:自治州|自治县|特别行政区|自治区|地区|省|市|县|区)$/
const stripSuffix = (n: string): string => n.replace(JURISDICTION_SUFFIX, '') || n

const clip = (s: string): string => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this strips
  const flat = s.replace(/[\u0000-\u001F\u007F]+/g, ' ')
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '')

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

function within(code: string, ancestor: string, parents: Map<string, string | null>): boolean {
  for (let c: string | null | undefined = code, hops = 0; c && hops < 10; c = parents.get(c), hops++)
    if (c === ancestor) return true
  return false
}

// Character bigrams: cheap enough for the few hundred names a department reports, and good at
// catching a word left out or two characters swapped.
function bigrams(s: string): Set<string> {
  const out = new Set<string>()
  for (let i = 0; i < s.length - 1; i++) out.add(s.slice(i, i + 2))
  if (s.length === 1) out.add(s)
  return out
}

function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0
  let common = 0
  for (const x of a) if (b.has(x)) common++
  return (2 * common) / (a.size + b.size)
}

/** Does the row need a look-up by name (no code given, a name given)? */
export const needsNameMatch = (it: RawItem): boolean =>
  (text(it.indicator) === '' && text(it.indicatorName) !== '') ||
  (text(it.jurisdiction) === '' && text(it.jurisdictionName) !== '')

/**
 * Replaces the indicator and jurisdiction names of rows that give no code with the codes they match,
 * so the rest of checkItems treats them like any other row. A name that matches nothing, or several
 * things the row cannot tell apart, is a row error naming what it could be; never a silent drop.
 */
export function matchNames(
  items: RawItem[],
  ctx: { indicators: NamedIndicator[]; jurisdictions: NamedJurisdiction[] },
): { items: RawItem[]; errors: SubmissionErrorItem[]; matches: NameMatch[] } {
  const parents = new Map(ctx.jurisdictions.map((j) => [j.code, j.parentCode]))
  const jurByCode = new Map(ctx.jurisdictions.map((j) => [j.code, j]))
  const jurByName = new Map<string, NamedJurisdiction[]>()
  const jurByStem = new Map<string, NamedJurisdiction[]>()
  for (const j of ctx.jurisdictions) {
    const n = normaliseName(j.name)
    pushTo(jurByName, n, j)
    pushTo(jurByStem, stripSuffix(n), j)
  }
  const indByName = new Map<string, NamedIndicator[]>()
  const indByCode = new Map(ctx.indicators.map((i) => [i.code, i]))
  for (const i of ctx.indicators) pushTo(indByName, normaliseName(i.name), i)
  let grams: { ind: NamedIndicator; norm: string; grams: Set<string> }[] | undefined
  const nearCache = new Map<string, NamedIndicator[]>()

  const jurisdictionsNamed = (name: string): NamedJurisdiction[] => {
    if (/^\d{6}$/.test(name)) {
      const j = jurByCode.get(name)
      return j ? [j] : []
    }
    const n = normaliseName(name)
    return jurByName.get(n) ?? jurByStem.get(stripSuffix(n)) ?? []
  }

  const near = (n: string): NamedIndicator[] => {
    const cached = nearCache.get(n)
    if (cached) return cached
    grams ??= ctx.indicators.map((ind) => ({
      ind,
      norm: normaliseName(ind.name),
      grams: bigrams(normaliseName(ind.name)),
    }))
    const mine = bigrams(n)
    const scored = grams
      .map((g) => ({
        ind: g.ind,
        score: n !== '' && (g.norm.includes(n) || n.includes(g.norm)) ? 2 : similarity(mine, g.grams),
      }))
      .filter((s) => s.score >= 0.5)
      .sort((a, b) => b.score - a.score || a.ind.code.localeCompare(b.ind.code))
      .slice(0, 3)
      .map((s) => s.ind)
    nearCache.set(n, scored)
    return scored
  }

  const out: RawItem[] = []
  const errors: SubmissionErrorItem[] = []
  const matches = new Map<string, NameMatch>()
  const record = (kind: NameMatch['kind'], name: string, code: string, matchedName: string) => {
    const key = `${kind}|${name}|${code}`
    const m = matches.get(key)
    if (m) m.rows++
    else matches.set(key, { kind, name, code, matchedName, rows: 1 })
  }
  const fail = (row: number, column: string, code: string, message: string) =>
    errors.push({ row, column, code, message })

  for (const it of items) {
    if (!needsNameMatch(it)) {
      out.push(it)
      continue
    }
    const jurCode = text(it.jurisdiction)
    const jurName = jurCode === '' ? text(it.jurisdictionName) : ''
    let jurs: NamedJurisdiction[] | null = null
    if (jurName !== '') {
      jurs = jurisdictionsNamed(jurName)
      if (jurs.length === 0) {
        fail(
          it.row,
          nameColumns.jurisdiction,
          'unknown_jurisdiction',
          `未找到名为「${clip(jurName)}」的地区,请核对名称或改用行政区划代码`,
        )
        continue
      }
    }
    // The places the row may be about, to tell two indicators of one name apart (its plan's jurisdiction).
    const rowPlaces = jurCode !== '' ? [jurCode] : (jurs?.map((j) => j.code) ?? null)

    const indCode = text(it.indicator)
    const indName = indCode === '' ? text(it.indicatorName) : ''
    let ind: NamedIndicator | undefined = indCode !== '' ? indByCode.get(indCode) : undefined
    if (indName !== '') {
      const n = normaliseName(indName)
      let cands = indByName.get(n) ?? []
      if (cands.length === 0) {
        const close = near(n)
        const hint = close.length > 0 ? `,相近的有:${close.map((c) => `「${c.name}」(${c.code})`).join('、')}` : ''
        fail(it.row, nameColumns.indicator, 'unknown_indicator', `未找到名为「${clip(indName)}」的指标${hint}`)
        continue
      }
      if (cands.length > 1 && rowPlaces !== null) {
        const here = cands.filter((c) => rowPlaces.some((p) => within(p, c.jurisdictionCode, parents)))
        if (here.length > 0) cands = here
      }
      if (cands.length > 1) {
        fail(
          it.row,
          nameColumns.indicator,
          'ambiguous_indicator',
          `指标名称「${clip(indName)}」对应多个指标:${cands.map((c) => c.code).join('、')},请改用指标编码`,
        )
        continue
      }
      ind = cands[0] as NamedIndicator
      record('indicator', indName, ind.code, ind.name)
    }

    let jurisdiction: string | undefined = jurCode === '' ? undefined : jurCode
    if (jurs !== null) {
      let cands = jurs
      if (cands.length > 1 && ind !== undefined) {
        const scope = ind.jurisdictionCode
        // 「南昌」 is 南昌市 and 南昌县 (inside it): the indicator's own place first, then places inside it.
        const own = cands.filter((j) => j.code === scope)
        const here = own.length > 0 ? own : cands.filter((j) => within(j.code, scope, parents))
        if (here.length > 0) cands = here
      }
      if (cands.length > 1) {
        fail(
          it.row,
          nameColumns.jurisdiction,
          'ambiguous_jurisdiction',
          `地区「${clip(jurName)}」对应多个地区:${cands.map((j) => `${j.name}(${j.code})`).join('、')},请写全称或改用行政区划代码`,
        )
        continue
      }
      const j = cands[0] as NamedJurisdiction
      record('jurisdiction', jurName, j.code, j.name)
      jurisdiction = j.code
    }
    out.push({ ...it, indicator: ind && indName !== '' ? ind.code : it.indicator, jurisdiction })
  }
  // Indicators first, then places, each in the order the file first used them.
  const listed = [...matches.values()]
  return {
    items: out,
    errors,
    matches: [...listed.filter((m) => m.kind === 'indicator'), ...listed.filter((m) => m.kind === 'jurisdiction')],
  }
}
