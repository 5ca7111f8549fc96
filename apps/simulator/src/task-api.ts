import {
  ImportTasksResult,
  LoginResult,
  Plan,
  Task,
  TaskCompletion,
  TaskCompletionAccepted,
  TaskDetail,
  type ImportTasksBody,
  type SubmitItem,
  type TaskCompletionClaimBody,
  type TaskProgressBody,
} from '@cockpit/contracts'
import { submitted, type SubmitOutcome } from './api.js'
import { type Auth, type Call, createCall, type Outcome } from './http.js'
import type { SimPlan, SimTask } from './task-reports.js'

export interface Session {
  cookie: string
  csrf: string
  username: string
  /** The jurisdictions the person may act in (with the ones below). */
  jurisdictions: string[]
  role: string
}

export type Parsed<T> = { kind: 'ok'; value: T } | Exclude<Outcome, { kind: 'ok' }>

export interface TaskApi {
  /** Tasks and plans (with their issue dates), read with any department's token; throws when unreadable. */
  loadTasks(token: string): Promise<{ tasks: SimTask[]; plans: Map<string, SimPlan>; unreadable: number }>
  reportProgress(token: string, taskId: number, body: TaskProgressBody, idempotencyKey: string): Promise<Outcome>
  claimCompletion(
    token: string,
    taskId: number,
    body: TaskCompletionClaimBody,
    idempotencyKey: string,
  ): Promise<Parsed<TaskCompletion>>
  login(username: string, password: string): Promise<Parsed<Session>>
  pendingClaims(session: Session): Promise<Parsed<TaskCompletion[]>>
  taskDetail(session: Session, taskId: number): Promise<Parsed<TaskDetail>>
  decide(
    session: Session,
    completionId: number,
    decision: { approve: true; comment?: string } | { approve: false; comment: string },
  ): Promise<Outcome>
  importValues(
    session: Session,
    departmentId: number,
    items: SubmitItem[],
    idempotencyKey: string,
  ): Promise<SubmitOutcome>
  importTasks(session: Session, body: ImportTasksBody): Promise<Parsed<ImportTasksResult>>
}

const itemsOf = (body: unknown): unknown[] =>
  typeof body === 'object' && body !== null && 'items' in body && Array.isArray(body.items) ? body.items : []

const sessionAuth = (s: Session): Auth => ({ cookie: s.cookie, csrf: s.csrf })

/** The answer's body read with a schema; a 2xx of another shape is not retried (it would not change). */
function parsed<T>(
  outcome: Outcome,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
): Parsed<T> {
  if (outcome.kind !== 'ok') return outcome
  const p = schema.safeParse(outcome.body)
  return p.success
    ? { kind: 'ok', value: p.data }
    : { kind: 'refused', status: outcome.status, message: 'unexpected answer' }
}

export function createTaskApi(baseUrl: string, fetchFn: typeof fetch): TaskApi {
  const call: Call = createCall(baseUrl, fetchFn)
  return {
    async loadTasks(token) {
      const [taskOut, planOut] = await Promise.all([
        call('GET', '/api/v1/tasks', { token }),
        call('GET', '/api/v1/plans', { token }),
      ])
      for (const [path, o] of [
        ['/api/v1/tasks', taskOut],
        ['/api/v1/plans', planOut],
      ] as const)
        if (o.kind !== 'ok') throw new Error(`GET ${path} answered ${o.status ?? 'nothing'}: ${o.message}`)
      let unreadable = 0
      const tasks: SimTask[] = []
      for (const raw of itemsOf((taskOut as { body: unknown }).body)) {
        const t = Task.safeParse(raw)
        if (t.success) tasks.push(t.data)
        else unreadable++
      }
      const plans = new Map<string, SimPlan>()
      for (const raw of itemsOf((planOut as { body: unknown }).body)) {
        const p = Plan.safeParse(raw)
        if (p.success)
          plans.set(p.data.key, { startYear: p.data.startYear, endYear: p.data.endYear, issuedOn: p.data.issuedOn })
        else unreadable++
      }
      return { tasks, plans, unreadable }
    },

    reportProgress: (token, taskId, body, key) =>
      call('POST', `/api/v1/tasks/${taskId}/progress`, { token }, body, { 'idempotency-key': key }),

    async claimCompletion(token, taskId, body, key) {
      const out = parsed(
        await call('POST', `/api/v1/tasks/${taskId}/completion`, { token }, body, { 'idempotency-key': key }),
        TaskCompletionAccepted,
      )
      return out.kind === 'ok' ? { kind: 'ok', value: out.value.completion } : out
    },

    async login(username, password) {
      const out = await call('POST', '/api/v1/auth/login', null, { username, password })
      const result = parsed(out, LoginResult)
      if (result.kind !== 'ok' || out.kind !== 'ok')
        return result.kind === 'ok' ? { kind: 'refused', status: 0, message: 'no answer' } : result
      const cookie = (out.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
      if (!cookie) return { kind: 'refused', status: out.status, message: 'login set no session cookie' }
      return {
        kind: 'ok',
        value: {
          cookie,
          csrf: result.value.csrfToken,
          username,
          jurisdictions: result.value.me.jurisdictions,
          role: result.value.me.role,
        },
      }
    },

    async pendingClaims(session) {
      const out = await call('GET', '/api/v1/task-completions?state=pending&limit=500', sessionAuth(session))
      if (out.kind !== 'ok') return out
      return {
        kind: 'ok',
        value: itemsOf(out.body).flatMap((raw) => {
          const c = TaskCompletion.safeParse(raw)
          return c.success ? [c.data] : []
        }),
      }
    },

    taskDetail: async (session, taskId) =>
      parsed(await call('GET', `/api/v1/tasks/${taskId}`, sessionAuth(session)), TaskDetail),

    decide: (session, id, d) =>
      call(
        'POST',
        `/api/v1/task-completions/${id}/${d.approve ? 'approve' : 'return'}`,
        sessionAuth(session),
        d.comment === undefined ? {} : { comment: d.comment },
      ),

    importValues: (session, departmentId, items, key) =>
      submitted(call, '/api/v1/admin/imports/values', sessionAuth(session), key, { departmentId, items }),

    importTasks: async (session, body) =>
      parsed(await call('POST', '/api/v1/admin/imports/tasks', sessionAuth(session), body), ImportTasksResult),
  }
}
