import { natureLabels, statusLabels, type IndicatorNature, type IndicatorStatus } from '@cockpit/contracts'

const TZ = 'Asia/Shanghai'

const dateFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' })
const timeFmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TZ,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})
const parts = (d: Date, fmt: Intl.DateTimeFormat) =>
  Object.fromEntries(fmt.formatToParts(d).map((p) => [p.type, p.value]))

/** 2024-03-05 as Beijing time sees the instant. */
export const shanghaiIsoDate = (d: Date) => {
  const p = parts(d, dateFmt)
  return `${p.year}-${p.month}-${p.day}`
}
/** 2024年3月5日 */
export const formatDateZh = (d: Date | string) => {
  const iso = typeof d === 'string' ? d.slice(0, 10) : shanghaiIsoDate(d)
  const [y, m, day] = iso.split('-').map(Number)
  return `${y}年${m}月${day}日`
}
/** 14:05:09 in Beijing time. */
export const formatTimeZh = (d: Date) => timeFmt.format(d)
export const formatDateTimeZh = (d: Date) => `${formatDateZh(d)} ${formatTimeZh(d)}`

/** A period key as people say it: 2024-03 → 2024年3月, 2024-Q2 → 2024年第二季度, 2024 → 2024年. */
export function formatPeriod(key: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(key)
  if (q) return `${q[1]}年第${'一二三四'[Number(q[2]) - 1]}季度`
  const m = /^(\d{4})-(\d{2})$/.exec(key)
  if (m) return `${m[1]}年${Number(m[2])}月`
  return /^\d{4}$/.test(key) ? `${key}年` : key
}

/** Digits a value deserves: whole counts stay whole, other values keep up to two decimals. */
export function formatNumber(value: number, maxDigits = 2): string {
  if (!Number.isFinite(value)) return '—'
  const abs = Math.abs(value)
  if (abs >= 1e8) return `${trim(value / 1e8, 2)}亿`
  if (abs >= 1e5) return `${trim(value / 1e4, 1)}万`
  return trim(value, maxDigits)
}
const trim = (v: number, digits: number) => String(Number(v.toFixed(digits)))

/** A value with its unit as printed in the plans: 80%, 12个, 3.5万核. Null shows as a dash. */
export function formatValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined) return '—'
  return `${formatNumber(value)}${unit}`
}

/** A ratio 0–1 as a percentage: 0.734 → 73.4%. */
export const formatRatio = (ratio: number | null | undefined, digits = 1) =>
  ratio === null || ratio === undefined ? '—' : `${trim(ratio * 100, digits)}%`

/** Status colours shared by every chart and badge (colour-blind safe pairs with the label always shown). */
export const statusColors: Record<IndicatorStatus, string> = {
  achieved: '#22c55e',
  'on-track': '#38bdf8',
  'at-risk': '#f59e0b',
  'off-track': '#ef4444',
  'no-data': '#64748b',
}
export const severityColors = { critical: '#ef4444', warning: '#f59e0b', info: '#38bdf8' } as const
export const severityLabels = { critical: '严重', warning: '警告', info: '提示' } as const

/** "3分钟前" style age of an instant relative to now. */
export function formatAge(from: Date, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000))
  if (s < 60) return `${s}秒前`
  if (s < 3600) return `${Math.floor(s / 60)}分钟前`
  if (s < 86400) return `${Math.floor(s / 3600)}小时前`
  return `${Math.floor(s / 86400)}天前`
}

/** The status label every screen uses (one wording, from the contracts). */
export const statusLabelFor = (s: IndicatorStatus) => statusLabels[s]

export const natureLabel = (n: IndicatorNature) => natureLabels[n]

/** An instant as a `<input type="datetime-local">` value in Beijing time ("2024-07-01T18:00"), whatever the browser's zone. */
export const shanghaiDateTimeLocal = (d: Date) => `${shanghaiIsoDate(d)}T${formatTimeZh(d).slice(0, 5)}`
/** Back from a datetime-local value read as Beijing time to an ISO 8601 instant with its offset. */
export const fromShanghaiDateTimeLocal = (value: string) => `${value.length === 16 ? `${value}:00` : value}+08:00`
