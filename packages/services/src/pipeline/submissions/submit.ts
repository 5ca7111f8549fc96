import type { ImportValuesBody, SubmissionAccepted, SubmitValuesBody } from '@cockpit/contracts'
import type { Database, SubmissionsTable } from '@cockpit/db'
import type { Insertable, Kysely } from 'kysely'
import type { ServiceContext } from '../../kernel/context.js'
import { sha256 } from '../../kernel/secrets.js'
import { audit } from '../../kernel/audit.js'
import { assertEvidenceUsable } from '../../evidence/evidence.js'
import { bodyField } from '../../kernel/admin-guards.js'
import { forbidden, ServiceError } from '../../kernel/errors.js'
import { resolveIndicators } from '../../kernel/indicator-refs.js'
import { assertCanSubmit, enqueueQuietly, idempotencyScope, type SubmitQueue } from '../../kernel/submitter.js'

/**
 * Stores a batch exactly as received, durably, before anything else; then asks for processing.
 * A retried request with the same Idempotency-Key returns the first submission and stores nothing.
 */
export async function submitValues(
  ctx: ServiceContext,
  body: SubmitValuesBody,
  opts: { idempotencyKey?: string | undefined; channel?: 'api' | 'form' },
  queue: SubmitQueue,
): Promise<SubmissionAccepted> {
  const { db, principal } = ctx
  assertCanSubmit(principal)
  const requestHash = sha256(JSON.stringify(body))
  const scope = opts.idempotencyKey ? idempotencyScope(principal) : null
  if (opts.idempotencyKey) {
    const replay = await findReplay(db, scope!, opts.idempotencyKey, requestHash)
    if (replay) return replay
  }

  if (principal.departmentId !== null && principal.role !== 'admin') {
    // Ownership is checked up front: a department may never store values for someone else's indicator.
    const refs = body.items.map((i) => i.indicator)
    const resolved = await resolveIndicators(db, refs, principal.departmentId)
    const foreign = [
      ...new Set(
        body.items
          .map((i, n) => ({ n, r: resolved.get(i.indicator) }))
          .filter((x) => x.r && !x.r.owned)
          .map((x) => x.r!.code),
      ),
    ]
    if (foreign.length)
      throw forbidden(
        `本单位不是以下指标的牵头或配合单位,无权填报: ${foreign.slice(0, 10).join('、')}${foreign.length > 10 ? ` 等${foreign.length}项` : ''}`,
      )
  }

  await assertEvidenceUsable(db, principal, body.items)

  return storeSubmission(
    ctx,
    {
      channel: opts.channel ?? 'api',
      payload: JSON.stringify(body),
      all_or_nothing: body.allOrNothing ?? false,
      item_count: body.items.length,
    },
    { items: body.items.length, channel: opts.channel ?? 'api' },
    { scope, key: opts.idempotencyKey, requestHash },
    queue,
  )
}

/** Stores an uploaded spreadsheet as received; the worker reads it row by row. */
export async function submitUpload(
  ctx: ServiceContext,
  file: { bytes: Uint8Array; name: string; type: string },
  opts: { idempotencyKey?: string | undefined; allOrNothing?: boolean },
  queue: SubmitQueue,
): Promise<SubmissionAccepted> {
  const { db, principal } = ctx
  assertCanSubmit(principal)
  const requestHash = sha256(Buffer.from(file.bytes).toString('base64') + file.name)
  const scope = opts.idempotencyKey ? idempotencyScope(principal) : null
  if (opts.idempotencyKey) {
    const replay = await findReplay(db, scope!, opts.idempotencyKey, requestHash)
    if (replay) return replay
  }
  return storeSubmission(
    ctx,
    {
      channel: 'upload',
      file: file.bytes,
      file_name: file.name,
      file_type: file.type,
      all_or_nothing: opts.allOrNothing ?? false,
    },
    { file: file.name, bytes: file.bytes.length, channel: 'upload' },
    { scope, key: opts.idempotencyKey, requestHash },
    queue,
  )
}

/**
 * 历史数据导入: an administrator stores one department's past values (channel 'import'). They pass the
 * same row checks as any submission (only periods that have ended), and count as reported on time at
 * their period's due date (importedReportTime), so history loaded at go-live does not read as late.
 * The department must lead or cooperate on every indicator named (checked before anything is stored).
 */
export async function importValues(
  ctx: ServiceContext,
  body: ImportValuesBody,
  opts: { idempotencyKey?: string | undefined },
  queue: SubmitQueue,
): Promise<SubmissionAccepted> {
  const { db, principal } = ctx
  if (principal.role !== 'admin') throw forbidden('只有系统管理员可以导入历史数据')
  const requestHash = sha256(JSON.stringify(body))
  const scope = opts.idempotencyKey ? idempotencyScope(principal) : null
  if (opts.idempotencyKey) {
    const replay = await findReplay(db, scope!, opts.idempotencyKey, requestHash)
    if (replay) return replay
  }
  const department = await db
    .selectFrom('departments')
    .select('id')
    .where('id', '=', body.departmentId)
    .executeTakeFirst()
  if (!department) throw bodyField('departmentId', `部门 ${body.departmentId} 不存在`)
  const resolved = await resolveIndicators(
    db,
    body.items.map((i) => i.indicator),
    body.departmentId,
  )
  const foreign = [...new Set([...resolved.values()].filter((r) => !r.owned).map((r) => r.code))]
  if (foreign.length)
    throw bodyField(
      'items',
      `部门 ${body.departmentId} 不是以下指标的牵头或配合单位: ${foreign.slice(0, 10).join('、')}${foreign.length > 10 ? ` 等${foreign.length}项` : ''}`,
    )
  if (body.items.some((i) => i.evidenceId !== undefined)) throw bodyField('items', '历史导入不附佐证材料')
  return storeSubmission(
    ctx,
    {
      channel: 'import',
      department_id: body.departmentId,
      payload: JSON.stringify({ items: body.items }),
      all_or_nothing: false,
      item_count: body.items.length,
    },
    { items: body.items.length, channel: 'import', departmentId: body.departmentId },
    { scope, key: opts.idempotencyKey, requestHash },
    queue,
  )
}

/**
 * Inserts the submission exactly as received (durable before the caller answers 202), audits it, and
 * hands it to the queue. A concurrent retry of the same idempotent request gets the first one's answer.
 */
async function storeSubmission(
  ctx: ServiceContext,
  body: Pick<
    Insertable<SubmissionsTable>,
    'channel' | 'department_id' | 'payload' | 'file' | 'file_name' | 'file_type' | 'all_or_nothing' | 'item_count'
  >,
  auditAfter: Record<string, unknown>,
  idem: { scope: string | null; key: string | undefined; requestHash: string },
  queue: SubmitQueue,
): Promise<SubmissionAccepted> {
  const { db, principal } = ctx
  const row = await db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('submissions')
      .values({
        // An admin submits for no department, unless it names one (a history import).
        department_id: principal.role === 'admin' ? null : principal.departmentId,
        ...body,
        user_id: principal.userId,
        token_id: principal.tokenId,
        idempotency_scope: idem.scope,
        idempotency_key: idem.key ?? null,
        request_hash: idem.requestHash,
        received_at: ctx.now,
      })
      .onConflict((oc) => oc.columns(['idempotency_scope', 'idempotency_key']).doNothing())
      .returning(['id', 'state', 'item_count'])
      .executeTakeFirst()
    if (r)
      await audit(
        trx,
        principal,
        { action: 'submission.receive', entity: 'submission', entityId: r.id, after: auditAfter },
        ctx.requestId,
      )
    return r
  })
  if (!row) {
    // Lost a race with a concurrent retry of the same request: answer as that one did.
    const replay = await findReplay(db, idem.scope!, idem.key!, idem.requestHash)
    if (replay) return replay
    throw new ServiceError('conflict', '重复请求冲突,请稍后重试')
  }
  await enqueueQuietly(queue, row.id)
  return { id: row.id, state: row.state, itemCount: row.item_count, replayed: false }
}

async function findReplay(
  db: Kysely<Database>,
  scope: string,
  key: string,
  requestHash: string,
): Promise<SubmissionAccepted | null> {
  const prior = await db
    .selectFrom('submissions')
    .select(['id', 'state', 'item_count', 'request_hash'])
    .where('idempotency_scope', '=', scope)
    .where('idempotency_key', '=', key)
    .executeTakeFirst()
  if (!prior) return null
  if (prior.request_hash !== requestHash)
    throw new ServiceError('conflict', 'Idempotency-Key 已用于另一份不同的提交,请为新的提交使用新的键')
  return { id: prior.id, state: prior.state, itemCount: prior.item_count, replayed: true }
}
