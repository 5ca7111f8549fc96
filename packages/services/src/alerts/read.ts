import { type Alert, type ReportingSubject, taskDisplayName } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import type { Kysely } from 'kysely'
import type { ServiceContext } from '../kernel/context.js'
import type { Principal } from '../kernel/principal.js'
import { assertFilterInScope, inScope, readScope } from '../kernel/scope.js'
import { forbidden, notFound } from '../kernel/errors.js'
import { isWithin, parentMap } from './scope.js'
import { alertsWithSubject } from './alert-rows.js'
import { activeSilences, silenceMatches } from './silences.js'

function alertQuery(db: Kysely<Database>) {
  return alertsWithSubject(db)
    .leftJoin('plans as tp', 'tp.id', 't.plan_id')
    .innerJoin('jurisdictions as j', 'j.code', 'a.jurisdiction_code')
    .selectAll('a')
    .select([
      'r.name as rule_name',
      'r.kind',
      'i.name as indicator_name',
      'j.name as jurisdiction_name',
      't.kind as task_kind',
      't.number as task_number',
      't.title as task_title',
      'tp.key as task_plan_key',
      'tp.title as task_plan_title',
    ])
}
type Row = Awaited<ReturnType<ReturnType<typeof alertQuery>['executeTakeFirstOrThrow']>>

/**
 * Who may see an alert: admins all, managers and viewers their jurisdictions (an unscoped viewer all),
 * reporters those about their department's indicators and tasks (lead or cooperating).
 */
async function visibleFilter(db: Kysely<Database>, p: Principal) {
  const scope = readScope(p)
  const parents = await parentMap(db)
  const department = p.role === 'reporter' ? p.departmentId : null
  const [owned, ownedTasks] =
    department !== null
      ? await Promise.all([
          db
            .selectFrom('indicator_departments')
            .select('indicator_id')
            .where('department_id', '=', department)
            .execute()
            .then((r) => new Set(r.map((x) => x.indicator_id))),
          db
            .selectFrom('task_departments')
            .select('task_id')
            .where('department_id', '=', department)
            .execute()
            .then((r) => new Set(r.map((x) => x.task_id))),
        ])
      : [null, null]
  return {
    parents,
    can: (a: { jurisdiction_code: string; indicator_id: number | null; task_id: number | null }) =>
      p.role === 'admin' ||
      ((p.role === 'manager' || p.role === 'viewer') && inScope(scope, a.jurisdiction_code)) ||
      (owned !== null && a.indicator_id !== null && owned.has(a.indicator_id)) ||
      (ownedTasks !== null && a.task_id !== null && ownedTasks.has(a.task_id)),
  }
}

const labelsOf = (r: Row) => ({
  ruleId: r.rule_id,
  indicatorId: r.indicator_id,
  taskId: r.task_id,
  jurisdictionCode: r.jurisdiction_code,
  severity: r.severity,
  kind: r.kind,
})

function subjectOf(
  r: Row,
): Pick<Alert, 'subject' | 'indicatorId' | 'indicatorName' | 'taskId' | 'task' | 'subjectName'> {
  if (r.task_id !== null && r.task_kind !== null && r.task_title !== null) {
    const task = {
      id: r.task_id,
      kind: r.task_kind,
      number: r.task_number,
      title: r.task_title,
      planKey: r.task_plan_key ?? '',
      planTitle: r.task_plan_title ?? '',
    }
    return {
      subject: 'task',
      indicatorId: null,
      indicatorName: null,
      taskId: r.task_id,
      task,
      subjectName: taskDisplayName(task),
    }
  }
  return {
    subject: 'indicator',
    indicatorId: r.indicator_id,
    indicatorName: r.indicator_name,
    taskId: null,
    task: null,
    subjectName: r.indicator_name ?? '',
  }
}

function toAlert(r: Row, silenced: boolean): Alert {
  return {
    id: r.id,
    fingerprint: r.fingerprint,
    episode: r.episode,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    kind: r.kind,
    severity: r.severity,
    state: r.state,
    ...subjectOf(r),
    jurisdictionCode: r.jurisdiction_code,
    jurisdictionName: r.jurisdiction_name,
    summary: r.summary,
    values: r.values,
    startedAt: r.started_at.toISOString(),
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: r.acknowledged_by,
    assignedTo: r.assigned_to,
    escalatedAt: r.escalated_at?.toISOString() ?? null,
    silenced,
  }
}

export async function listAlerts(
  ctx: ServiceContext,
  q: {
    state?: 'firing' | 'resolved' | undefined
    severity?: 'critical' | 'warning' | 'info' | undefined
    jurisdiction?: string | undefined
    indicator?: number | undefined
    task?: number | undefined
    subject?: ReportingSubject | undefined
    limit: number
  },
): Promise<Alert[]> {
  const { db, principal: p, now } = ctx
  if (p.role === 'manager' || p.role === 'viewer') assertFilterInScope(readScope(p), q.jurisdiction)
  const { parents, can } = await visibleFilter(db, p)
  let query = alertQuery(db)
    .orderBy('a.started_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(Math.min(q.limit * 5, 2500))
  if (q.state) query = query.where('a.state', '=', q.state)
  if (q.severity) query = query.where('a.severity', '=', q.severity)
  if (q.indicator) query = query.where('a.indicator_id', '=', q.indicator)
  if (q.task) query = query.where('a.task_id', '=', q.task)
  if (q.subject === 'indicator') query = query.where('a.task_id', 'is', null)
  if (q.subject === 'task') query = query.where('a.task_id', 'is not', null)
  const silences = await activeSilences(db, now)
  return (await query.execute())
    .filter((r) => can(r) && (!q.jurisdiction || isWithin(r.jurisdiction_code, q.jurisdiction, parents)))
    .slice(0, q.limit)
    .map((r) =>
      toAlert(
        r,
        silences.some((s) => silenceMatches(s.matchers, labelsOf(r), parents)),
      ),
    )
}

export async function getAlert(ctx: ServiceContext, id: string) {
  const { db, principal: p, now } = ctx
  const row = await alertQuery(db).where('a.id', '=', id).executeTakeFirst()
  const { parents, can } = await visibleFilter(db, p)
  // Outside the caller's scope an alert answers as absent, like every single resource.
  if (!row || !can(row)) throw notFound(`告警 ${id} `)
  const [transitions, notes, notifications, silences] = await Promise.all([
    db
      .selectFrom('alert_transitions')
      .selectAll()
      .where('fingerprint', '=', row.fingerprint)
      .orderBy('at')
      .orderBy('id')
      .execute(),
    db.selectFrom('alert_notes').selectAll().where('alert_id', '=', id).orderBy('id').execute(),
    db.selectFrom('notifications').selectAll().where('alert_id', '=', id).orderBy('id').execute(),
    activeSilences(db, now),
  ])
  return {
    ...toAlert(
      row,
      silences.some((s) => silenceMatches(s.matchers, labelsOf(row), parents)),
    ),
    transitions: transitions.map((t) => ({
      from: t.from_state,
      to: t.to_state,
      at: t.at.toISOString(),
      values: t.values,
    })),
    notes: notes.map((n) => ({
      id: n.id,
      action: n.action,
      body: n.body,
      authorId: n.author_id,
      createdAt: n.created_at.toISOString(),
    })),
    notifications: notifications.map((n) => ({
      id: n.id,
      kind: n.kind,
      status: n.status,
      channelId: n.channel_id,
      userId: n.user_id,
      attempts: n.attempts,
      lastError: n.last_error,
      sentAt: n.sent_at?.toISOString() ?? null,
    })),
  }
}

/** Managers act on the alerts of their jurisdictions; admins on all. */
export async function assertCanAct(db: Kysely<Database>, p: Principal, id: string) {
  const row = await db
    .selectFrom('alerts')
    .select(['id', 'jurisdiction_code', 'indicator_id', 'state', 'acknowledged_at', 'assigned_to'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound(`告警 ${id} `)
  if (p.role === 'admin') return row
  if (p.role !== 'manager') throw forbidden('只有管理者可以处理告警')
  const parents = await parentMap(db)
  if (!p.jurisdictions.some((j) => isWithin(row.jurisdiction_code, j, parents)))
    throw forbidden('该告警不在您负责的行政区划内')
  return row
}
