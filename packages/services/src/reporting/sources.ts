import { type CreateSourceBody, type IndicatorSource, sourceLocationProblem } from '@cockpit/contracts'
import type { IndicatorSourceRow } from '@cockpit/db'
import { checkOutboundUrl, type OutboundPolicy, outboundRefusal, PUBLIC_ONLY } from '@cockpit/notify'
import type { ServiceContext } from '../kernel/context.js'
import type { Principal } from '../kernel/principal.js'
import { audit } from '../kernel/audit.js'
import { bodyIssue, forbidden, notFound } from '../kernel/errors.js'
import { descendantCodes } from '../kernel/jurisdictions.js'
import { resolveIndicators } from '../kernel/indicator-refs.js'
import { confinedPath, SourceFileRefused } from './source-file.js'

export const toIndicatorSource = (r: IndicatorSourceRow): IndicatorSource => ({
  id: r.id,
  indicatorId: r.indicator_id,
  jurisdictionCode: r.jurisdiction_code,
  kind: r.kind,
  location: r.location,
  fieldPath: r.field_path,
  periodField: r.period_field,
  everyMinutes: r.every_minutes,
  enabled: r.enabled,
  lastPulledAt: r.last_pulled_at?.toISOString() ?? null,
  lastError: r.last_error,
  createdAt: r.created_at.toISOString(),
})

const assertAdmin = (p: Principal) => {
  if (p.role !== 'admin') throw forbidden('仅管理员可以配置外部数据源')
}

/** Where sources may point: the outbound policy for http-json, the one directory for csv-file. */
export interface SourceRules {
  outbound?: OutboundPolicy
  sourceFilesDir?: string | null
}

/**
 * The location checked as the pull will check it, so an administrator hears at once that
 * http://127.0.0.1:6379/ or /etc/passwd will never be read (the pull checks again: DNS can change).
 */
async function locationRefusal(
  kind: CreateSourceBody['kind'],
  location: string,
  rules: SourceRules,
): Promise<string | null> {
  try {
    if (kind === 'http-json') await checkOutboundUrl(location, rules.outbound ?? PUBLIC_ONLY)
    else confinedPath(rules.sourceFilesDir ?? null, location)
    return null
  } catch (err) {
    if (err instanceof SourceFileRefused) return err.message
    const refused = outboundRefusal(err)
    if (refused) return refused.message
    throw err
  }
}

/** Binds an external source to an indicator (admin only); the pull job reads it from the next minute on. */
export async function createSource(
  ctx: ServiceContext,
  body: CreateSourceBody,
  rules: SourceRules = {},
): Promise<IndicatorSource> {
  const { db, principal } = ctx
  assertAdmin(principal)
  const indicator = (await resolveIndicators(db, [body.indicator])).get(body.indicator)
  if (!indicator) throw bodyIssue('indicator', `指标「${body.indicator}」不存在`)
  const jurisdiction = body.jurisdiction ?? indicator.jurisdictionCode
  if (!(await descendantCodes(db, indicator.jurisdictionCode)).includes(jurisdiction))
    throw bodyIssue(
      'jurisdiction',
      `指标「${indicator.name}」属于 ${indicator.jurisdictionCode},数据源不能为 ${jurisdiction} 取数`,
    )
  const problem = sourceLocationProblem(body.kind, body.location)
  if (problem) throw bodyIssue('location', problem)
  const refused = await locationRefusal(body.kind, body.location.trim(), rules)
  if (refused) throw bodyIssue('location', refused)
  if (!body.fieldPath.trim()) throw bodyIssue('fieldPath', '请填写取值字段')
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('indicator_sources')
      .values({
        indicator_id: indicator.id,
        jurisdiction_code: jurisdiction,
        kind: body.kind,
        location: body.location.trim(),
        field_path: body.fieldPath.trim(),
        period_field: body.periodField?.trim() || null,
        every_minutes: body.everyMinutes,
        enabled: body.enabled,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    const out = toIndicatorSource(row)
    await audit(
      trx,
      principal,
      { action: 'source.create', entity: 'indicator_source', entityId: row.id, after: out },
      ctx.requestId,
    )
    return out
  })
}

export async function listSources(
  ctx: ServiceContext,
  filter: { indicatorId?: number | undefined } = {},
): Promise<IndicatorSource[]> {
  const { db, principal } = ctx
  assertAdmin(principal)
  let q = db.selectFrom('indicator_sources').selectAll().orderBy('id')
  if (filter.indicatorId !== undefined) q = q.where('indicator_id', '=', filter.indicatorId)
  return (await q.execute()).map(toIndicatorSource)
}

export async function deleteSource(ctx: ServiceContext, id: number): Promise<void> {
  const { db, principal } = ctx
  assertAdmin(principal)
  await db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom('indicator_sources').where('id', '=', id).returningAll().executeTakeFirst()
    if (!row) throw notFound(`数据源 ${id} `)
    await audit(
      trx,
      principal,
      { action: 'source.delete', entity: 'indicator_source', entityId: id, before: toIndicatorSource(row) },
      ctx.requestId,
    )
  })
}
