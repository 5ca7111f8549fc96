import type { Database, SilenceMatchers } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { isWithin, type ParentMap } from './scope.js'

export interface AlertLabels {
  ruleId: number
  /** The subject: an indicator or a task (the other is null); a matcher on one never matches the other. */
  indicatorId: number | null
  taskId: number | null
  jurisdictionCode: string
  severity: 'critical' | 'warning' | 'info'
  kind: string
}

/** A silence matches when every matcher it states matches (a jurisdiction covers those below it). */
export function silenceMatches(m: SilenceMatchers, a: AlertLabels, parents: ParentMap): boolean {
  if (m.ruleId !== undefined && m.ruleId !== a.ruleId) return false
  if (m.indicatorId !== undefined && m.indicatorId !== a.indicatorId) return false
  if (m.taskId !== undefined && m.taskId !== a.taskId) return false
  if (m.severity !== undefined && m.severity !== a.severity) return false
  if (m.kind !== undefined && m.kind !== a.kind) return false
  if (m.jurisdictionCode !== undefined && !isWithin(a.jurisdictionCode, m.jurisdictionCode, parents)) return false
  return true
}

export async function activeSilences(db: Kysely<Database>, now: Date) {
  return db.selectFrom('silences').selectAll().where('starts_at', '<=', now).where('ends_at', '>', now).execute()
}
