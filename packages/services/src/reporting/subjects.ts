import { type ReportingSubject, type TaskRef, taskDisplayName } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import { anyInt } from '../kernel/any-of.js'

/** The subject fields every reporting row carries (see SubjectFields in the contracts). */
export interface SubjectFields {
  subject: ReportingSubject
  indicatorId: number | null
  indicatorCode: string | null
  indicatorName: string | null
  taskId: number | null
  task: TaskRef | null
  subjectName: string
}

export interface SubjectKey {
  indicator_id: number | null
  task_id: number | null
}

/** Tasks (and milestones) named as lists name them, by id. */
export async function taskRefs(db: Kysely<Database>, ids: number[]): Promise<Map<number, TaskRef>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('tasks as t')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .select(['t.id', 't.kind', 't.number', 't.title', 'p.key as plan_key', 'p.title as plan_title'])
    .where('t.id', '=', anyInt([...new Set(ids)]))
    .execute()
  return new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, kind: r.kind, number: r.number, title: r.title, planKey: r.plan_key, planTitle: r.plan_title },
    ]),
  )
}

/**
 * Names the subjects of a page of rows in two small queries (indicators, tasks), whatever the page's
 * mix; the answer maps a row to its subject fields.
 */
export async function subjectNamer(
  db: Kysely<Database>,
  rows: SubjectKey[],
): Promise<(r: SubjectKey) => SubjectFields> {
  const indicatorIds = [...new Set(rows.flatMap((r) => (r.indicator_id !== null ? [r.indicator_id] : [])))]
  const [indicators, tasks] = await Promise.all([
    indicatorIds.length
      ? db
          .selectFrom('indicators as i')
          .innerJoin('plans as p', 'p.id', 'i.plan_id')
          .select(['i.id', 'i.key', 'i.name', 'p.key as plan_key'])
          .where('i.id', '=', anyInt(indicatorIds))
          .execute()
      : [],
    taskRefs(
      db,
      rows.flatMap((r) => (r.task_id !== null ? [r.task_id] : [])),
    ),
  ])
  const byId = new Map(indicators.map((i) => [i.id, i]))
  return (r) => {
    if (r.task_id !== null) {
      const task = tasks.get(r.task_id) ?? null
      return {
        subject: 'task',
        indicatorId: null,
        indicatorCode: null,
        indicatorName: null,
        taskId: r.task_id,
        task,
        subjectName: task ? taskDisplayName(task) : `任务 ${r.task_id}`,
      }
    }
    const i = r.indicator_id !== null ? byId.get(r.indicator_id) : undefined
    return {
      subject: 'indicator',
      indicatorId: r.indicator_id,
      indicatorCode: i ? `${i.plan_key}/${i.key}` : null,
      indicatorName: i?.name ?? null,
      taskId: null,
      task: null,
      subjectName: i?.name ?? `指标 ${r.indicator_id}`,
    }
  }
}
