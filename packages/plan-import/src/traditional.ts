import * as OpenCC from 'opencc-js'
import type { PlanDocument } from './document.js'

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' })

/**
 * Vocabulary a Simplified→Traditional converter swapped in (Taiwan usage); opencc's t→cn converts characters
 * only, so these stay wrong after it. Applied after the character conversion, longest first. Add a row when an
 * imported document shows another swapped term (with a test in traditional.test.ts).
 */
export const CONVERTER_VOCABULARY: readonly (readonly [string, string])[] = [
  ['网际网路', '互联网'],
  ['数位', '数字'],
  ['智慧型', '智能'],
  ['最佳化', '优化'],
  ['资料库', '数据库'],
  ['格线化', '网格化'],
  ['格线', '网格'],
  ['回响', '响应'],
  ['套用', '应用'],
  ['网路', '网络'],
  ['线上监管', '在线监管'],
  ['人民民众', '人民群众'],
  ['品质', '质量'],
  ['资讯', '信息'],
  ['软体', '软件'],
  ['硬体', '硬件'],
  ['程式', '程序'],
  ['计画', '计划'],
  ['人工智慧', '人工智能'],
  ['中国小', '中小学'],
  ['本著', '本着'],
  ['随著', '随着'],
  ['面临著', '面临着'],
  ['著力', '着力'],
  ['著眼', '着眼'],
]

/**
 * Share of Han characters the converter changes: Simplified text changes almost none (a few variant
 * characters), Traditional text a large share. 3% separates them with a wide margin on real plans.
 */
export function traditionalShare(text: string): number {
  const han = text.match(/\p{Script=Han}/gu) ?? []
  if (han.length === 0) return 0
  const sample = han.slice(0, 5000).join('')
  const converted = toSimplified(sample)
  let changed = 0
  for (let i = 0; i < sample.length; i++) if (sample[i] !== converted[i]) changed++
  return changed / sample.length
}

export const isTraditional = (text: string): boolean => traditionalShare(text) > 0.03

/** Traditional → Simplified, then the converter's vocabulary put back. */
export function simplify(text: string): string {
  let out = toSimplified(text)
  for (const [from, to] of CONVERTER_VOCABULARY) out = out.split(from).join(to)
  return out
}

/** Converts a whole document when (and only when) it reads as Traditional. */
export function simplifyDocument(doc: PlanDocument): PlanDocument {
  const all = doc.blocks.map((b) => (b.kind === 'paragraph' ? b.text : b.rows.flat().join(''))).join('')
  if (!isTraditional(all)) return doc
  return {
    ...doc,
    convertedFromTraditional: true,
    blocks: doc.blocks.map((b) =>
      b.kind === 'paragraph' ? { ...b, text: simplify(b.text) } : { ...b, rows: b.rows.map((r) => r.map(simplify)) },
    ),
  }
}
