/** Units a target is counted in, longest first so 万核 wins over 万 and 个工作日 is never a unit. */
export const COUNT_UNITS = [
  '万核',
  '万人',
  '万户',
  '万个',
  '万家',
  '万件',
  '亿元',
  '万元',
  '个',
  '项',
  '家',
  '名',
  '套',
  '条',
  '类',
  '批',
  '所',
  '座',
  '户',
  '张',
  '件',
  '次',
  '台',
  '处',
  '种',
  '支',
  '人',
  '万',
] as const

export const UNIT_ALTERNATION = COUNT_UNITS.join('|')

/** The unit a bare "万" means from what is counted: 日均活跃用户达5万 → 万人. */
export function refineUnit(unit: string, name: string): string {
  if (unit === '万') {
    if (/用户|人数|人次|人口|居民|群众|人才/.test(name)) return '万人'
    if (/户/.test(name)) return '万户'
    if (/企业|主体/.test(name)) return '万家'
    return '万个'
  }
  return unit
}

/** The unit in a table cell's name: "政务云资源算力规模(万核)" → 万核. */
export function unitInName(name: string): { name: string; unit?: string } {
  const m = /^(.*?)[((]\s*([^()()]{1,6})\s*[))]\s*$/.exec(name)
  if (!m) return { name }
  const unit = m[2]!.trim()
  if (!/^(%|‰|[\u4e00-\u9fa5A-Za-z]{1,4})$/.test(unit)) return { name }
  return { name: m[1]!.trim(), unit }
}

/** The unit a name implies when the text gives none: 事项 are counted in 项. */
export const unitForCount = (name: string): string =>
  /事项|项目|措施|政策/.test(name) ? '项' : /人员|专员|干部/.test(name) ? '名' : '个'
