import type { ColumnType, Generated, Selectable } from 'kysely'

/** An uploaded plan document and its proposals, until committed (20261202T1800). */
export interface PlanImportsTable {
  id: Generated<number>
  file_name: string
  format: 'txt' | 'docx' | 'pdf'
  bytes: number
  sha256: string
  jurisdiction_code: string | null
  /** The plan the import updates (found at upload), then the plan it committed into. */
  plan_id: number | null
  status: ColumnType<'draft' | 'committed', 'draft' | 'committed' | undefined, 'draft' | 'committed'>
  converted_from_traditional: ColumnType<boolean, boolean | undefined, boolean>
  /** The document's text blocks (paragraphs and tables) the proposals' sources point into; JSON text on insert. */
  blocks: ColumnType<unknown, string, string>
  created_by: number | null
  created_at: ColumnType<Date, never, never>
  committed_at: ColumnType<Date | null, never, Date | null>
}
export type PlanImportRow = Selectable<PlanImportsTable>

export interface PlanImportProposalsTable {
  import_id: number
  /** Stable within the draft: kind and identity (indicator and year, task number and title…), hashed. */
  id: string
  position: number
  kind: 'plan' | 'pillar' | 'target' | 'milestone' | 'task' | 'department'
  fingerprint: string
  state: 'new' | 'changed' | 'committed' | 'rejected-before'
  data: ColumnType<unknown, string, string>
  edits: ColumnType<unknown | null, string | null, string | null>
  decision: ColumnType<
    'pending' | 'accepted' | 'rejected',
    'pending' | 'accepted' | 'rejected' | undefined,
    'pending' | 'accepted' | 'rejected'
  >
  quote: string
  source: ColumnType<unknown, string, string>
  error: string | null
}
export type PlanImportProposalRow = Selectable<PlanImportProposalsTable>
