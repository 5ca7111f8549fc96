import type { ColumnType, Selectable } from 'kysely'

/** An approved boundary file for one jurisdiction's children (20261202T1710): cleaned GeoJSON text and its hash. */
export interface BoundaryFilesTable {
  jurisdiction_code: string
  geojson: string
  bytes: number
  sha256: string
  approval_no: string | null
  uploaded_by: number | null
  uploaded_at: ColumnType<Date, Date | string | undefined, Date | string>
}
export type BoundaryFileRow = Selectable<BoundaryFilesTable>
