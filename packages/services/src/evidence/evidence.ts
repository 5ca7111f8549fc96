import {
  type EvidenceFile,
  MAX_EVIDENCE_BYTES,
  evidenceTypes,
  safeEvidenceName,
  sniffEvidence,
} from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { ParsePool } from '@cockpit/tabular'
import type { Kysely } from 'kysely'
import { createHash } from 'node:crypto'
import type { ServiceContext } from '../kernel/context.js'
import type { Principal } from '../kernel/principal.js'
import { audit } from '../kernel/audit.js'
import { bodyIssue, invalid, notFound, ServiceError } from '../kernel/errors.js'
import { assertCanSubmit } from '../kernel/submitter.js'
import { anyUuid } from '../kernel/any-of.js'

/**
 * Stores one evidence file for the caller's department. The type is decided from the bytes alone and
 * the stored content type is the detected one, so a download can never be served as something else.
 */
export async function storeEvidence(
  ctx: ServiceContext,
  file: { bytes: Uint8Array; name: string },
  inspectEvidence: ParsePool['inspectEvidence'],
): Promise<EvidenceFile> {
  const { db, principal } = ctx
  assertCanSubmit(principal)
  if (file.bytes.length > MAX_EVIDENCE_BYTES)
    throw new ServiceError('too_large', `佐证材料「${file.name}」超过 ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB 上限`)
  const sniffed = sniffEvidence(file.bytes, file.name)
  if (!sniffed.ok) throw invalid(sniffed.message)
  // The first bytes only name a candidate; the whole file must then read as that kind (on the parse
  // pool: inflating a 20 MB document must not stall the event loop).
  const inspected = await inspectEvidence(file.bytes, sniffed.kind, file.name)
  if (!inspected.ok) throw invalid(inspected.message)
  const values = {
    department_id: principal.role === 'admin' ? null : principal.departmentId,
    user_id: principal.userId,
    token_id: principal.tokenId,
    file_name: safeEvidenceName(file.name, sniffed.kind),
    content_type: evidenceTypes[sniffed.kind].contentType,
    size: file.bytes.length,
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
    bytes: file.bytes,
  }
  const row = await db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('evidence_files')
      .values(values)
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow()
    const { bytes: _bytes, ...described } = values
    await audit(
      trx,
      principal,
      { action: 'evidence.upload', entity: 'evidence', entityId: r.id, after: described },
      ctx.requestId,
    )
    return r
  })
  return {
    id: row.id,
    fileName: values.file_name,
    contentType: values.content_type,
    size: values.size,
    sha256: values.sha256,
    departmentId: values.department_id,
    createdAt: row.created_at.toISOString(),
  }
}

/**
 * The file for a download: the uploading department's reporters and tokens, managers whose
 * jurisdictions hold that department, and admins. Anyone else gets 404, as if it did not exist.
 */
export async function readEvidence(ctx: ServiceContext, id: string) {
  const { db, principal } = ctx
  const row = await db
    .selectFrom('evidence_files')
    .leftJoin('departments', 'departments.id', 'evidence_files.department_id')
    .select([
      'evidence_files.id',
      'evidence_files.department_id',
      'file_name',
      'content_type',
      'size',
      'bytes',
      'departments.jurisdiction_code',
    ])
    .where('evidence_files.id', '=', id)
    .executeTakeFirst()
  const missing = notFound(`佐证材料 ${id} `)
  if (!row) throw missing
  const allowed =
    principal.role === 'admin' ||
    (principal.role === 'reporter' && row.department_id !== null && principal.departmentId === row.department_id) ||
    (principal.role === 'manager' &&
      row.jurisdiction_code !== null &&
      principal.jurisdictions.includes(row.jurisdiction_code))
  if (!allowed) throw missing
  return { fileName: row.file_name, contentType: row.content_type, size: row.size, bytes: row.bytes }
}

/**
 * A submission may only name evidence its own department uploaded (an admin, acting for no department,
 * any evidence). Checked when the submission is received, so the worker never links foreign files.
 */
export async function assertEvidenceUsable(
  db: Kysely<Database>,
  principal: Principal,
  items: { evidenceId?: string | undefined }[],
): Promise<void> {
  const named = items.flatMap((i, n) => (i.evidenceId ? [{ id: i.evidenceId, path: `items.${n}.evidenceId` }] : []))
  await assertEvidenceOwned(db, principal.role === 'admin' ? null : principal.departmentId, named)
}

/**
 * Every named file exists (else 400) and was uploaded by `departmentId` (else 403); null: any
 * department's (an admin's own write). `path` says where in the request body the id stood.
 */
export async function assertEvidenceOwned(
  db: Kysely<Database>,
  departmentId: number | null,
  named: { id: string; path: string }[],
): Promise<void> {
  const ids = [...new Set(named.map((x) => x.id))]
  if (ids.length === 0) return
  const rows = await db
    .selectFrom('evidence_files')
    .select(['id', 'department_id'])
    .where('id', '=', anyUuid(ids))
    .execute()
  const found = new Map(rows.map((r) => [r.id, r.department_id]))
  const missing = named.find((x) => !found.has(x.id))
  if (missing) throw bodyIssue(missing.path, `佐证材料 ${missing.id} 不存在,请先上传文件(POST /api/v1/evidence)`)
  if (departmentId === null) return
  const foreign = named.find((x) => found.get(x.id) !== departmentId)
  if (foreign) throw bodyIssue(foreign.path, `佐证材料 ${foreign.id} 不是本单位上传的,不能引用`, 'forbidden')
}
