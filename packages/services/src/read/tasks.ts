import { taskDueStateLabels, type Task, type TaskDetail, type TaskQuery } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { taskDueState } from '@cockpit/domain'
import type { Kysely } from 'kysely'
import { assertFilterInScope, inScope, type ReadScope } from '../auth/scope.js'
import { notFound } from '../errors.js'
import { departmentLinks } from './department-links.js'

function taskQuery(db: Kysely<Database>) {
  return db
    .selectFrom('tasks as t')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .leftJoin('pillars as x', 'x.id', 't.pillar_id')
    .selectAll('t')
    .select(['p.key as plan_key', 'p.title as plan_title', 'p.doc_number', 'p.source_file', 'p.jurisdiction_code', 'x.key as pillar_key', 'x.name as pillar_name'])
}
type Row = Awaited<ReturnType<ReturnType<typeof taskQuery>['executeTakeFirstOrThrow']>>

function toTask(r: Row, departments: Task['departments'], asOf: string): Task {
  const dueState = taskDueState({ dueDate: r.due_date, completedOn: r.completed_on }, asOf)
  return {
    id: r.id,
    key: r.key,
    planKey: r.plan_key,
    jurisdictionCode: r.jurisdiction_code,
    kind: r.kind,
    number: r.number,
    title: r.title,
    description: r.description,
    pillar: r.pillar_key && r.pillar_name ? { key: r.pillar_key, name: r.pillar_name } : null,
    parentId: r.parent_id,
    indicatorId: r.indicator_id,
    dueDate: r.due_date,
    completedOn: r.completed_on,
    dueState,
    dueStateLabel: taskDueStateLabels[dueState],
    departments,
    citation: { document: r.plan_title, docNumber: r.doc_number, sourceFile: r.source_file, section: r.cite_section, quote: r.cite_quote },
  }
}

export async function listTasks(db: Kysely<Database>, query: TaskQuery, asOf: string, scope: ReadScope): Promise<Task[]> {
  assertFilterInScope(scope, query.jurisdiction)
  let q = taskQuery(db)
  if (scope !== null) q = q.where('p.jurisdiction_code', 'in', scope.length ? [...scope] : [''])
  if (query.jurisdiction) q = q.where('p.jurisdiction_code', '=', query.jurisdiction)
  if (query.plan) q = q.where('p.key', '=', query.plan)
  if (query.kind) q = q.where('t.kind', '=', query.kind)
  if (query.dueBefore) q = q.where('t.due_date', '<=', query.dueBefore)
  if (query.department !== undefined) {
    const dept = query.department
    q = q.where((eb) => eb.exists(eb.selectFrom('task_departments as l').whereRef('l.task_id', '=', 't.id').where('l.department_id', '=', dept)))
  }
  const rows = await q.orderBy('p.jurisdiction_code').orderBy('p.key').orderBy('t.position').execute()
  const departments = await departmentLinks(db, 'task_departments', rows.map((r) => r.id))
  const items = rows.map((r) => toTask(r, departments.get(r.id) ?? [], asOf))
  return query.dueState ? items.filter((t) => t.dueState === query.dueState) : items
}

export async function getTask(db: Kysely<Database>, id: number, asOf: string, scope: ReadScope): Promise<TaskDetail> {
  const row = await taskQuery(db).where('t.id', '=', id).executeTakeFirst()
  if (!row || !inScope(scope, row.jurisdiction_code)) throw notFound(`任务 ${id} `)
  const children = await taskQuery(db).where('t.parent_id', '=', id).orderBy('t.position').execute()
  const departments = await departmentLinks(db, 'task_departments', [id, ...children.map((c) => c.id)])
  return {
    ...toTask(row, departments.get(id) ?? [], asOf),
    children: children.map((c) => toTask(c, departments.get(c.id) ?? [], asOf)),
  }
}
