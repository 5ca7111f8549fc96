import {
  type Indicator,
  type IndicatorStatus,
  indicatorStatuses,
  natureLabels,
  statusLabels,
  taskStageLabels,
} from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { parsePeriod } from '@cockpit/domain'
import {
  type BulletinIndicatorRow,
  type BulletinRanking,
  type BulletinSummaryRow,
  type BulletinTasks,
  buildBulletin,
  periodLabel,
} from '@cockpit/tabular'
import type { Kysely } from 'kysely'
import type { ServiceContext } from '../kernel/context.js'
import { forbidden, invalid, notFound } from '../kernel/errors.js'
import { listIndicators } from '../catalog/read/indicators.js'
import { descendantCodes } from '../kernel/jurisdictions.js'
import { rankIndicator } from './rankings.js'
import { indicatorSpec, statusView } from '../kernel/status-view.js'
import { overdueReports, reportingRates } from '../reporting/read.js'
import { currentObservations } from '../status/recompute.js'
import { departmentLinks } from '../kernel/department-links.js'
import { taskSummary } from '../tasks/summary.js'
import { anyText } from '../kernel/any-of.js'

export const BULLETIN_TITLE = '数字政府建设指标月度通报'

export interface BulletinFile {
  fileName: string
  /** ASCII stand-in for clients that ignore RFC 5987 filename*. */
  asciiFileName: string
  bytes: Uint8Array
}

const periodText = (key: string | null) => {
  const p = key ? parsePeriod(key) : null
  return p ? periodLabel(p) : (key ?? '')
}

/** The target a bulletin quotes: the next one due on or after asOf, else the last, with its year ("≥80%(2025年)"). */
function targetText(targets: Indicator['targets'], asOf: string): string {
  const t = targets.find((x) => x.dueDate >= asOf) ?? targets.at(-1)
  return t ? `${t.label}(${t.year}年)` : ''
}

/**
 * The monthly bulletin (月度通报) of a jurisdiction and every jurisdiction below it, as of the month's
 * last day: statuses re-derived at that date from the values that count, overdue reports and on-time
 * rates by department from the reporting services. Admins may ask for any jurisdiction, managers only
 * for theirs (and below).
 */
export async function monthlyBulletin(
  ctx: ServiceContext,
  input: { month: string; jurisdiction: string },
): Promise<BulletinFile> {
  const { db, principal, now } = ctx
  const period = parsePeriod(input.month)
  if (period?.cadence !== 'monthly') throw invalid(`查询参数 month: 月份 ${input.month} 无效,应为 YYYY-MM,如 2024-03`)
  const asOf = period.end
  const jurisdiction = await db
    .selectFrom('jurisdictions')
    .select(['code', 'name'])
    .where('code', '=', input.jurisdiction)
    .executeTakeFirst()
  if (!jurisdiction) throw notFound(`行政区划 ${input.jurisdiction} `)
  if (principal.role === 'manager') {
    const allowed = new Set((await Promise.all(principal.jurisdictions.map((j) => descendantCodes(db, j)))).flat())
    if (!allowed.has(input.jurisdiction))
      throw forbidden(`无权导出行政区划 ${jurisdiction.name}(${input.jurisdiction})的月度通报`)
  } else if (principal.role !== 'admin') {
    throw forbidden('只有管理员和分管领导可以导出月度通报')
  }

  const codes = await descendantCodes(db, input.jurisdiction)
  const scope = { jurisdictions: codes, departmentId: null }
  const [indicators, names, overdue, rates] = await Promise.all([
    listIndicators(db, { jurisdiction: input.jurisdiction, descendants: true }, asOf, codes),
    db.selectFrom('jurisdictions').select(['code', 'name']).where('code', '=', anyText(codes)).execute(),
    // The indicator sheets: tasks' overdue progress reports belong on the 重点任务 sheet.
    overdueReports(db, scope, { asOf, limit: 10_000, subject: 'indicator' }),
    reportingRates(db, scope, { asOf }).then((r) => r.items),
  ])
  const nameOf = new Map(names.map((j) => [j.code, j.name]))
  const tasks = await bulletinTasks(db, { jurisdiction: input.jurisdiction, codes, asOf }, nameOf)
  const rankings = await bulletinRankings(
    db,
    indicators.filter((i) => i.jurisdictionCode === input.jurisdiction),
    input.jurisdiction,
    asOf,
    codes,
  )

  // Statuses at the month end, not the stored "now" ones: the same domain evaluation, at another date.
  const observations = await currentObservations(
    db,
    indicators.map((i) => ({ indicatorId: i.id, jurisdictionCode: i.jurisdictionCode })),
  )
  const rows: (BulletinIndicatorRow & { code: string; binding: boolean })[] = indicators.map((i) => {
    const obs = observations.get(`${i.id}|${i.jurisdictionCode}`) ?? []
    const spec = indicatorSpec(
      {
        direction: i.direction,
        measure: i.measure,
        baseline_year: i.baseline?.year ?? null,
        baseline_value: i.baseline?.value ?? null,
      },
      i.targets.map((t) => ({ due_date: t.dueDate, comparator: t.comparator, value: t.value, value_max: t.valueMax })),
    )
    const s = statusView(spec, obs, asOf)
    const latestKey = s.latestPeriodEnd
      ? (obs.findLast((o) => o.periodEnd === s.latestPeriodEnd)?.periodKey ?? null)
      : null
    const lead = i.departments.filter((d) => d.role === 'lead').map((d) => d.name)
    return {
      code: i.jurisdictionCode,
      binding: i.nature === 'binding',
      jurisdictionName: i.jurisdictionName,
      leadDepartment: lead.join('、') || '(未明确)',
      indicatorName: i.name,
      unit: i.unit,
      measure: i.measure,
      natureLabel: natureLabels[i.nature],
      targetLabel: targetText(i.targets, asOf),
      latestValue: s.latestValue,
      latestPeriodLabel: latestKey ? periodText(latestKey) : null,
      expected: s.expected,
      gap: s.gap,
      status: s.status,
      statusLabel: s.label,
      forecast: s.forecast,
    }
  })
  // Per jurisdiction (the asked one first), then by lead department, keeping the plan's own order within.
  const order = new Map(codes.map((c, n) => [c, n]))
  const sorted = rows
    .map((r, n) => ({ r, n }))
    .sort(
      (a, b) =>
        (order.get(a.r.code) ?? 0) - (order.get(b.r.code) ?? 0) ||
        a.r.leadDepartment.localeCompare(b.r.leadDepartment, 'zh-CN') ||
        a.n - b.n,
    )
    .map((x) => x.r)

  const summary: BulletinSummaryRow[] = []
  for (const code of codes) {
    const mine = sorted.filter((r) => r.code === code)
    if (mine.length === 0) continue
    const byStatus = Object.fromEntries(
      indicatorStatuses.map((st) => [st, mine.filter((r) => r.status === st).length]),
    ) as Record<IndicatorStatus, number>
    summary.push({
      jurisdictionName: nameOf.get(code) ?? code,
      total: mine.length,
      byStatus,
      binding: mine.filter((r) => r.binding).length,
      bindingOnTrack: mine.filter((r) => r.binding && (r.status === 'achieved' || r.status === 'on-track')).length,
    })
  }

  const monthLabel = `${input.month.slice(0, 4)}年${input.month.slice(5, 7)}月`
  const bytes = await buildBulletin(
    {
      title: BULLETIN_TITLE,
      jurisdictionName: jurisdiction.name,
      jurisdictionCode: jurisdiction.code,
      monthLabel,
      asOf,
      generatedAt: now.toISOString(),
      summary,
      indicators: sorted,
      overdue: [...overdue.items]
        .sort(
          (a, b) =>
            (order.get(a.jurisdictionCode) ?? 0) - (order.get(b.jurisdictionCode) ?? 0) ||
            (a.departmentName ?? '').localeCompare(b.departmentName ?? '', 'zh-CN') ||
            b.daysOverdue - a.daysOverdue,
        )
        .map((o) => ({
          jurisdictionName: nameOf.get(o.jurisdictionCode) ?? o.jurisdictionCode,
          departmentName: o.departmentName ?? '(未明确)',
          indicatorName: o.subjectName,
          periodLabel: periodText(o.periodKey),
          dueDate: o.dueDate,
          daysOverdue: o.daysOverdue,
          stateLabel: o.stateLabel,
        })),
      departments: rates
        .filter((r) => r.due > 0)
        .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || b.due - a.due)
        .map((r) => ({
          departmentName: r.departmentName ?? '(未明确)',
          jurisdictionName: r.jurisdictionCode ? (nameOf.get(r.jurisdictionCode) ?? r.jurisdictionCode) : '',
          due: r.due,
          onTime: r.onTime,
          late: r.late,
          missing: r.missing,
          rate: r.rate,
        })),
      tasks,
      rankings,
    },
    statusLabels,
  )
  const fileName = `${BULLETIN_TITLE}-${jurisdiction.name}-${monthLabel}.xlsx`
  return { fileName, asciiFileName: `bulletin-${jurisdiction.code}-${input.month}.xlsx`, bytes }
}

const KIND_LABELS = { task: '任务', milestone: '节点' } as const

/**
 * The 地区排名 sheet: each of the jurisdiction's own indicators that at least two places directly below it
 * report, ranked by value at the month end (the same ranking as GET /api/v1/indicators/{id}/ranking).
 */
async function bulletinRankings(
  db: Kysely<Database>,
  indicators: Indicator[],
  parent: string,
  asOf: string,
  codes: string[],
): Promise<BulletinRanking[]> {
  const out: BulletinRanking[] = []
  for (const i of indicators) {
    const r = await rankIndicator(db, i.id, { parent, by: 'value' }, asOf, codes, { statusesAtAsOf: true })
    if (r.rows.filter((x) => x.latestValue !== null).length < 2) continue
    out.push({
      indicatorName: i.name,
      unit: i.unit,
      measure: i.measure,
      parentName: r.parentName,
      rows: r.rows.map((x) => ({
        rank: x.rank,
        placeName: x.name,
        latestValue: x.latestValue,
        latestPeriodLabel: x.latestPeriodKey ? periodText(x.latestPeriodKey) : null,
        gapRatio: x.gapRatio,
        status: x.status,
        statusLabel: x.statusLabel,
        onTimeRate: x.onTime.rate,
      })),
    })
  }
  return out
}

/**
 * The 重点任务 sheet's rows: the tasks and milestones of the jurisdiction and those below it with their
 * states at the month end, as the 督办 summary (wall and manager pages) computes them — by pillar, by
 * lead department, and every overdue item with all its lead departments. Absent when there are none.
 */
async function bulletinTasks(
  db: Kysely<Database>,
  input: { jurisdiction: string; codes: string[]; asOf: string },
  nameOf: Map<string, string>,
): Promise<BulletinTasks | undefined> {
  // No list is cut short: the bulletin lists every overdue item.
  const summary = await taskSummary(
    db,
    { jurisdiction: input.jurisdiction, descendants: true, limit: 100_000 },
    input.asOf,
    input.codes,
  )
  if (summary.overall.total === 0) return undefined
  const plans = new Map(
    (
      await db
        .selectFrom('plans')
        .select(['key', 'title', 'jurisdiction_code'])
        .where('jurisdiction_code', '=', anyText(input.codes))
        .execute()
    ).map((p) => [p.key, p]),
  )
  const leads = await departmentLinks(
    db,
    'task_departments',
    summary.overdue.map((t) => t.id),
  )
  const jurisdictionName = (code: string) => nameOf.get(code) ?? code
  const counts = (c: (typeof summary)['overall']) => ({
    total: c.total,
    completed: c.completed,
    onTime: c.onTime,
    overdue: c.overdue,
    onTimeRate: c.onTimeRate,
  })
  return {
    overall: counts(summary.overall),
    byPillar: summary.byPillar.map((r) => {
      const plan = plans.get(r.planKey)
      return {
        jurisdictionName: plan ? jurisdictionName(plan.jurisdiction_code) : '',
        planTitle: plan?.title ?? r.planKey,
        pillarName: r.pillarName,
        ...counts(r),
      }
    }),
    byDepartment: summary.byDepartment.map((r) => ({
      jurisdictionName: jurisdictionName(r.jurisdictionCode),
      departmentName: r.departmentName,
      ...counts(r),
    })),
    overdue: summary.overdue.map((t) => ({
      jurisdictionName: jurisdictionName(t.jurisdictionCode),
      leadDepartment:
        (leads.get(t.id) ?? [])
          .filter((d) => d.role === 'lead')
          .map((d) => d.name)
          .join('、') || '(未明确)',
      title: t.title,
      number: t.number ?? '',
      // A task not yet due is overdue through its milestones: say so, or its date and days would not add up.
      kindLabel:
        t.effectiveDueDate >= input.asOf && t.overdueMilestones > 0
          ? `${KIND_LABELS[t.kind]}(${t.overdueMilestones}个节点逾期)`
          : KIND_LABELS[t.kind],
      dueDate: t.effectiveDueDate,
      daysOverdue: t.daysOverdue ?? 0,
      latestStage: t.latestStage ? taskStageLabels[t.latestStage] : '未报送',
      planTitle: plans.get(t.planKey)?.title ?? t.planKey,
    })),
  }
}
