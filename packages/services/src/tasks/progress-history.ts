import {
  taskStageLabels,
  type TaskProgressPart,
  type TaskProgressPeriod,
  type TaskProgressRevision,
} from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { addDays } from '@cockpit/domain'
import type { Kysely } from 'kysely'
import { progressEvidence } from './evidence-refs.js'

function revisionQuery(db: Kysely<Database>) {
  return db
    .selectFrom('task_progress as tp')
    .innerJoin('departments as d', 'd.id', 'tp.department_id')
    .leftJoin('users as u', 'u.id', 'tp.user_id')
    .leftJoin('api_tokens as k', 'k.id', 'tp.token_id')
    .selectAll('tp')
    .select(['d.name as department_name', 'u.display_name as user_name', 'k.name as token_name'])
}
type RevisionRow = Awaited<ReturnType<ReturnType<typeof revisionQuery>['executeTakeFirstOrThrow']>>

const toRevision = (r: RevisionRow, evidence: TaskProgressRevision['evidence']): TaskProgressRevision => ({
  id: r.id,
  stage: r.stage,
  stageLabel: taskStageLabels[r.stage],
  percent: r.percent,
  progress: r.progress,
  problems: r.problems,
  nextSteps: r.next_steps,
  reason: r.reason,
  evidence,
  reportedBy: r.user_name ?? (r.token_name ? `接口令牌「${r.token_name}」` : '未知'),
  reportedAt: r.reported_at.toISOString(),
})

/** One stored revision as the API shows it (the answer to a report, and to its replay). */
export async function progressRevision(
  db: Kysely<Database>,
  id: number,
): Promise<{ periodKey: string; revision: TaskProgressRevision }> {
  const row = await revisionQuery(db).where('tp.id', '=', id).executeTakeFirstOrThrow()
  return { periodKey: row.period_key, revision: toRevision(row, (await progressEvidence(db, [id])).get(id) ?? []) }
}

/**
 * A task's reports known at asOf, newest period first; within a period the lead departments' parts,
 * then the cooperating ones', each department's revisions newest first (revisions[0] is in force).
 */
export async function progressHistory(
  db: Kysely<Database>,
  taskId: number,
  asOf: string,
): Promise<TaskProgressPeriod[]> {
  const rows = await revisionQuery(db)
    .where('tp.task_id', '=', taskId)
    .where('tp.reported_at', '<', new Date(`${addDays(asOf, 1)}T00:00:00+08:00`))
    .orderBy('tp.period_end', 'desc')
    .orderBy('tp.id', 'desc')
    .execute()
  const evidence = await progressEvidence(
    db,
    rows.map((r) => r.id),
  )
  const periods = new Map<string, { periodEnd: string; parts: Map<number, TaskProgressPart> }>()
  for (const r of rows) {
    const period = periods.get(r.period_key) ?? { periodEnd: r.period_end, parts: new Map() }
    periods.set(r.period_key, period)
    const part = period.parts.get(r.department_id) ?? {
      departmentId: r.department_id,
      departmentName: r.department_name,
      role: r.role,
      revisions: [],
    }
    period.parts.set(r.department_id, part)
    part.revisions.push(toRevision(r, evidence.get(r.id) ?? []))
  }
  return [...periods].map(([periodKey, p]) => {
    const parts = [...p.parts.values()].sort((a, b) => a.departmentId - b.departmentId)
    return {
      periodKey,
      periodEnd: p.periodEnd,
      leads: parts.filter((x) => x.role === 'lead'),
      cooperating: parts.filter((x) => x.role === 'cooperating'),
    }
  })
}
