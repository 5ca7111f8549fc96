import type { SubmissionErrorItem } from '@cockpit/db'
import { parsePeriod, type Period } from '@cockpit/domain'
import { parsePeriodText, parseReportedValue } from '@cockpit/tabular'
import type { ResolvedIndicator } from '../../kernel/indicator-refs.js'
import type { RawItem } from './raw-items.js'

export interface ValidItem {
  row: number
  indicatorId: number
  jurisdictionCode: string
  periodKey: string
  periodEnd: string
  value: number
  note: string | null
  reason: string | null
  evidenceId: string | null
}

export interface ValidationContext {
  indicators: Map<number | string, ResolvedIndicator>
  /** Indicators the submitting department may report; null = no restriction (admin). */
  owned: Set<number> | null
  /** child code → parent code, to accept a jurisdiction below the indicator's own. */
  parents: Map<string, string | null>
  asOf: string
  /** The date a period locked (changes then need a reason), or null while open; absent = no locks. */
  lockedOn?: (indicatorId: number, period: Period) => string | null
  /** A history import: only periods that ended before asOf (a running period has no history yet). */
  historyOnly?: boolean
  /** Indicators whose own jurisdiction's value is derived from its children only (roll-up own_value 'derived'): id → that jurisdiction's name. */
  derivedOnly?: Map<number, string>
  /** Column names for messages: the template's headers for files, field names for JSON. */
  columns: { indicator: string; jurisdiction: string; period: string; value: string; note: string }
}

const TEXT_LIMIT = 500

function indicatorRef(raw: unknown): number | string | null {
  if (typeof raw === 'number' && Number.isInteger(raw)) return raw
  if (typeof raw !== 'string') return null
  const t = raw.trim()
  if (/^\d+$/.test(t)) return Number(t)
  return /^[a-z0-9-]+\/[a-z0-9-]+$/.test(t) ? t : null
}

function within(code: string, ancestor: string, parents: Map<string, string | null>): boolean {
  for (let c: string | null | undefined = code, hops = 0; c && hops < 10; c = parents.get(c), hops++)
    if (c === ancestor) return true
  return false
}

const optionalText = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null)

/**
 * Interprets each raw item: indicator, jurisdiction, period and value, with one clear error per bad
 * item (row, column, why). Duplicates of the same indicator/jurisdiction/period in one submission are
 * refused after the first, so a file cannot silently contradict itself.
 */
export function validateItems(
  items: RawItem[],
  ctx: ValidationContext,
): { valid: ValidItem[]; errors: SubmissionErrorItem[] } {
  const valid: ValidItem[] = []
  const errors: SubmissionErrorItem[] = []
  const seen = new Map<string, number>()
  const fail = (row: number, column: string | null, code: string, message: string) =>
    errors.push({ row, column, code, message })

  for (const it of items) {
    const ref = indicatorRef(it.indicator)
    if (ref === null && (it.indicator === undefined || it.indicator === null || String(it.indicator).trim() === '')) {
      // A row of a names-only file whose name cell is empty lands here too: say what is missing, not "bad format".
      fail(
        it.row,
        ctx.columns.indicator,
        'missing_indicator',
        `未填写指标:请填写${ctx.columns.indicator === 'indicator' ? ' indicator(指标编号或「规划标识/指标标识」)' : '指标编码或指标名称'}`,
      )
      continue
    }
    if (ref === null) {
      fail(
        it.row,
        ctx.columns.indicator,
        'bad_indicator',
        `指标编码「${String(it.indicator ?? '')}」格式不对,应为数字编号或「规划标识/指标标识」`,
      )
      continue
    }
    const ind = ctx.indicators.get(ref)
    if (!ind) {
      fail(it.row, ctx.columns.indicator, 'unknown_indicator', `指标「${ref}」不存在`)
      continue
    }
    if (ctx.owned && !ctx.owned.has(ind.id)) {
      fail(it.row, ctx.columns.indicator, 'not_owner', `本单位不是指标「${ind.name}」的牵头或配合单位,无权填报`)
      continue
    }
    const jurRaw = typeof it.jurisdiction === 'string' ? it.jurisdiction.trim() : it.jurisdiction
    const jurisdictionCode =
      jurRaw === undefined || jurRaw === null || jurRaw === '' ? ind.jurisdictionCode : String(jurRaw)
    if (!/^\d{6}$/.test(jurisdictionCode) || !ctx.parents.has(jurisdictionCode)) {
      fail(it.row, ctx.columns.jurisdiction, 'unknown_jurisdiction', `行政区划代码「${jurisdictionCode}」不存在`)
      continue
    }
    if (!within(jurisdictionCode, ind.jurisdictionCode, ctx.parents)) {
      fail(
        it.row,
        ctx.columns.jurisdiction,
        'foreign_jurisdiction',
        `指标「${ind.name}」属于 ${ind.jurisdictionCode},不能为 ${jurisdictionCode} 填报`,
      )
      continue
    }
    const derivedName = jurisdictionCode === ind.jurisdictionCode ? ctx.derivedOnly?.get(ind.id) : undefined
    if (derivedName !== undefined) {
      fail(it.row, ctx.columns.jurisdiction, 'rollup_derived', `该指标的${derivedName}数值由下级汇总得出,不能直接填报`)
      continue
    }
    const p = parsePeriodText(it.period, ind.cadence)
    if (!p.ok) {
      fail(it.row, ctx.columns.period, 'bad_period', p.message)
      continue
    }
    const period = parsePeriod(p.key)
    if (!period) {
      fail(it.row, ctx.columns.period, 'bad_period', `统计期「${p.key}」无法识别`)
      continue
    }
    const year = Number(period.start.slice(0, 4))
    if (year < ind.startYear || year > ind.endYear) {
      fail(
        it.row,
        ctx.columns.period,
        'outside_horizon',
        `统计期 ${p.key} 不在规划期 ${ind.startYear}—${ind.endYear} 年内`,
      )
      continue
    }
    if (period.start > ctx.asOf) {
      fail(it.row, ctx.columns.period, 'future_period', `统计期 ${p.key} 尚未开始,不能提前填报`)
      continue
    }
    if (ctx.historyOnly && period.end >= ctx.asOf) {
      fail(
        it.row,
        ctx.columns.period,
        'not_history',
        `统计期 ${p.key} 尚未结束(截至 ${period.end}),历史导入只接受已结束的统计期`,
      )
      continue
    }
    const v = parseReportedValue(it.value, ind.measure, { percentFormatted: it.percentFormatted, unit: ind.unit })
    if (!v.ok) {
      fail(it.row, ctx.columns.value, 'bad_value', v.message)
      continue
    }
    const note = optionalText(it.note)
    const reason = optionalText(it.reason)
    if ((note?.length ?? 0) > TEXT_LIMIT || (reason?.length ?? 0) > TEXT_LIMIT) {
      fail(it.row, ctx.columns.note, 'text_too_long', `备注或修改原因超过${TEXT_LIMIT}字`)
      continue
    }
    const lockedOn = reason ? null : (ctx.lockedOn?.(ind.id, period) ?? null)
    if (lockedOn) {
      fail(it.row, ctx.columns.period, 'period_locked', `该统计期已于 ${lockedOn} 锁定,修改须填写修改原因`)
      continue
    }
    const dupKey = `${ind.id}|${jurisdictionCode}|${p.key}`
    const first = seen.get(dupKey)
    if (first !== undefined) {
      fail(it.row, ctx.columns.period, 'duplicate_row', `与第${first}行重复(同一指标、区划、统计期)`)
      continue
    }
    seen.set(dupKey, it.row)
    valid.push({
      row: it.row,
      indicatorId: ind.id,
      jurisdictionCode,
      periodKey: p.key,
      periodEnd: period.end,
      value: v.value,
      note,
      reason,
      evidenceId: typeof it.evidenceId === 'string' ? it.evidenceId : null,
    })
  }
  return { valid, errors }
}
