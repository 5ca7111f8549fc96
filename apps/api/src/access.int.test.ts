import type { Alert, Department, Indicator, JurisdictionNode, Plan, Submission, Task } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { tinyPdf } from '@cockpit/tabular/testing'
import { createRedis, publishChanges } from '@cockpit/services/messaging'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, loginClient, sseReader } from './testing/http.js'
import { createUser, departmentToken, displayKey, ownedIndicators } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'
import { DEFAULT_TOKEN_CACHE } from './token-cache.js'

/**
 * Who may call what. Every route of the app must have an entry here (the first test fails otherwise),
 * so a route added later has to declare its access. The rule itself is written down in CONTRIBUTING.md
 * ("Access"): 401 without a caller, 403 for a role the route does not serve, 404 for one resource
 * outside the caller's scope, lists narrowed to the scope.
 */

const CALLERS = [
  'anonymous',
  'reporter',
  'reporterToken',
  'viewer',
  'displayKey',
  'managerX',
  'managerY',
  'admin',
] as const
type Caller = (typeof CALLERS)[number]
type Role = 'reporter' | 'viewer' | 'manager' | 'admin'
const roleOf: Record<Exclude<Caller, 'anonymous'>, Role> = {
  reporter: 'reporter',
  reporterToken: 'reporter',
  viewer: 'viewer',
  displayKey: 'viewer',
  managerX: 'manager',
  managerY: 'manager',
  admin: 'admin',
}
const ALL_ROLES: Role[] = ['reporter', 'viewer', 'manager', 'admin']

interface Fixture {
  indicatorX: number
  departmentA: number
  taskX: number
  submissionA: string
  alertX: string
  evidenceA: string
}

interface Entry {
  /** The concrete URL to call (path parameters filled); defaults to the route's own path. */
  url?: (f: Fixture) => string
  /** JSON body for writes: deliberately invalid, so an allowed caller gets 400 and nothing is changed. */
  body?: unknown
  /** Log in afresh for this call (logout ends the session it is called with). */
  freshSession?: boolean
  expect: Record<Caller, number>
}

/** Open to everyone, signed in or not. */
const open = (status: number): Entry['expect'] => Object.fromEntries(CALLERS.map((c) => [c, status])) as Entry['expect']
/** 401 without a caller, 403 for roles not listed, `status` for the rest (with per-caller overrides). */
const only = (roles: Role[], status: number, overrides: Partial<Entry['expect']> = {}): Entry['expect'] => ({
  ...(Object.fromEntries(
    CALLERS.map((c) => [c, c === 'anonymous' ? 401 : roles.includes(roleOf[c]) ? status : 403]),
  ) as Entry['expect']),
  ...overrides,
})
/** A single resource in jurisdiction X (南昌): hidden (404) from the manager of Y (扬州). */
const inX = (status = 200): Entry['expect'] => only(ALL_ROLES, status, { managerY: 404 })

const NONE = 999_999
const table: Record<string, Entry> = {
  'GET /api/v1/health': { expect: open(200) },
  'GET /api/v1/health/live': { expect: open(200) },
  'GET /api/v1/health/ready': { expect: open(200) },
  'GET /api/v1/openapi.json': { expect: open(200) },
  'POST /api/v1/auth/login': { body: {}, expect: open(400) },
  // Only a browser session can be ended: a department token or a display key has none (revoke it instead).
  'POST /api/v1/auth/logout': {
    freshSession: true,
    expect: only(ALL_ROLES, 204, { reporterToken: 403, displayKey: 403 }),
  },
  'GET /api/v1/auth/me': { expect: only(ALL_ROLES, 200) },

  'GET /api/v1/jurisdictions': { expect: only(ALL_ROLES, 200) },
  'GET /api/v1/jurisdictions/{code}': { url: () => '/api/v1/jurisdictions/360100', expect: inX() },
  // A map's shapes: any caller whose scope covers the place; outside it 403 (adcodes are public codes, nothing to hide).
  'GET /api/v1/geo/{adcode}': { url: () => '/api/v1/geo/360100', expect: only(ALL_ROLES, 200, { managerY: 403 }) },
  'GET /api/v1/plans': { expect: only(ALL_ROLES, 200) },
  'GET /api/v1/plans/{key}': { url: () => '/api/v1/plans/nanchang-2023', expect: inX() },
  'GET /api/v1/departments': { expect: only(ALL_ROLES, 200) },
  'GET /api/v1/departments/{id}': { url: (f) => `/api/v1/departments/${f.departmentA}`, expect: inX() },
  'GET /api/v1/departments/{id}/template': {
    url: (f) => `/api/v1/departments/${f.departmentA}/template`,
    expect: only(['admin', 'reporter'], 200),
  },
  'GET /api/v1/indicators': { expect: only(ALL_ROLES, 200) },
  'GET /api/v1/indicators/{id}': { url: (f) => `/api/v1/indicators/${f.indicatorX}`, expect: inX() },
  'GET /api/v1/indicators/{id}/observations': {
    url: (f) => `/api/v1/indicators/${f.indicatorX}/observations`,
    expect: inX(),
  },
  'GET /api/v1/indicators/{id}/ranking': { url: (f) => `/api/v1/indicators/${f.indicatorX}/ranking`, expect: inX() },
  'GET /api/v1/rankings': {
    url: () => '/api/v1/rankings?jurisdiction=360100',
    expect: only(ALL_ROLES, 200, { managerY: 403 }),
  },
  'GET /api/v1/tasks': { expect: only(ALL_ROLES, 200) },
  'GET /api/v1/tasks/{id}': { url: (f) => `/api/v1/tasks/${f.taskX}`, expect: inX() },
  'GET /api/v1/tasks/summary': { expect: only(ALL_ROLES, 200) },
  // Lead or cooperating departments report (and only leads claim); whether the caller's department is linked is the service's check.
  'POST /api/v1/tasks/{id}/progress': {
    url: (f) => `/api/v1/tasks/${f.taskX}/progress`,
    body: {},
    expect: only(['admin', 'reporter'], 400),
  },
  'POST /api/v1/tasks/{id}/completion': {
    url: (f) => `/api/v1/tasks/${f.taskX}/completion`,
    body: { completedOn: 'soon' },
    expect: only(['admin', 'reporter'], 400),
  },
  'POST /api/v1/tasks/{id}/reopen': {
    url: (f) => `/api/v1/tasks/${f.taskX}/reopen`,
    body: {},
    expect: only(['admin', 'manager'], 400),
  },
  'GET /api/v1/task-completions': { expect: only(ALL_ROLES, 200) },
  'POST /api/v1/task-completions/{id}/approve': {
    url: () => `/api/v1/task-completions/${NONE}/approve`,
    expect: only(['admin', 'manager'], 404),
  },
  'POST /api/v1/task-completions/{id}/return': {
    url: () => `/api/v1/task-completions/${NONE}/return`,
    body: {},
    expect: only(['admin', 'manager'], 400),
  },
  'PATCH /api/v1/admin/tasks/{id}': {
    url: () => `/api/v1/admin/tasks/${NONE}`,
    body: {},
    expect: only(['admin'], 400),
  },

  'POST /api/v1/tokens': { body: {}, expect: only(['admin', 'reporter'], 400) },
  'DELETE /api/v1/tokens/{id}': { url: () => `/api/v1/tokens/${NONE}`, expect: only(['admin', 'reporter'], 404) },
  'GET /api/v1/display-keys': { expect: only(['admin'], 200) },
  'POST /api/v1/display-keys': { body: {}, expect: only(['admin'], 400) },
  'DELETE /api/v1/display-keys/{id}': { url: () => `/api/v1/display-keys/${NONE}`, expect: only(['admin'], 404) },

  'POST /api/v1/submissions': { body: {}, expect: only(['admin', 'reporter'], 400) },
  'POST /api/v1/submissions/upload': { expect: only(['admin', 'reporter'], 400) },
  'POST /api/v1/submissions/preview': { expect: only(['admin', 'reporter'], 400) },
  'GET /api/v1/submissions': { expect: only(['admin', 'reporter'], 200) },
  'GET /api/v1/submissions/{id}': {
    url: (f) => `/api/v1/submissions/${f.submissionA}`,
    expect: only(['admin', 'reporter'], 200),
  },
  'POST /api/v1/evidence': { expect: only(['admin', 'reporter'], 400) },
  'GET /api/v1/evidence/{id}': {
    url: (f) => `/api/v1/evidence/${f.evidenceA}`,
    expect: only(['admin', 'manager', 'reporter'], 200, { managerY: 404 }),
  },

  'GET /api/v1/reporting/rates': { expect: only(ALL_ROLES, 200) },
  'GET /api/v1/reporting/overdue': { expect: only(ALL_ROLES, 200) },
  'GET /api/v1/reporting/reminders': { expect: only(ALL_ROLES, 200) },
  'POST /api/v1/reporting/reminders': { body: {}, expect: only(['admin', 'manager'], 400) },
  'GET /api/v1/reporting/due': { expect: only(ALL_ROLES, 200) },
  'GET /api/v1/tokens': { expect: only(['admin', 'reporter'], 200) },
  'POST /api/v1/admin/jurisdictions': { body: {}, expect: only(['admin'], 400) },
  'PATCH /api/v1/admin/jurisdictions/{code}': {
    url: () => '/api/v1/admin/jurisdictions/999999',
    body: {},
    expect: only(['admin'], 400),
  },
  'POST /api/v1/admin/plans': { body: {}, expect: only(['admin'], 400) },
  'PATCH /api/v1/admin/plans/{id}': {
    url: () => `/api/v1/admin/plans/${NONE}`,
    body: {},
    expect: only(['admin'], 400),
  },
  'POST /api/v1/admin/plans/{id}/pillars': {
    url: () => `/api/v1/admin/plans/${NONE}/pillars`,
    body: {},
    expect: only(['admin'], 400),
  },
  'PATCH /api/v1/admin/pillars/{id}': {
    url: () => `/api/v1/admin/pillars/${NONE}`,
    body: {},
    expect: only(['admin'], 400),
  },
  'DELETE /api/v1/admin/pillars/{id}': { url: () => `/api/v1/admin/pillars/${NONE}`, expect: only(['admin'], 404) },
  'GET /api/v1/admin/departments/{id}': {
    url: () => `/api/v1/admin/departments/${NONE}`,
    expect: only(['admin'], 404),
  },
  'PATCH /api/v1/admin/departments/{id}': {
    url: () => `/api/v1/admin/departments/${NONE}`,
    body: {},
    expect: only(['admin'], 400),
  },
  'POST /api/v1/admin/departments': { body: {}, expect: only(['admin'], 400) },
  'POST /api/v1/admin/indicators': { body: {}, expect: only(['admin'], 400) },
  'PATCH /api/v1/admin/indicators/{id}': {
    url: () => `/api/v1/admin/indicators/${NONE}`,
    body: {},
    expect: only(['admin'], 400),
  },
  'DELETE /api/v1/admin/indicators/{id}': {
    url: () => `/api/v1/admin/indicators/${NONE}`,
    expect: only(['admin'], 404),
  },
  'POST /api/v1/admin/indicators/{id}/targets': {
    url: () => `/api/v1/admin/indicators/${NONE}/targets`,
    body: {},
    expect: only(['admin'], 400),
  },
  'PATCH /api/v1/admin/indicators/{id}/targets/{targetId}': {
    url: () => `/api/v1/admin/indicators/${NONE}/targets/${NONE}`,
    body: {},
    expect: only(['admin'], 400),
  },
  'DELETE /api/v1/admin/indicators/{id}/targets/{targetId}': {
    url: () => `/api/v1/admin/indicators/${NONE}/targets/${NONE}`,
    expect: only(['admin'], 404),
  },
  'PUT /api/v1/admin/indicators/{id}/departments': {
    url: () => `/api/v1/admin/indicators/${NONE}/departments`,
    body: {},
    expect: only(['admin'], 400),
  },
  'PUT /api/v1/admin/indicators/{id}/rollup': {
    url: () => `/api/v1/admin/indicators/${NONE}/rollup`,
    body: {},
    expect: only(['admin'], 400),
  },
  'DELETE /api/v1/admin/indicators/{id}/rollup': {
    url: () => `/api/v1/admin/indicators/${NONE}/rollup`,
    expect: only(['admin'], 404),
  },
  'POST /api/v1/admin/imports/values': { body: {}, expect: only(['admin'], 400) },
  'POST /api/v1/admin/imports/tasks': { body: {}, expect: only(['admin'], 400) },
  'PUT /api/v1/admin/geo/{adcode}': { url: () => '/api/v1/admin/geo/360100', body: {}, expect: only(['admin'], 400) },
  'DELETE /api/v1/admin/geo/{adcode}': { url: () => '/api/v1/admin/geo/360100', expect: only(['admin'], 404) },
  'POST /api/v1/admin/plan-imports': { body: {}, expect: only(['admin'], 400) },
  'GET /api/v1/admin/plan-imports/{id}': {
    url: () => '/api/v1/admin/plan-imports/999999',
    expect: only(['admin'], 404),
  },
  'PATCH /api/v1/admin/plan-imports/{id}/proposals': {
    url: () => '/api/v1/admin/plan-imports/999999/proposals',
    body: { items: [{ id: 'task-abcdef12', decision: 'accepted' }] },
    expect: only(['admin'], 404),
  },
  'PATCH /api/v1/admin/plan-imports/{id}/proposals/{proposalId}': {
    url: () => '/api/v1/admin/plan-imports/999999/proposals/task-abcdef12',
    body: { decision: 'accepted' },
    expect: only(['admin'], 404),
  },
  'POST /api/v1/admin/plan-imports/{id}/commit': {
    url: () => '/api/v1/admin/plan-imports/999999/commit',
    expect: only(['admin'], 404),
  },
  'GET /api/v1/admin/users': { expect: only(['admin'], 200) },
  'POST /api/v1/admin/users': { body: {}, expect: only(['admin'], 400) },
  'GET /api/v1/admin/users/{id}': { url: () => `/api/v1/admin/users/${NONE}`, expect: only(['admin'], 404) },
  'PATCH /api/v1/admin/users/{id}': {
    url: () => `/api/v1/admin/users/${NONE}`,
    body: {},
    expect: only(['admin'], 400),
  },
  'POST /api/v1/admin/users/{id}/disable': {
    url: () => `/api/v1/admin/users/${NONE}/disable`,
    expect: only(['admin'], 404),
  },
  'POST /api/v1/admin/users/{id}/enable': {
    url: () => `/api/v1/admin/users/${NONE}/enable`,
    expect: only(['admin'], 404),
  },
  'POST /api/v1/admin/users/{id}/reset-password': {
    url: () => `/api/v1/admin/users/${NONE}/reset-password`,
    expect: only(['admin'], 404),
  },
  'GET /api/v1/audit': { expect: only(['admin'], 200) },
  'GET /api/v1/metrics': { expect: only(['admin'], 200) },
  'GET /api/v1/reports/bulletin': {
    url: () => '/api/v1/reports/bulletin?month=2024-03&jurisdiction=360100',
    expect: only(['admin', 'manager'], 200, { managerY: 403 }),
  },
  'GET /api/v1/reviews': { expect: only(['admin', 'manager'], 200) },
  'POST /api/v1/reviews/{id}/approve': {
    url: () => `/api/v1/reviews/${NONE}/approve`,
    expect: only(['admin', 'manager'], 404),
  },
  'POST /api/v1/reviews/{id}/return': {
    url: () => `/api/v1/reviews/${NONE}/return`,
    body: {},
    expect: only(['admin', 'manager'], 400),
  },
  'PATCH /api/v1/indicators/{id}/review-setting': {
    url: () => `/api/v1/indicators/${NONE}/review-setting`,
    body: {},
    expect: only(['admin'], 400),
  },
  'GET /api/v1/sources': { expect: only(['admin'], 200) },
  'POST /api/v1/sources': { body: {}, expect: only(['admin'], 400) },
  'DELETE /api/v1/sources/{id}': { url: () => `/api/v1/sources/${NONE}`, expect: only(['admin'], 404) },

  'GET /api/v1/alerts': { expect: only(ALL_ROLES, 200) },
  // The reporter's department owns the indicator, so the alert is theirs to see too.
  'GET /api/v1/alerts/{id}': { url: (f) => `/api/v1/alerts/${f.alertX}`, expect: inX() },
  'POST /api/v1/alerts/{id}/ack': { url: () => `/api/v1/alerts/${NONE}/ack`, expect: only(['admin', 'manager'], 404) },
  'POST /api/v1/alerts/{id}/assign': {
    url: (f) => `/api/v1/alerts/${f.alertX}/assign`,
    body: {},
    expect: only(['admin', 'manager'], 400),
  },
  'POST /api/v1/alerts/{id}/notes': {
    url: (f) => `/api/v1/alerts/${f.alertX}/notes`,
    body: {},
    expect: only(['admin', 'manager'], 400),
  },
  'GET /api/v1/alert-rules': { expect: only(['admin', 'manager', 'viewer'], 200) },
  'POST /api/v1/alert-rules': { body: {}, expect: only(['admin'], 400) },
  'PUT /api/v1/alert-rules/{id}': { url: () => `/api/v1/alert-rules/${NONE}`, body: {}, expect: only(['admin'], 400) },
  'DELETE /api/v1/alert-rules/{id}': { url: () => `/api/v1/alert-rules/${NONE}`, expect: only(['admin'], 404) },
  'GET /api/v1/silences': { expect: only(['admin', 'manager'], 200) },
  'POST /api/v1/silences': { body: {}, expect: only(['admin', 'manager'], 400) },
  'DELETE /api/v1/silences/{id}': { url: () => `/api/v1/silences/${NONE}`, expect: only(['admin', 'manager'], 404) },
  'GET /api/v1/channels': { expect: only(['admin', 'manager'], 200) },
  'POST /api/v1/channels': { body: {}, expect: only(['admin', 'manager'], 400) },
  'DELETE /api/v1/channels/{id}': { url: () => `/api/v1/channels/${NONE}`, expect: only(['admin', 'manager'], 404) },
  'GET /api/v1/subscriptions': { expect: only(['admin', 'manager'], 200) },
  'POST /api/v1/subscriptions': { body: {}, expect: only(['admin', 'manager'], 400) },
  'DELETE /api/v1/subscriptions/{id}': {
    url: () => `/api/v1/subscriptions/${NONE}`,
    expect: only(['admin', 'manager'], 404),
  },
  // An inbox belongs to a person: tokens and display keys have none.
  'GET /api/v1/inbox': { expect: only(ALL_ROLES, 200, { reporterToken: 403, displayKey: 403 }) },
  'POST /api/v1/inbox/{id}/read': {
    url: () => `/api/v1/inbox/${NONE}/read`,
    expect: only(ALL_ROLES, 404, { reporterToken: 403, displayKey: 403 }),
  },

  'GET /api/v1/events': { expect: only(ALL_ROLES, 200) },
  // Not in the OpenAPI document (bull-board's own UI).
  'GET /admin/queues': { expect: only(['admin'], 200) },
  'GET /admin/queues/api/queues': { expect: only(['admin'], 200) },
}

/** Routes bull-board mounts under /admin/queues are gated together there; two of them stand for all. */
const QUEUE_BOARD = '/admin/queues'

describe.each(testDatabases())('access on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let fixture: Fixture
  const auth: Record<Caller, { token?: string; cookie?: string; csrf?: string }> = {} as never
  const passwords: Partial<Record<Caller, string>> = {}
  let displayKeyId: number

  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true, noWorkers: true })
    const db = ctx.handle.db
    const dept = await departmentToken(db, '360100', 'szsj')
    await createUser(db, {
      username: 'acc-reporter',
      password: 'reporter pass 1',
      role: 'reporter',
      departmentId: dept.departmentId,
    })
    await createUser(db, { username: 'acc-viewer', password: 'viewer pass 1', role: 'viewer' })
    await createUser(db, {
      username: 'acc-manager-x',
      password: 'manager pass 1',
      role: 'manager',
      jurisdictions: ['360100'],
    })
    await createUser(db, {
      username: 'acc-manager-y',
      password: 'manager pass 2',
      role: 'manager',
      jurisdictions: ['321000'],
    })
    await createUser(db, { username: 'acc-admin', password: 'admin pass 1', role: 'admin' })
    const key = await displayKey(db, '360100', '南昌指挥中心大屏')
    displayKeyId = key.id
    auth.anonymous = {}
    auth.reporterToken = { token: dept.token }
    auth.displayKey = { token: key.token }
    for (const [caller, username, password] of [
      ['reporter', 'acc-reporter', 'reporter pass 1'],
      ['viewer', 'acc-viewer', 'viewer pass 1'],
      ['managerX', 'acc-manager-x', 'manager pass 1'],
      ['managerY', 'acc-manager-y', 'manager pass 2'],
      ['admin', 'acc-admin', 'admin pass 1'],
    ] as const) {
      auth[caller] = (await loginClient(ctx.app, username, password)).auth
      passwords[caller] = `${username}\n${password}`
    }

    const rule = await client(ctx.app, auth.admin).post('/api/v1/alert-rules', {
      name: '约束性指标进度滞后',
      severity: 'warning',
      params: { kind: 'binding-off-track' },
      scope: { bindingOnly: true },
      groupWaitSeconds: 0,
      repeatIntervalSeconds: 3600,
    })
    expect(rule.status).toBe(201)
    const owned = await ownedIndicators(db, dept.departmentId)
    const indicatorX = owned.find((i) => i.jurisdiction_code === '360100')!.id
    const task = await db
      .selectFrom('tasks as t')
      .innerJoin('plans as p', 'p.id', 't.plan_id')
      .select('t.id')
      .where('p.key', '=', 'nanchang-2023')
      .executeTakeFirstOrThrow()
    const submitted = await client(ctx.app, { token: dept.token }).post<{ id: string }>('/api/v1/submissions', {
      items: [
        { indicator: `nanchang-2023/${owned.find((i) => i.id === indicatorX)!.key}`, period: '2024-05', value: 50 },
      ],
    })
    expect(submitted.status).toBe(202)
    const form = new FormData()
    form.append('file', new File([tinyPdf()], 'evidence.pdf', { type: 'application/pdf' }))
    const evidence = await client(ctx.app, { token: dept.token }).upload<{ id: string }>('/api/v1/evidence', form)
    expect(evidence.status).toBe(201)
    fixture = {
      indicatorX,
      departmentA: dept.departmentId,
      taskX: task.id,
      submissionA: submitted.body.id,
      alertX: await alertFixture(indicatorX, '360100'),
      evidenceA: evidence.body.id,
    }
  })
  afterAll(async () => {
    await ctx?.close()
  })

  /**
   * Alerts are produced by the evaluator (alerts.int.test.ts covers that); here one firing alert per
   * jurisdiction is enough to check who may see it.
   */
  async function alertFixture(indicatorId: number, jurisdictionCode: string): Promise<string> {
    const db = ctx.handle.db
    const rule = await db.selectFrom('alert_rules').select('id').orderBy('id').executeTakeFirstOrThrow()
    const row = await db
      .insertInto('alerts')
      .values({
        fingerprint: `access-${indicatorId}-${jurisdictionCode}`,
        episode: 1,
        rule_id: rule.id,
        indicator_id: indicatorId,
        jurisdiction_code: jurisdictionCode,
        severity: 'warning',
        state: 'firing',
        summary: `访问控制测试告警 ${jurisdictionCode}`,
        values: JSON.stringify({}),
        started_at: new Date('2024-06-01T00:00:00Z'),
        resolved_at: null,
        acknowledged_at: null,
        acknowledged_by: null,
        assigned_to: null,
        escalated_at: null,
        last_notified_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return String(row.id)
  }

  async function call(caller: Caller, method: string, url: string, entry: Entry): Promise<number> {
    let a = auth[caller]
    if (entry.freshSession && passwords[caller]) {
      const [u, p] = passwords[caller]!.split('\n') as [string, string]
      a = (await loginClient(ctx.app, u, p)).auth
    }
    const headers: Record<string, string> = {
      ...(a.token ? { authorization: `Bearer ${a.token}` } : {}),
      ...(a.cookie ? { cookie: a.cookie } : {}),
      ...(a.csrf ? { 'x-csrf-token': a.csrf } : {}),
      ...(entry.body !== undefined ? { 'content-type': 'application/json' } : {}),
    }
    const abort = new AbortController()
    const res = await ctx.app.request(url, {
      method,
      headers,
      signal: abort.signal,
      ...(entry.body !== undefined ? { body: JSON.stringify(entry.body) } : {}),
    })
    // Server-sent events never end by themselves: the status is all this test needs.
    abort.abort()
    await res.body?.cancel().catch(() => {})
    return res.status
  }

  it('has an access entry for every route the app serves (a new route must declare who may call it)', async () => {
    const doc = (await (await ctx.app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>
    }
    const fromDoc = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    )
    // Hono's own route list adds bull-board's (the document describes the rest: openapi.int.test.ts checks it).
    const fromRouter = ctx.app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
      .filter((r) => !r.split(' ')[1]!.startsWith(`${QUEUE_BOARD}/`) && r.split(' ')[1] !== QUEUE_BOARD)
    const served = new Set([...fromDoc, ...fromRouter])
    expect(fromDoc.length).toBeGreaterThan(40)
    const undeclared = [...served].filter((r) => !(r in table))
    expect(undeclared, 'routes without an entry in the access table of access.int.test.ts').toEqual([])
    const stale = Object.keys(table).filter((r) => !served.has(r) && !r.split(' ')[1]!.startsWith(QUEUE_BOARD))
    expect(stale, 'access entries for routes that no longer exist').toEqual([])
  })

  it('answers every route as the access table says for each kind of caller', async () => {
    const mismatches: string[] = []
    for (const [route, entry] of Object.entries(table)) {
      const [method, path] = route.split(' ') as [string, string]
      const url = entry.url?.(fixture) ?? path
      for (const caller of CALLERS) {
        const status = await call(caller, method, url, entry)
        if (status !== entry.expect[caller])
          mismatches.push(`${route} as ${caller}: ${status}, expected ${entry.expect[caller]}`)
      }
    }
    expect(mismatches).toEqual([])
    // Every route times every kind of caller (over 700 requests, some uploads): on a loaded 2-core runner this
    // passes the project's 60 s; a mismatch is what this test is about, not the time.
  }, 300_000)

  it("narrows a manager's lists to their own jurisdictions and refuses a filter outside them", async () => {
    const manager = client(ctx.app, auth.managerX)
    const indicators = await manager.get<{ items: Indicator[] }>('/api/v1/indicators')
    expect(indicators.body.items.length).toBeGreaterThan(0)
    expect(new Set(indicators.body.items.map((i) => i.jurisdictionCode))).toEqual(new Set(['360100']))
    const plans = await manager.get<{ items: Plan[] }>('/api/v1/plans')
    expect(plans.body.items.map((p) => p.key)).toEqual(['nanchang-2023'])
    const tasks = await manager.get<{ items: Task[] }>('/api/v1/tasks')
    expect(tasks.body.items.length).toBeGreaterThan(0)
    expect(tasks.body.items.every((t) => t.jurisdictionCode === '360100')).toBe(true)
    const departments = await manager.get<{ items: Department[] }>('/api/v1/departments')
    expect(departments.body.items.length).toBeGreaterThan(0)
    expect(departments.body.items.every((d) => d.jurisdictionCode === '360100')).toBe(true)
    const tree = await manager.get<{ items: JurisdictionNode[] }>('/api/v1/jurisdictions')
    expect(tree.body.items.map((j) => j.code)).toEqual(['360100'])
    const other = await manager.get<{ code: string; message: string }>('/api/v1/indicators?jurisdiction=321000')
    expect(other.status).toBe(403)
    expect(other.body.message).toContain('321000')
    // The manager of 扬州 sees none of 南昌's alerts, and 南昌's own manager does.
    expect(
      (await client(ctx.app, auth.managerY).get<{ items: Alert[] }>('/api/v1/alerts')).body.items.map((a) =>
        String(a.id),
      ),
    ).not.toContain(fixture.alertX)
    expect((await manager.get<{ items: Alert[] }>('/api/v1/alerts')).body.items.map((a) => String(a.id))).toContain(
      fixture.alertX,
    )
  })

  it("refuses a manager's silence naming an indicator or task outside their jurisdictions, and one naming nothing that exists", async () => {
    const manager = client(ctx.app, auth.managerX)
    const db = ctx.handle.db
    const yangzhouIndicator = await db
      .selectFrom('indicators')
      .select('id')
      .where('jurisdiction_code', '=', '321000')
      .executeTakeFirstOrThrow()
    const yangzhouTask = await db
      .selectFrom('tasks as t')
      .innerJoin('plans as p', 'p.id', 't.plan_id')
      .select('t.id')
      .where('p.jurisdiction_code', '=', '321000')
      .executeTakeFirst()
    const silence = (matchers: Record<string, unknown>) =>
      manager.post<{ code: string; message: string }>('/api/v1/silences', {
        matchers: { jurisdictionCode: '360100', ...matchers },
        endsAt: '2024-07-01T00:00:00+08:00',
        reason: '访问控制测试',
      })
    const foreign = await silence({ indicatorId: yangzhouIndicator.id })
    expect(foreign.status).toBe(403)
    expect(foreign.body.message).toContain(`指标 ${yangzhouIndicator.id} 不在您负责的行政区划内`)
    if (yangzhouTask) expect((await silence({ taskId: yangzhouTask.id })).status).toBe(403)
    const missing = await silence({ indicatorId: NONE })
    expect(missing.status).toBe(400)
    expect(missing.body.message).toContain(`请求体 matchers.indicatorId: 指标 ${NONE} 不存在`)
    expect((await silence({ indicatorId: fixture.indicatorX })).status).toBe(201)
    expect((await silence({ taskId: fixture.taskX })).status).toBe(201)
    const stored = await db.selectFrom('silences').select('matchers').execute()
    expect(stored.some((s) => (s.matchers as { indicatorId?: number }).indicatorId === yangzhouIndicator.id)).toBe(
      false,
    )
  })

  it('refuses logout to a display key and a department token, which keep working (only revoking ends them)', async () => {
    for (const a of [auth.displayKey, auth.reporterToken]) {
      const res = await client(ctx.app, a).post<{ code: string; message: string }>('/api/v1/auth/logout', undefined)
      expect(res.status).toBe(403)
      expect(res.body).toMatchObject({ code: 'forbidden', message: expect.stringContaining('没有会话可退出') })
      expect((await client(ctx.app, a).get('/api/v1/auth/me')).status).toBe(200)
    }
  })

  it("does not show a reporter another department's submission, by id or in the list", async () => {
    const other = await departmentToken(ctx.handle.db, '360100', 'czj')
    const [owned] = await ownedIndicators(ctx.handle.db, other.departmentId)
    const posted = await client(ctx.app, { token: other.token }).post<{ id: string }>('/api/v1/submissions', {
      items: [{ indicator: `${owned!.plan_key}/${owned!.key}`, period: '2024-05', value: 1 }],
    })
    expect(posted.status).toBe(202)
    const theirs = posted.body.id
    for (const reporter of [client(ctx.app, auth.reporter), client(ctx.app, auth.reporterToken)]) {
      expect((await reporter.get(`/api/v1/submissions/${theirs}`)).status).toBe(404)
      const list = await reporter.get<{ items: Submission[] }>('/api/v1/submissions?limit=100')
      expect(list.status).toBe(200)
      expect(list.body.items.map((s) => s.id)).toContain(fixture.submissionA)
      expect(list.body.items.map((s) => s.id)).not.toContain(theirs)
    }
    expect((await client(ctx.app, auth.admin).get(`/api/v1/submissions/${theirs}`)).status).toBe(200)
  })

  it('lets a display key read the indicators, alerts and live events of its jurisdiction only', async () => {
    const screen = client(ctx.app, auth.displayKey)
    const me = await screen.get<{ role: string; kind: string; jurisdictions: string[] }>('/api/v1/auth/me')
    // 南昌市 and what lies below it (its districts and counties since the tree is complete), nothing else.
    expect(me.body).toMatchObject({ role: 'viewer', kind: 'token' })
    expect(me.body.jurisdictions).toContain('360100')
    expect(me.body.jurisdictions).toContain('360121')
    expect(me.body.jurisdictions.every((c) => c.startsWith('3601'))).toBe(true)
    const indicators = await screen.get<{ items: Indicator[] }>('/api/v1/indicators')
    expect(indicators.body.items.length).toBeGreaterThan(0)
    expect(indicators.body.items.every((i) => i.jurisdictionCode === '360100')).toBe(true)
    const yangzhou = await ctx.handle.db
      .selectFrom('indicators')
      .select('id')
      .where('jurisdiction_code', '=', '321000')
      .executeTakeFirstOrThrow()
    expect((await screen.get(`/api/v1/indicators/${yangzhou.id}`)).status).toBe(404)
    const alertY = await alertFixture(yangzhou.id, '321000')
    const alerts = await screen.get<{ items: Alert[] }>('/api/v1/alerts')
    expect(alerts.body.items.map((a) => String(a.id))).toContain(fixture.alertX)
    expect(alerts.body.items.map((a) => String(a.id))).not.toContain(alertY)
    expect((await screen.get(`/api/v1/alerts/${alertY}`)).status).toBe(404)
    // A display key never writes.
    expect((await screen.post('/api/v1/submissions', { items: [] })).status).toBe(403)

    const abort = new AbortController()
    const res = await ctx.app.request('/api/v1/events', {
      headers: { authorization: `Bearer ${auth.displayKey.token}` },
      signal: abort.signal,
    })
    expect(res.status).toBe(200)
    const stream = sseReader(res.body!)
    const readUntil = stream.readUntil
    await readUntil('event: hello', 5000)
    const redis = createRedis(ctx.redisUrl, 'publisher')
    // A publisher has no offline queue (it fails fast in production): wait until it is connected.
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve))
    const at = new Date().toISOString()
    const status = (indicatorId: number, jurisdictionCode: string) => ({
      type: 'status' as const,
      indicatorId,
      jurisdictionCode,
      status: 'at-risk' as const,
      previousStatus: null,
      latestValue: 1,
      latestPeriodKey: '2024-05',
      expected: 2,
      gapRatio: -0.5,
      at,
    })
    // Published in order on one channel: once 南昌's change arrives, 扬州's (sent first) has been passed over.
    await publishChanges(redis, ctx.prefix, [status(yangzhou.id, '321000'), status(fixture.indicatorX, '360100')])
    await readUntil('"jurisdictionCode":"360100"', 10_000)
    expect(stream.text()).not.toContain('"jurisdictionCode":"321000"')
    abort.abort()
    await stream.cancel()
    redis.disconnect()
  })

  it('refuses a revoked display key with 401 on every request, the event stream included', async () => {
    const key = await displayKey(ctx.handle.db, '360100', '待吊销大屏')
    const screen = client(ctx.app, { token: key.token })
    expect((await screen.get('/api/v1/indicators')).status).toBe(200)
    const admin = client(ctx.app, auth.admin)
    const listed = await admin.get<{ items: { id: number; revokedAt: string | null; jurisdictionCode: string }[] }>(
      '/api/v1/display-keys',
    )
    expect(listed.body.items.find((k) => k.id === key.id)).toMatchObject({
      jurisdictionCode: '360100',
      revokedAt: null,
    })
    expect(JSON.stringify(listed.body)).not.toContain(key.token)
    const revoke = await ctx.app.request(`/api/v1/display-keys/${key.id}`, {
      method: 'DELETE',
      headers: { cookie: auth.admin.cookie!, 'x-csrf-token': auth.admin.csrf! },
    })
    expect(revoke.status).toBe(204)
    expect((await screen.get('/api/v1/indicators')).status).toBe(401)
    const stream = await ctx.app.request('/api/v1/events', { headers: { authorization: `Bearer ${key.token}` } })
    expect(stream.status).toBe(401)
    const audit = await ctx.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'api_token')
      .where('entity_id', '=', String(key.id))
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['display-key.create', 'display-key.revoke'])
    // The fixture's own key still works: revoking one screen leaves the others alone.
    expect((await client(ctx.app, auth.displayKey).get('/api/v1/auth/me')).status).toBe(200)
    expect(displayKeyId).not.toBe(key.id)
  })

  it("shows a display key's last use, written at most once a minute however often the wall polls", async () => {
    const key = await displayKey(ctx.handle.db, '360100', '轮询大屏')
    const lastUsed = async () =>
      (
        await client(ctx.app, auth.admin).get<{ items: { id: number; lastUsedAt: string | null }[] }>(
          '/api/v1/display-keys',
        )
      ).body.items.find((k) => k.id === key.id)!.lastUsedAt
    expect(await lastUsed()).toBeNull()
    const screen = client(ctx.app, { token: key.token })
    expect((await screen.get('/api/v1/indicators')).status).toBe(200)
    const first = await lastUsed()
    expect(first).not.toBeNull()
    for (let i = 0; i < 3; i++) expect((await screen.get('/api/v1/jurisdictions')).status).toBe(200)
    expect(await lastUsed()).toBe(first)
    // A minute on, the next request records itself again.
    await ctx.handle.db
      .updateTable('api_tokens')
      .set({ last_used_at: new Date(Date.now() - 61_000) })
      .where('id', '=', key.id)
      .execute()
    // Past the API's brief memory of the key, so the request looks it up again.
    await new Promise((r) => setTimeout(r, DEFAULT_TOKEN_CACHE.ttlMs + 100))
    expect((await screen.get('/api/v1/indicators')).status).toBe(200)
    expect(Date.parse((await lastUsed())!)).toBeGreaterThan(Date.now() - 10_000)
  })

  it('issues display keys through the API to admins only, for a jurisdiction that exists', async () => {
    const admin = client(ctx.app, auth.admin)
    const created = await admin.post<{ token: string; jurisdictionCode: string; jurisdictionName: string }>(
      '/api/v1/display-keys',
      { jurisdictionCode: '511724', name: '大竹县大屏' },
    )
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ jurisdictionCode: '511724', jurisdictionName: '大竹县' })
    const screen = client(ctx.app, { token: created.body.token })
    const plans = await screen.get<{ items: Plan[] }>('/api/v1/plans')
    expect(plans.body.items.map((p) => p.jurisdictionCode)).toEqual(['511724'])
    const missing = await admin.post<{ code: string }>('/api/v1/display-keys', {
      jurisdictionCode: '999999',
      name: '不存在',
    })
    expect(missing.status).toBe(404)
    expect(
      (await client(ctx.app, auth.managerX).post('/api/v1/display-keys', { jurisdictionCode: '360100', name: '越权' }))
        .status,
    ).toBe(403)
  })
})
