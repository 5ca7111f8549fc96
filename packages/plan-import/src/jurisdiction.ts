export interface JurisdictionEntry {
  code: string
  name: string
  level: 'province' | 'city' | 'county'
  parentCode: string | null
}

export interface JurisdictionMatch {
  code: string
  name: string
  level: JurisdictionEntry['level']
  /** The words it was matched on. */
  quote: string
}

const LEVEL_OF_SUFFIX: [RegExp, JurisdictionEntry['level']][] = [
  [/(省|自治区)$/, 'province'],
  [/(州|盟|地区)$/, 'city'],
  [/(县|旗|区)$/, 'county'],
]

/**
 * The jurisdiction a plan belongs to: the place its issuer or title starts with (扬州市人民政府办公室 → 扬州市),
 * matched by name against the tree; a name shared by several places (朝阳区) is settled by a parent named in
 * the text, then by the level the issuing body implies (县人民政府 → county). Short forms (南昌 for 南昌市)
 * match when unique.
 */
export function matchJurisdiction(
  heads: string[],
  text: string,
  tree: readonly JurisdictionEntry[],
): JurisdictionMatch | null {
  for (const head of heads) {
    const candidates = tree.filter((j) => head.startsWith(j.name) || head.startsWith(shortName(j.name)))
    if (!candidates.length) continue
    const longest = Math.max(
      ...candidates.map((c) => (head.startsWith(c.name) ? c.name.length : shortName(c.name).length)),
    )
    let best = candidates.filter(
      (c) => (head.startsWith(c.name) ? c.name.length : shortName(c.name).length) === longest,
    )
    if (best.length > 1) {
      const withParent = best.filter((c) => {
        const parent = tree.find((p) => p.code === c.parentCode)
        return parent && text.includes(shortName(parent.name))
      })
      if (withParent.length) best = withParent
    }
    if (best.length > 1) {
      const level = LEVEL_OF_SUFFIX.find(([re]) => re.test(head.slice(0, longest + 1)))?.[1]
      const byLevel = best.filter((c) => c.level === level)
      if (byLevel.length) best = byLevel
    }
    const j = best[0]!
    return { code: j.code, name: j.name, level: j.level, quote: head.slice(0, longest) }
  }
  // No place at the head of issuer or title ("关于印发数字政府建设方案的通知"): the first government named in the text.
  let first = -1
  for (const j of tree) {
    const at = text.indexOf(`${j.name}人民政府`)
    if (at >= 0 && (first < 0 || at < first)) first = at
  }
  return first >= 0 ? matchJurisdiction([text.slice(first)], text, tree) : null
}

/** 南昌市 → 南昌, 大竹县 → 大竹, 江苏省 → 江苏; names of two characters keep their suffix (通州区 stays whole). */
export function shortName(name: string): string {
  const m = /^(.{2,}?)(省|市|县|区|自治区|自治州|地区|盟|旗)$/.exec(name)
  return m && m[1]!.length >= 2 ? m[1]! : name
}
