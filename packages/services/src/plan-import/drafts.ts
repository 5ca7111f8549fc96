import { createHash } from 'node:crypto'
import {
  type PlanImportDraft,
  type PlanImportKind,
  PlanProposalFields,
  type PlanProposal,
  type PlanProposalBulkPatch,
  type PlanProposalPatch,
} from '@cockpit/contracts'
import type { Database, PlanImportProposalRow, PlanImportRow } from '@cockpit/db'
import { type JurisdictionEntry, PlanImportError, type PlanProposals } from '@cockpit/plan-import'
import type { Kysely, Transaction } from 'kysely'
import type { ServiceContext } from '../kernel/context.js'
import { notFound, ServiceError } from '../kernel/errors.js'
import { assertAdmin, bodyField } from '../kernel/admin-guards.js'
import { buildProposals } from './build-proposals.js'
import { proposalStates } from './diff.js'
import { findStoredPlan, jurisdictionDepartments, storedPlan } from './stored-plan.js'
import { anyText } from '../kernel/any-of.js'

/** Reads a document into proposals (off the event loop in the API: see `createPlanReadPool`); refusals throw a PlanImportError. */
export type PlanReader = (
  fileName: string,
  bytes: Uint8Array,
  jurisdictions: JurisdictionEntry[],
) => Promise<PlanProposals>

export interface UploadedDocument {
  name: string
  bytes: Uint8Array
}

const KIND_ORDER: PlanImportKind[] = ['plan', 'pillar', 'target', 'milestone', 'task', 'department']

/** The jurisdiction tree the importer matches a plan's place against (retired codes left out). */
async function jurisdictionTree(db: Kysely<Database>): Promise<JurisdictionEntry[]> {
  const rows = await db
    .selectFrom('jurisdictions')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('retired_at', 'is', null)
    .execute()
  return rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code }))
}

/**
 * Upload: reads the document, proposes a plan, compares each proposal with what the jurisdiction already has
 * (a revised document proposes only the differences) and stores the draft. Nothing of the plan is written yet.
 */
export async function createPlanImport(
  ctx: ServiceContext,
  file: UploadedDocument,
  opts: { readPlan: PlanReader },
): Promise<number> {
  const { db, principal } = ctx
  assertAdmin(principal)
  const proposals = await opts.readPlan(file.name, file.bytes, await jurisdictionTree(db)).catch((e: unknown) => {
    // Refusals (not a plan, image-only PDF, too large, password, zip bomb, corrupt) reach the admin in their words.
    if (e instanceof PlanImportError)
      throw new ServiceError(
        e.reason === 'too-large' ? 'too_large' : 'invalid_request',
        `文件 ${file.name}:${e.message}`,
      )
    throw e
  })
  const raw = buildProposals(proposals)
  const code = proposals.jurisdiction?.code ?? null
  const planData = raw.find((p) => p.kind === 'plan')!.data as PlanProposalFields['plan']
  const planRow = code ? await findStoredPlan(db, code, planData.title, planData.docNumber) : null
  const stored = planRow ? await storedPlan(db, planRow) : null
  const deptCode = planRow?.jurisdiction_code ?? code
  const departments = deptCode ? await jurisdictionDepartments(db, deptCode) : []
  const states = await proposalStates(db, raw, stored, departments, code)
  const format = formatOf(file)
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('plan_imports')
      .values({
        file_name: file.name.slice(0, 255),
        format,
        bytes: file.bytes.byteLength,
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
        jurisdiction_code: code,
        plan_id: planRow?.id ?? null,
        converted_from_traditional: proposals.convertedFromTraditional,
        blocks: JSON.stringify(proposals.blocks),
        created_by: principal.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const rows = raw.map((p, position) => ({
      import_id: row.id,
      id: p.id,
      position,
      kind: p.kind,
      fingerprint: states.get(p.id)!.fingerprint,
      state: states.get(p.id)!.state,
      data: JSON.stringify(p.data),
      edits: null,
      quote: p.quote.slice(0, 2000),
      source: JSON.stringify(p.source),
    }))
    for (let i = 0; i < rows.length; i += 200)
      await trx
        .insertInto('plan_import_proposals')
        .values(rows.slice(i, i + 200))
        .execute()
    return row.id
  })
}

/** By its bytes, as the reader decided: a zip is a docx, %PDF a pdf, anything else text. */
function formatOf(file: UploadedDocument): 'txt' | 'docx' | 'pdf' {
  const b = file.bytes
  if (b[0] === 0x50 && b[1] === 0x4b) return 'docx'
  if (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return 'pdf'
  return 'txt'
}

const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' ? (v as Record<string, unknown>) : {}

export function proposalView(r: PlanImportProposalRow): PlanProposal {
  const data = asRecord(r.data)
  const edits = r.edits === null ? null : asRecord(r.edits)
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    decision: r.decision,
    data,
    edits,
    value: { ...data, ...(edits ?? {}) },
    quote: r.quote,
    source: r.source as PlanProposal['source'],
    error: r.error,
  }
}

async function loadImport(db: Kysely<Database>, id: number): Promise<PlanImportRow> {
  const row = await db.selectFrom('plan_imports').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound(`规划导入 ${id} `)
  return row
}

export async function getPlanImport(ctx: ServiceContext, id: number): Promise<PlanImportDraft> {
  const { db, principal } = ctx
  assertAdmin(principal)
  const row = await loadImport(db, id)
  const proposals = await db
    .selectFrom('plan_import_proposals')
    .selectAll()
    .where('import_id', '=', id)
    .orderBy('position')
    .execute()
  const jurisdiction = row.jurisdiction_code
    ? await db
        .selectFrom('jurisdictions')
        .select(['code', 'name'])
        .where('code', '=', row.jurisdiction_code)
        .executeTakeFirst()
    : undefined
  const plan =
    row.plan_id !== null
      ? await db.selectFrom('plans').select(['id', 'key', 'title']).where('id', '=', row.plan_id).executeTakeFirst()
      : undefined
  const views = proposals.map(proposalView).sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind))
  const proposed = views.filter((p) => p.state === 'new' || p.state === 'changed')
  return {
    id: row.id,
    fileName: row.file_name,
    format: row.format,
    status: row.status,
    jurisdiction: jurisdiction ?? null,
    plan: plan ?? null,
    convertedFromTraditional: row.converted_from_traditional,
    createdAt: row.created_at.toISOString(),
    committedAt: row.committed_at ? row.committed_at.toISOString() : null,
    counts: {
      proposed: proposed.length,
      unchanged: views.length - proposed.length,
      accepted: proposed.filter((p) => p.decision === 'accepted').length,
      rejected: proposed.filter((p) => p.decision === 'rejected').length,
    },
    blocks: row.blocks as PlanImportDraft['blocks'],
    proposals: views,
  }
}

/**
 * The reviewer's decisions and edits, checked against each kind's fields (the contract's zod schema, with
 * the edits applied to what was read): "请求体 items.3.edits.value: 目标值应为数字". All or nothing.
 */
async function applyPatches(
  trx: Transaction<Database>,
  importId: number,
  items: { id: string; decision?: PlanProposalPatch['decision']; edits?: PlanProposalPatch['edits'] }[],
  at: (i: number) => string,
): Promise<void> {
  const draft = await trx
    .selectFrom('plan_imports')
    .select(['id', 'status'])
    .where('id', '=', importId)
    .forUpdate()
    .executeTakeFirst()
  if (!draft) throw notFound(`规划导入 ${importId} `)
  if (draft.status === 'committed')
    throw new ServiceError('conflict', '该规划导入已提交,不能再修改;如需更新请重新上传文件')
  const ids = [...new Set(items.map((x) => x.id))]
  const rows = await trx
    .selectFrom('plan_import_proposals')
    .selectAll()
    .where('import_id', '=', importId)
    .where('id', '=', anyText(ids))
    .execute()
  const byId = new Map(rows.map((r) => [r.id, r]))
  for (const [i, item] of items.entries()) {
    const row = byId.get(item.id)
    if (!row) throw bodyField(`${at(i)}id`, `提议 ${item.id} 不在本次导入中`)
    if (row.state === 'committed' || row.state === 'rejected-before')
      throw bodyField(
        `${at(i)}id`,
        `提议 ${item.id} 已处理过(${row.state === 'committed' ? '已导入且未变化' : '此前已拒绝'}),不再审核`,
      )
    const update: { decision?: PlanImportProposalRow['decision']; edits?: string | null; error?: null } = {}
    if (item.decision !== undefined) update.decision = item.decision
    if (item.edits !== undefined) {
      if (item.edits === null) update.edits = null
      else {
        const schema = PlanProposalFields[row.kind]
        const merged = { ...asRecord(row.data), ...item.edits }
        const parsed = schema.safeParse(merged)
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!
          throw bodyField(`${at(i)}edits${issue.path.length ? `.${issue.path.join('.')}` : ''}`, issue.message)
        }
        // Only what differs from the document is an edit; the values as zod normalised them (trimmed text).
        const data = asRecord(row.data)
        const edits = Object.fromEntries(
          Object.entries(parsed.data as Record<string, unknown>).filter(
            ([k, v]) => JSON.stringify(v) !== JSON.stringify(data[k]),
          ),
        )
        update.edits = Object.keys(edits).length ? JSON.stringify(edits) : null
      }
      update.error = null
    }
    await trx
      .updateTable('plan_import_proposals')
      .set(update)
      .where('import_id', '=', importId)
      .where('id', '=', item.id)
      .execute()
  }
}

export async function patchProposals(
  ctx: ServiceContext,
  importId: number,
  body: PlanProposalBulkPatch,
): Promise<PlanImportDraft> {
  const { db, principal } = ctx
  assertAdmin(principal)
  await db.transaction().execute((trx) => applyPatches(trx, importId, body.items, (i) => `items.${i}.`))
  return getPlanImport(ctx, importId)
}

export async function patchProposal(
  ctx: ServiceContext,
  importId: number,
  proposalId: string,
  body: PlanProposalPatch,
): Promise<PlanProposal> {
  const { db, principal } = ctx
  assertAdmin(principal)
  await loadImport(db, importId)
  const exists = await db
    .selectFrom('plan_import_proposals')
    .select('id')
    .where('import_id', '=', importId)
    .where('id', '=', proposalId)
    .executeTakeFirst()
  if (!exists) throw notFound(`提议 ${proposalId} `)
  await db.transaction().execute((trx) => applyPatches(trx, importId, [{ id: proposalId, ...body }], () => ''))
  const row = await db
    .selectFrom('plan_import_proposals')
    .selectAll()
    .where('import_id', '=', importId)
    .where('id', '=', proposalId)
    .executeTakeFirstOrThrow()
  return proposalView(row)
}
