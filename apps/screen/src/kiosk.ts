import type { FitMode } from './canvas/fit.js'

export const pageIds = [
  'overview',
  'pillars',
  'binding',
  'trends',
  'hierarchy',
  'ranking',
  'compare',
  'alerts',
  'reporting',
  'milestones',
  'task',
  'detail',
] as const
export type PageId = (typeof pageIds)[number]
export const pageTitles: Record<PageId, string> = {
  overview: '建设总览',
  pillars: '板块进展',
  binding: '约束性指标',
  trends: '重点指标趋势',
  hierarchy: '区划态势',
  ranking: '地区排名',
  compare: '跨地区对比',
  alerts: '预警动态',
  reporting: '报送纪律',
  milestones: '重点任务督办',
  task: '任务详情',
  detail: '指标详情',
}
// Every page, in the order above, unless the URL names some (`pages=`).
export const defaultRotation: PageId[] = [...pageIds]
/** Other names a URL may use for a page ('milestones' was 任务节点 before it became 重点任务督办; walls keep their URLs). */
const pageAliases: Record<string, PageId> = { tasks: 'milestones' }
const pageIdOf = (name: string): PageId | null =>
  (pageIds as readonly string[]).includes(name) ? (name as PageId) : (pageAliases[name] ?? null)

export type Theme = 'dark' | 'blue'

export interface KioskOptions {
  /** Jurisdiction code to show, or null for every plan. */
  jurisdiction: string | null
  pages: PageId[]
  dwellSeconds: number
  rotate: boolean
  /** After a full round of pages, move on to the next child jurisdiction (and back to the parent). */
  rotateChildren: boolean
  theme: Theme
  fit: FitMode
  panels: number | 'auto'
  /** The indicator the detail page shows (a wall may pin one); null: it walks those furthest behind. */
  indicator: number | null
  /** The task or milestone the task page shows (`task=`); null: it walks those most overdue. */
  task: number | null
  /** Display key from the URL fragment (#key=…), never sent in a URL to the server. */
  key: string | null
  warnings: string[]
}

/**
 * Reads the kiosk URL: `?j=360100&pages=overview,alerts&dwell=20&rotate=1&children=1&theme=dark&fit=contain&panels=auto#key=csk_…`
 * (`indicator=12` pins the detail page's indicator, `task=34` the task page's task).
 * Unknown values fall back to defaults and say so on screen rather than leaving a wall blank.
 */
export function parseKioskOptions(search: string, hash: string): KioskOptions {
  const q = new URLSearchParams(search)
  const h = new URLSearchParams(hash.replace(/^#/, ''))
  const warnings: string[] = []
  const j = q.get('j') ?? q.get('jurisdiction')
  let jurisdiction: string | null = null
  if (j && /^\d{6}$/.test(j)) jurisdiction = j
  else if (j) warnings.push(`行政区划代码 "${j}" 无效(应为6位数字),已显示全部`)
  let pages = defaultRotation
  const rawPages = q.get('pages')
  if (rawPages) {
    const wanted = rawPages
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    const known = [...new Set(wanted.map(pageIdOf).filter((p) => p !== null))]
    const unknown = wanted.filter((p) => pageIdOf(p) === null)
    if (unknown.length) warnings.push(`未知页面 ${unknown.join('、')} 已忽略`)
    if (known.length) pages = known
  }
  const dwellRaw = Number(q.get('dwell') ?? 20)
  const dwellSeconds = Number.isFinite(dwellRaw) && dwellRaw >= 1 ? Math.min(3600, dwellRaw) : 20
  if (q.has('dwell') && dwellSeconds !== dwellRaw) warnings.push('停留时间应为 1–3600 秒,已用默认值')
  const theme: Theme = q.get('theme') === 'blue' ? 'blue' : 'dark'
  const fitRaw = q.get('fit')
  const fit: FitMode = fitRaw === 'width' || fitRaw === 'stretch' ? fitRaw : 'contain'
  const panelsRaw = q.get('panels')
  const panels = panelsRaw && /^[1-4]$/.test(panelsRaw) ? Number(panelsRaw) : 'auto'
  return {
    jurisdiction,
    pages,
    dwellSeconds,
    rotate: q.get('rotate') !== '0',
    rotateChildren: q.get('children') === '1',
    theme,
    fit,
    panels,
    indicator: /^\d+$/.test(q.get('indicator') ?? '') ? Number(q.get('indicator')) : null,
    task: /^\d+$/.test(q.get('task') ?? '') ? Number(q.get('task')) : null,
    key: h.get('key'),
    warnings,
  }
}
