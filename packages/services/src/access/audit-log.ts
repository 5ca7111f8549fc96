import type { AuditEntryView, AuditQuery } from '@cockpit/contracts'
import type { ServiceContext } from '../kernel/context.js'
import { invalid } from '../kernel/errors.js'
import { assertAdmin } from '../kernel/admin-guards.js'

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/
const DAY_MS = 86_400_000

/** A date means the start of that day in Asia/Shanghai, where the product's days are. */
const startOf = (s: string) => new Date(DATE_ONLY.test(s) ? `${s}T00:00:00+08:00` : s)

/**
 * The audit log, newest first, one page at a time. Keyset pagination on the id (ids only grow, and the
 * log is append-only), so a page never repeats or skips an entry however much is written meanwhile.
 */
export async function listAuditEntries(
  ctx: ServiceContext,
  query: AuditQuery,
): Promise<{ items: AuditEntryView[]; nextCursor: string | null }> {
  const { db, principal } = ctx
  assertAdmin(principal)
  let q = db.selectFrom('audit_log').selectAll()
  if (query.entity) q = q.where('entity', '=', query.entity)
  if (query.entityId) q = q.where('entity_id', '=', query.entityId)
  if (query.actor) {
    const who = query.actor
    q =
      who.includes(':') || who === 'system'
        ? q.where('actor_label', '=', who)
        : q.where('actor_label', '=', `user:${who.toLowerCase()}`)
  }
  const from = query.from ? startOf(query.from) : null
  // "to" is inclusive: a date covers its whole day, an instant is the last moment wanted.
  const to = query.to
    ? DATE_ONLY.test(query.to)
      ? new Date(startOf(query.to).getTime() + DAY_MS)
      : new Date(startOf(query.to).getTime() + 1)
    : null
  if (from && to && from >= to) throw invalid('查询参数 to: 结束时间应晚于开始时间 from')
  if (from) q = q.where('at', '>=', from)
  if (to) q = q.where('at', '<', to)
  if (query.cursor) q = q.where('id', '<', query.cursor)
  const rows = await q
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute()
  const page = rows.slice(0, query.limit)
  return {
    items: page.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      actor: { label: r.actor_label, userId: r.actor_user_id, tokenId: r.actor_token_id },
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before ?? null,
      after: r.after ?? null,
      requestId: r.request_id,
    })),
    nextCursor: rows.length > query.limit ? String(page[page.length - 1]!.id) : null,
  }
}
