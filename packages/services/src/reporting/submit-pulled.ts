import type { SubmissionAccepted, SubmitItem } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import type { Principal } from '../kernel/principal.js'
import { sha256 } from '../kernel/secrets.js'
import { audit } from '../kernel/audit.js'
import type { ClockContext } from '../kernel/context.js'
import { enqueueQuietly, type SubmitQueue } from '../kernel/submitter.js'

const KEY_LIMIT = 200

/** The idempotency key of a pulled batch: "<period>-<value>" (hashed when several items make it long). */
export const pulledKey = (items: Pick<SubmitItem, 'period' | 'value'>[]): string => {
  const key = items.map((i) => `${i.period}-${i.value}`).join(',')
  return key.length <= KEY_LIMIT ? key : `sha256:${sha256(key)}`
}

/**
 * Stores values pulled from an external source through the normal submission path (channel 'pull'):
 * the same durable row submitValues writes, payload = the items, then the ingest job. Idempotent per
 * source: the same period and value pulled again returns the first submission and stores nothing.
 * received_at is the product clock's now, so on-time marking agrees with the calendar the cycle runs on.
 */
export async function submitPulled(
  db: Kysely<Database>,
  input: { sourceId: number; departmentId: number | null; items: SubmitItem[] },
  ctx: ClockContext,
  queue: SubmitQueue,
): Promise<SubmissionAccepted> {
  const body = { items: input.items }
  const scope = `source:${input.sourceId}`
  const key = pulledKey(input.items)
  const principal: Principal = {
    kind: 'token',
    userId: null,
    tokenId: null,
    role: 'reporter',
    departmentId: input.departmentId,
    jurisdictions: [],
    label: scope,
  }
  const inserted = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('submissions')
      .values({
        channel: 'pull',
        department_id: input.departmentId,
        user_id: null,
        token_id: null,
        idempotency_scope: scope,
        idempotency_key: key,
        request_hash: sha256(JSON.stringify(body)),
        payload: JSON.stringify(body),
        all_or_nothing: false,
        item_count: input.items.length,
        received_at: ctx.now,
      })
      .onConflict((oc) => oc.columns(['idempotency_scope', 'idempotency_key']).doNothing())
      .returning(['id', 'state', 'item_count'])
      .executeTakeFirst()
    if (row)
      await audit(
        trx,
        principal,
        {
          action: 'submission.receive',
          entity: 'submission',
          entityId: row.id,
          after: { items: input.items.length, channel: 'pull' },
        },
        ctx.requestId,
      )
    return row
  })
  if (!inserted) {
    const prior = await db
      .selectFrom('submissions')
      .select(['id', 'state', 'item_count'])
      .where('idempotency_scope', '=', scope)
      .where('idempotency_key', '=', key)
      .executeTakeFirstOrThrow()
    return { id: prior.id, state: prior.state, itemCount: prior.item_count, replayed: true }
  }
  await enqueueQuietly(queue, inserted.id, 'pulled submission')
  return { id: inserted.id, state: inserted.state, itemCount: inserted.item_count, replayed: false }
}
