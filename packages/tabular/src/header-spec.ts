import { toHalfWidth } from './full-width.js'

/** A column the reader looks for: `field` keys the row's cells, `aliases` are header texts people use. */
export interface HeaderSpec {
  field: string
  aliases: string[]
  required: boolean
  /**
   * A required column that this other field can stand in for: a department's own sheet names the
   * indicator (指标名称) or the place (地区) instead of giving its code, and ingest matches it by name.
   */
  orField?: string
}

/**
 * Header text as compared: full width folded, all whitespace (including line breaks inside a
 * header cell and full-width spaces) removed, required-markers (* or (必填), before or after)
 * dropped, lower-cased so "Value" and "VALUE" match the alias "value".
 */
export function normaliseHeader(text: string): string {
  let s = toHalfWidth(text).replace(/\s+/g, '')
  for (let prev = ''; prev !== s; ) {
    prev = s
    s = s
      .replace(/^\*+/, '')
      .replace(/\*+$/, '')
      .replace(/\(必填\)$/, '')
  }
  return s.toLowerCase()
}

/** The name a person knows the column by: the first alias. */
export const displayName = (spec: HeaderSpec): string => spec.aliases[0] ?? spec.field

/** The spec whose alias matches the header text, if any. */
export function matchHeader(text: string, specs: readonly HeaderSpec[]): HeaderSpec | undefined {
  const n = normaliseHeader(text)
  if (n === '') return undefined
  return specs.find((spec) => spec.aliases.some((a) => normaliseHeader(a) === n))
}
