import type { Alert, SubmissionAccepted } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { verifyWebhookSignature } from '@cockpit/notify'
import { evaluateAlerts } from '@cockpit/services/alerts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, waitFor } from './testing/http.js'
import { departmentReporter, indicatorIdByKey, signedInUser } from './testing/principals.js'
import { startHttpReceiver, startSmtpReceiver } from './testing/receivers.js'
import { seededApp } from './testing/seeded-app.js'

const WEBHOOK_SECRET = 'whsec-0123456789abcdef'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe.each(testDatabases())('alerts end to end on $name', (target) => {
  let t = new Date('2024-06-30T04:00:00Z').getTime()
  const now = () => new Date(t)
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>
  let hook: Awaited<ReturnType<typeof startHttpReceiver>>
  let reporter: ReturnType<typeof client>
  let manager: ReturnType<typeof client>
  let admin: ReturnType<typeof client>
  const indicatorId = (key: string) => indicatorIdByKey(ctx.handle.db, key)
  const submit = async (key: string, period: string, value: number) => {
    const res = await reporter.post<SubmissionAccepted>('/api/v1/submissions', {
      items: [{ indicator: `nanchang-2023/${key}`, period, value }],
    })
    expect(res.status).toBe(202)
    return res.body.id
  }
  const alertsFor = async (id: number) =>
    (await manager.get<{ items: Alert[] }>(`/api/v1/alerts?indicator=${id}`)).body.items

  beforeAll(async () => {
    smtp = await startSmtpReceiver()
    hook = await startHttpReceiver()
    ctx = await seededApp(target, { withQueue: true, now })
    reporter = (await departmentReporter(ctx, '360100', 'szsj')).api
    manager = await signedInUser(ctx, {
      username: 'leader-nc',
      password: 'leader pass 1',
      role: 'manager',
      jurisdictions: ['360100'],
    })
    admin = await signedInUser(ctx, { username: 'alert-admin', password: 'admin pass 1', role: 'admin' })
    const email = await manager.post<{ id: number }>('/api/v1/channels', {
      name: '分管领导邮箱',
      config: {
        kind: 'email',
        to: ['leader@nc.example.gov.cn'],
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'cockpit@nc.example.gov.cn' },
      },
    })
    expect(email.status).toBe(201)
    const webhook = await manager.post<{ id: number }>('/api/v1/channels', {
      name: '督办系统',
      config: { kind: 'webhook', url: `${hook.url}/hooks/cockpit`, secret: WEBHOOK_SECRET },
    })
    expect(webhook.status).toBe(201)
    const sub = await manager.post('/api/v1/subscriptions', {
      name: '南昌约束性指标',
      jurisdictionCodes: ['360100'],
      minSeverity: 'warning',
      channelIds: [email.body.id, webhook.body.id],
    })
    expect(sub.status).toBe(201)
    const rule = await admin.post('/api/v1/alert-rules', {
      name: '约束性指标进度滞后',
      severity: 'critical',
      params: { kind: 'binding-off-track' },
      scope: { jurisdictionCode: '360100', bindingOnly: true },
      groupWaitSeconds: 0,
      repeatIntervalSeconds: 3600,
    })
    expect(rule.status).toBe(201)
  })
  afterAll(async () => {
    await ctx?.close()
    await smtp?.close()
    await hook?.close()
  })

  it('turns a submission that drops a binding indicator off its path into exactly one email and one signed webhook', async () => {
    const id = await indicatorId('dzzz-yzl')
    const submittedAt = Date.now()
    await submit('dzzz-yzl', '2024-05', 31)
    await waitFor(async () => (smtp.mails.length >= 1 && hook.requests.length >= 1 ? true : undefined), 10_000)
    await sleep(1500)
    expect(smtp.mails).toHaveLength(1)
    expect(hook.requests).toHaveLength(1)
    const mail = smtp.mails[0]!
    expect(mail.subject).toContain('政务服务电子证照用证率')
    expect(mail.text).toContain('南昌市')
    expect(mail.text).toMatch(/31/)
    const req = hook.requests[0]!
    expect(
      verifyWebhookSignature(
        WEBHOOK_SECRET,
        String(req.headers['x-cockpit-timestamp']),
        req.body,
        String(req.headers['x-cockpit-signature']),
        300,
        new Date(),
      ),
    ).toBe(true)
    expect(JSON.parse(req.body)).toMatchObject({ kind: 'firing', severity: 'critical' })
    expect(Math.max(mail.at, req.at) - submittedAt).toBeLessThan(10_000)

    const [alert] = await alertsFor(id)
    expect(alert).toMatchObject({ state: 'firing', severity: 'critical', jurisdictionCode: '360100' })
    const detail = await manager.get<{
      transitions: { from: string; to: string }[]
      notifications: { status: string }[]
    }>(`/api/v1/alerts/${alert!.id}`)
    expect(detail.body.transitions.map((x) => [x.from, x.to])).toEqual([['normal', 'firing']])
    expect(detail.body.notifications.map((n) => n.status)).toEqual(['sent', 'sent'])
  })

  it('stays one episode while the value stays off track: no second message', async () => {
    await submit('dzzz-yzl', '2024-06', 32)
    await sleep(2500)
    expect(smtp.mails).toHaveLength(1)
    expect(hook.requests).toHaveLength(1)
  })

  it('records a silenced alert without sending it', async () => {
    const id = await indicatorId('dzyz-fgl')
    const silence = await manager.post('/api/v1/silences', {
      matchers: { jurisdictionCode: '360100', indicatorId: id },
      endsAt: new Date(t + 86_400_000).toISOString(),
      reason: '系统割接期间数据不准',
    })
    expect(silence.status).toBe(201)
    await submit('dzyz-fgl', '2024-Q1', 51)
    const alert = await waitFor(async () => (await alertsFor(id))[0])
    expect(alert.silenced).toBe(true)
    await sleep(2000)
    expect(smtp.mails).toHaveLength(1)
    const detail = await manager.get<{ notifications: { status: string }[] }>(`/api/v1/alerts/${alert.id}`)
    expect(detail.body.notifications.map((n) => n.status)).toEqual(['silenced', 'silenced'])
  })

  it('repeats a still-firing alert after its repeat interval, and acknowledging stops the repeats', async () => {
    const id = await indicatorId('dzzz-yzl')
    const [alert] = await alertsFor(id)
    t += 61 * 60_000
    await ctx.producers!.maintenance.add('follow-ups', { kind: 'alert-follow-ups' })
    await waitFor(async () => (smtp.mails.length >= 2 ? true : undefined), 10_000)
    expect(smtp.mails[1]!.subject).toContain('重复提醒')
    expect((await manager.post(`/api/v1/alerts/${alert!.id}/ack`, {})).status).toBe(204)
    t += 61 * 60_000
    await ctx.producers!.maintenance.add('follow-ups', { kind: 'alert-follow-ups' })
    await sleep(2500)
    expect(smtp.mails).toHaveLength(2)
    const detail = await manager.get<{ notes: { action: string }[]; acknowledgedAt: string | null }>(
      `/api/v1/alerts/${alert!.id}`,
    )
    expect(detail.body.acknowledgedAt).not.toBeNull()
    expect(detail.body.notes.map((n) => n.action)).toContain('acknowledge')
  })

  it('alerts on a report missing past its due date without any submission', async () => {
    const rule = await admin.post('/api/v1/alert-rules', {
      name: '逾期未报送',
      severity: 'warning',
      params: { kind: 'missing-report', graceDays: 0 },
      scope: { jurisdictionCode: '360100' },
      groupWaitSeconds: 0,
    })
    expect(rule.status).toBe(201)
    const before = smtp.mails.length
    await ctx.producers!.maintenance.add('cycle', { kind: 'reporting-cycle' })
    await sleep(1500)
    await ctx.producers!.alerts.add('evaluate', {})
    const missing = await waitFor(async () => {
      const items = (await manager.get<{ items: Alert[] }>('/api/v1/alerts?state=firing')).body.items.filter(
        (a) => a.kind === 'missing-report',
      )
      return items.length ? items : undefined
    }, 15_000)
    expect(missing[0]!.summary).toContain('逾期未报送')
    await waitFor(async () => (smtp.mails.length > before ? true : undefined), 10_000)
    // Alerts that start together reach a person as one message, not one each.
    await sleep(1500)
    expect(smtp.mails.length - before).toBe(1)
  })

  it('keeps management to managers: a reporter cannot acknowledge, a stranger cannot list', async () => {
    const [alert] = (await manager.get<{ items: Alert[] }>('/api/v1/alerts')).body.items
    expect((await reporter.post(`/api/v1/alerts/${alert!.id}/ack`, {})).status).toBe(403)
    expect((await client(ctx.app).get('/api/v1/alerts')).status).toBe(401)
    const bad = await admin.post<{ message: string }>('/api/v1/alert-rules', {
      name: '坏规则',
      severity: 'warning',
      params: { kind: 'below-path', tolerance: { mode: 'points', value: 5 }, recovery: { mode: 'points', value: 8 } },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toContain('恢复阈值')
  })

  it('produces one alert and one notification per channel when two evaluations of the same data run at once', async () => {
    const created = await admin.post<{ id: number }>('/api/v1/alert-rules', {
      name: '低于序时进度(并发评估)',
      severity: 'warning',
      params: { kind: 'below-path', tolerance: { mode: 'points', value: 1 }, recovery: { mode: 'points', value: 0.5 } },
      scope: { jurisdictionCode: '360100' },
      groupWaitSeconds: 600,
    })
    expect(created.status).toBe(201)
    const ctxNow = { now: now(), asOf: '2024-06-30' }
    await Promise.all([
      evaluateAlerts(ctx.handle.db, 'all', ctxNow),
      evaluateAlerts(ctx.handle.db, 'all', ctxNow),
      evaluateAlerts(ctx.handle.db, 'all', ctxNow),
    ])
    const alerts = await ctx.handle.db
      .selectFrom('alerts')
      .select(['id', 'fingerprint'])
      .where('rule_id', '=', created.body.id)
      .execute()
    expect(alerts.length).toBeGreaterThanOrEqual(2)
    expect(new Set(alerts.map((a) => a.fingerprint)).size).toBe(alerts.length)
    const owed = await ctx.handle.db
      .selectFrom('notifications')
      .select(['alert_id', 'channel_id'])
      .where(
        'alert_id',
        'in',
        alerts.map((a) => a.id),
      )
      .execute()
    // Two channels (email, webhook) per alert, each owed once.
    expect(owed).toHaveLength(alerts.length * 2)
  })
})
