import type { ColumnType, Generated, Selectable } from 'kysely'

/** A department's evidence file (佐证材料), type detected from its bytes; observations link to it (20261122T2200). */
export interface EvidenceFilesTable {
  id: Generated<string>
  /** null when an administrator uploaded it (admins act for no department). */
  department_id: number | null
  user_id: number | null
  token_id: number | null
  file_name: string
  content_type: string
  size: number
  sha256: string
  bytes: Uint8Array
  created_at: ColumnType<Date, never, never>
}
export type EvidenceFileRow = Selectable<EvidenceFilesTable>
