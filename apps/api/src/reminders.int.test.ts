import type { OverdueReports, ReminderList, SentReminder } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { runReportingCycle } from '@cockpit/services/reporting'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginClient } from './testing/http.js'
import { createUser, departmentToken } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

const NOW = new Date('2024-06-30T04:00:00Z')
type Inbox = { items: { kind: string; title: string; body: string; readAt: string | null }[]; unread: number }

describe.each(testDatabases())('一键催报 (on-demand reminders) on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let clock = NOW
  let departmentId: number
  beforeAll(async () => {
    ctx = await seededApp(target, { now: () => clock })
    departmentId = (await departmentToken(ctx.handle.db, '360100', 'szsj')).departmentId
    await createUser(ctx.handle.db, {
      username: 'rem-reporter',
      password: 'reporter pass 1',
      role: 'reporter',
      departmentId,
    })
    await createUser(ctx.handle.db, {
      username: 'rem-manager',
      password: 'manager pass 1',
      role: 'manager',
      jurisdictions: ['360100'],
    })
    await createUser(ctx.handle.db, {
      username: 'rem-manager-y',
      password: 'manager pass 2',
      role: 'manager',
      jurisdictions: ['321000'],
    })
    await runReportingCycle(ctx.handle.db, { now: NOW })
  })
  afterAll(async () => {
    await ctx?.close()
  })
  const manager = () => loginClient(ctx.app, 'rem-manager', 'manager pass 1')
  const overdueOf = async () => {
    const list = await (await manager()).get<OverdueReports>(
      `/api/v1/reporting/overdue?department=${departmentId}&limit=500`,
    )
    expect(list.status).toBe(200)
    return list.body.items
  }

  it("puts the reminder in the responsible department's inboxes and in the reminder list, and audits it", async () => {
    const [report] = await overdueOf()
    expect(report).toBeDefined()
    const body = {
      indicatorId: report!.indicatorId,
      jurisdictionCode: report!.jurisdictionCode,
      periodKey: report!.periodKey,
    }
    const sent = await (await manager()).post<SentReminder>('/api/v1/reporting/reminders', body)
    expect(sent.status).toBe(201)
    expect(sent.body).toMatchObject({
      kind: 'manual',
      departmentId,
      indicatorId: report!.indicatorId,
      periodKey: report!.periodKey,
    })
    expect(sent.body.recipients).toBeGreaterThanOrEqual(1)

    const reporter = await loginClient(ctx.app, 'rem-reporter', 'reporter pass 1')
    const inbox = await reporter.get<Inbox>('/api/v1/inbox')
    const item = inbox.body.items.find((i) => i.kind === 'reminder')
    expect(item).toMatchObject({ title: `【催报】${report!.indicatorName}`, readAt: null })
    expect(item!.body).toContain(report!.dueDate)
    expect(inbox.body.unread).toBeGreaterThanOrEqual(1)

    const listed = await reporter.get<ReminderList>('/api/v1/reporting/reminders?kind=manual')
    expect(listed.body.items.map((r) => r.id)).toContain(sent.body.id)
    const logged = await ctx.handle.db
      .selectFrom('audit_log')
      .select(['action', 'actor_label'])
      .where('entity', '=', 'reporting_reminder')
      .where('entity_id', '=', sent.body.id)
      .execute()
    expect(logged).toEqual([{ action: 'reporting.remind', actor_label: expect.any(String) }])
  })

  it('refuses a second reminder of the same report within the interval (409, in Chinese), and allows it after', async () => {
    const [, report] = await overdueOf()
    const body = {
      indicatorId: report!.indicatorId,
      jurisdictionCode: report!.jurisdictionCode,
      periodKey: report!.periodKey,
    }
    expect((await (await manager()).post('/api/v1/reporting/reminders', body)).status).toBe(201)
    const again = await (await manager()).post<{ code: string; message: string }>('/api/v1/reporting/reminders', body)
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('conflict')
    expect(again.body.message).toMatch(/已于 2024-06-30 12:00 催报过.*请 10 分钟后再试/)
    clock = new Date(NOW.getTime() + 11 * 60_000)
    try {
      expect((await (await manager()).post('/api/v1/reporting/reminders', body)).status).toBe(201)
    } finally {
      clock = NOW
    }
  })

  it('answers 404 to a manager of another jurisdiction, as if the report did not exist, and sends nothing', async () => {
    const [report] = await overdueOf()
    const before = await ctx.handle.db
      .selectFrom('reporting_reminders')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    const other = await loginClient(ctx.app, 'rem-manager-y', 'manager pass 2')
    const res = await other.post<{ code: string }>('/api/v1/reporting/reminders', {
      indicatorId: report!.indicatorId,
      jurisdictionCode: report!.jurisdictionCode,
      periodKey: report!.periodKey,
    })
    expect(res.status).toBe(404)
    const after = await ctx.handle.db
      .selectFrom('reporting_reminders')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('refuses to remind about a report that is not overdue (409) and one that does not exist (404)', async () => {
    const open = await ctx.handle.db
      .selectFrom('reporting_periods')
      .select(['indicator_id', 'jurisdiction_code', 'period_key'])
      .where('jurisdiction_code', '=', '360100')
      .where('due_date', '>=', '2024-06-30')
      .executeTakeFirstOrThrow()
    const notDue = await (await manager()).post<{ message: string }>('/api/v1/reporting/reminders', {
      indicatorId: open.indicator_id,
      jurisdictionCode: open.jurisdiction_code,
      periodKey: open.period_key,
    })
    expect(notDue.status).toBe(409)
    expect(notDue.body.message).toContain('尚未逾期')
    const missing = await (await manager()).post('/api/v1/reporting/reminders', {
      indicatorId: 999999,
      jurisdictionCode: '360100',
      periodKey: '2024-Q1',
    })
    expect(missing.status).toBe(404)
  })

  it('a rerun of the reporting cycle still files no automatic reminder twice beside the manual ones', async () => {
    const first = await runReportingCycle(ctx.handle.db, { now: NOW })
    expect(first.reminders).toBe(0)
  })
})
