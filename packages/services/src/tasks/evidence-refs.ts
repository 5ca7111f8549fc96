import type { EvidenceRef } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { anyInt } from '../kernel/any-of.js'

/** The evidence files linked to many progress revisions or completion claims, in one query. */
export async function progressEvidence(db: Kysely<Database>, ids: number[]): Promise<Map<number, EvidenceRef[]>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('task_progress_evidence as l')
    .innerJoin('evidence_files as f', 'f.id', 'l.evidence_id')
    .select(['l.progress_id as owner', 'f.id', 'f.file_name', 'f.size'])
    .where('l.progress_id', '=', anyInt(ids))
    .orderBy('f.created_at')
    .execute()
  return group(rows)
}

export async function completionEvidence(db: Kysely<Database>, ids: number[]): Promise<Map<number, EvidenceRef[]>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('task_completion_evidence as l')
    .innerJoin('evidence_files as f', 'f.id', 'l.evidence_id')
    .select(['l.completion_id as owner', 'f.id', 'f.file_name', 'f.size'])
    .where('l.completion_id', '=', anyInt(ids))
    .orderBy('f.created_at')
    .execute()
  return group(rows)
}

function group(rows: { owner: number; id: string; file_name: string; size: number }[]): Map<number, EvidenceRef[]> {
  const out = new Map<number, EvidenceRef[]>()
  for (const r of rows)
    out.set(r.owner, [...(out.get(r.owner) ?? []), { id: r.id, fileName: r.file_name, size: r.size }])
  return out
}
