import type { ColumnType, Generated, Selectable } from 'kysely'

export interface NotificationChannelsTable {
  id: Generated<number>
  owner_id: number | null
  name: string
  kind: 'email' | 'dingtalk' | 'wecom' | 'webhook'
  /** Channel settings including secrets: never returned by the API unmasked. */
  config: ColumnType<Record<string, unknown>, string, string>
  enabled: ColumnType<boolean, boolean | undefined, boolean>
  created_at: ColumnType<Date, never, never>
}
export type NotificationChannelRow = Selectable<NotificationChannelsTable>

export interface SubscriptionsTable {
  id: Generated<number>
  user_id: number
  name: string
  jurisdiction_codes: ColumnType<string[], string[] | undefined, string[]>
  pillar_ids: ColumnType<number[], number[] | undefined, number[]>
  indicator_ids: ColumnType<number[], number[] | undefined, number[]>
  min_severity: ColumnType<
    'critical' | 'warning' | 'info',
    'critical' | 'warning' | 'info' | undefined,
    'critical' | 'warning' | 'info'
  >
  channel_ids: ColumnType<number[], number[] | undefined, number[]>
  in_app: ColumnType<boolean, boolean | undefined, boolean>
  enabled: ColumnType<boolean, boolean | undefined, boolean>
  created_at: ColumnType<Date, never, never>
}
export type SubscriptionRow = Selectable<SubscriptionsTable>

export type NotificationKind = 'firing' | 'resolved' | 'repeat' | 'escalation'
export interface NotificationsTable {
  id: Generated<string>
  /** alert:episode:kind:user:channel(:n for repeats) — the same event is owed once. */
  dedup_key: string
  alert_id: string
  user_id: number | null
  channel_id: number | null
  kind: NotificationKind
  status: ColumnType<
    'pending' | 'sending' | 'sent' | 'failed' | 'silenced',
    'pending' | 'sending' | 'sent' | 'failed' | 'silenced' | undefined,
    'pending' | 'sending' | 'sent' | 'failed' | 'silenced'
  >
  due_at: Date
  batch_id: string | null
  attempts: ColumnType<number, number | undefined, number>
  last_error: string | null
  created_at: ColumnType<Date, never, never>
  sent_at: Date | null
}
export type NotificationRow = Selectable<NotificationsTable>

export interface InboxItemsTable {
  id: Generated<string>
  user_id: number
  alert_id: string | null
  kind: string
  title: string
  body: string
  created_at: ColumnType<Date, never, never>
  read_at: Date | null
}
export type InboxItemRow = Selectable<InboxItemsTable>
