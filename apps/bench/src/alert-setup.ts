import type { Database } from '@cockpit/db'
import { hashPassword } from '@cockpit/services/kernel'
import type { Kysely } from 'kysely'
import { BENCH_PARENT } from './plan-shape.js'

/** A session as a browser holds it: the cookie plus the CSRF token the login answered with. */
export interface Session {
  cookie: string
  csrf: string
}

async function createUser(
  db: Kysely<Database>,
  username: string,
  password: string,
  role: 'admin' | 'manager',
  jurisdictions: string[],
) {
  const { id } = await db
    .insertInto('users')
    .values({
      username,
      display_name: username,
      password_hash: await hashPassword(password),
      role,
      department_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (const j of jurisdictions)
    await db.insertInto('user_jurisdictions').values({ user_id: id, jurisdiction_code: j }).execute()
  return id
}

async function login(baseUrl: string, username: string, password: string): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  const text = await res.text()
  if (res.status !== 200) throw new Error(`login ${username} answered ${res.status}: ${text.slice(0, 300)}`)
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!
  return { cookie, csrf: (JSON.parse(text) as { csrfToken: string }).csrfToken }
}

async function postAs<T>(baseUrl: string, s: Session, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
    body: JSON.stringify(body),
  })
  const text = await res.text()
  if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${text.slice(0, 500)}`)
  return JSON.parse(text) as T
}

/**
 * Everything an alert needs, through the real API: a manager of the city with a webhook channel and a
 * subscription to it, and an admin's below-path rule over the city and its counties that fires at once
 * and groups nothing on purpose (no wait, no interval), so latency is the pipeline's own.
 */
export async function setUpAlerting(db: Kysely<Database>, baseUrl: string, webhookUrl: string, secret: string) {
  await createUser(db, 'bench-admin', 'bench admin pass 1', 'admin', [])
  await createUser(db, 'bench-leader', 'bench leader pass 1', 'manager', [BENCH_PARENT])
  const admin = await login(baseUrl, 'bench-admin', 'bench admin pass 1')
  const manager = await login(baseUrl, 'bench-leader', 'bench leader pass 1')
  const channel = await postAs<{ id: number }>(baseUrl, manager, '/api/v1/channels', {
    name: '基准测试督办系统',
    config: { kind: 'webhook', url: webhookUrl, secret },
  })
  await postAs(baseUrl, manager, '/api/v1/subscriptions', {
    name: '基准测试订阅',
    jurisdictionCodes: [BENCH_PARENT],
    minSeverity: 'warning',
    channelIds: [channel.id],
  })
  const rule = await postAs<{ id: number }>(baseUrl, admin, '/api/v1/alert-rules', {
    name: '基准测试低于序时进度',
    severity: 'critical',
    params: { kind: 'below-path', tolerance: { mode: 'points', value: 5 }, recovery: { mode: 'points', value: 2 } },
    scope: { jurisdictionCode: BENCH_PARENT, includeDescendants: true },
    forSeconds: 0,
    forPeriods: 0,
    groupWaitSeconds: 0,
    groupIntervalSeconds: 0,
  })
  return { channelId: channel.id, ruleId: rule.id }
}
