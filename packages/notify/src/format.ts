import type { AlertKind, AlertSeverity } from './alert-message.js'

/** Shown wherever a value is unknown, so a reader never mistakes a missing value for zero. */
export const MISSING = '—'

export const kindLabels: Record<AlertKind, string> = {
  firing: '告警触发',
  resolved: '告警恢复',
  repeat: '重复提醒',
  escalation: '告警升级',
  reminder: '待办提醒',
}

export const severityLabels: Record<AlertSeverity, string> = { critical: '严重', warning: '警告', info: '提示' }

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, useGrouping: true })
const significant = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3, useGrouping: true })

/** Up to two decimals with thousands separators; tiny non-zero values keep three significant digits instead of reading "0". */
export const formatNumber = (value: number | null): string => {
  if (value === null || !Number.isFinite(value)) return MISSING
  const text = grouped.format(value)
  if ((text === '0' || text === '-0') && value !== 0) return significant.format(value)
  return text === '-0' ? '0' : text
}

// Chinese typography sets CJK units and "%" against the number but puts a space before Latin ones ("12 GB").
const unitJoin = (unit: string): string => (/^[A-Za-z]/.test(unit) ? ` ${unit}` : unit)

/** A value with its unit, or "—". */
export const formatQuantity = (value: number | null, unit: string): string => {
  if (value === null || !Number.isFinite(value)) return MISSING
  return `${formatNumber(value)}${unitJoin(unit.trim())}`
}

/**
 * The gap to the path in words. A difference of two percentages is in percentage points, not percent,
 * so "%" indicators read "落后 7.5 个百分点".
 */
export const formatGap = (gap: number | null, unit: string): string => {
  if (gap === null || !Number.isFinite(gap)) return MISSING
  const magnitude = Math.abs(gap)
  if (formatNumber(magnitude) === '0') return '与序时进度持平'
  const trimmed = unit.trim()
  const amount = trimmed === '%' ? `${formatNumber(magnitude)} 个百分点` : formatQuantity(magnitude, trimmed)
  return gap < 0 ? `落后 ${amount}` : `领先 ${amount}`
}

const pad = (n: number): string => String(n).padStart(2, '0')

/**
 * An ISO instant as Beijing time, "2025-06-30 14:05". China has kept UTC+8 without daylight saving since
 * 1991, so a fixed offset is exact and does not depend on the ICU data the runtime ships.
 */
export const formatBeijingTime = (iso: string): string => {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return iso
  const d = new Date(ms + 8 * 3_600_000)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

/** Text fields arrive from users and spreadsheets; a line break inside one would break every layout. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim()

/** Only web links become clickable; anything else (javascript:, data:) is shown as text or dropped. */
export const isWebLink = (link: string): boolean => {
  try {
    const url = new URL(link)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}
