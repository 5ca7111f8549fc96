import type { ColumnType } from 'kysely'

/** Process state that outlives a restart, by key (20261202T1010): e.g. the demo calendar's last product time. */
export interface RuntimeStateTable {
  key: string
  value: ColumnType<unknown, string, string>
  updated_at: ColumnType<Date, Date | undefined, Date>
}
