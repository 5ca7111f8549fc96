import type { ColumnType, Generated, Selectable } from 'kysely'

export type IndicatorSourceKind = 'http-json' | 'csv-file'

/** An external place an indicator's value is pulled from on a schedule. */
export interface IndicatorSourcesTable {
  id: Generated<number>
  indicator_id: number
  jurisdiction_code: string
  kind: IndicatorSourceKind
  /** An http(s) URL (http-json) or an absolute file path (csv-file). */
  location: string
  /** Dot path into the JSON ("data.rate"), or the CSV column header. */
  field_path: string
  /** Where the period is (same notation); null = the indicator's current due period. */
  period_field: string | null
  every_minutes: ColumnType<number, number | undefined, number>
  enabled: ColumnType<boolean, boolean | undefined, boolean>
  last_pulled_at: Date | null
  last_error: string | null
  created_at: ColumnType<Date, Date | undefined, never>
}
export type IndicatorSourceRow = Selectable<IndicatorSourcesTable>
