import type { Alert, SubmissionAccepted } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type client, waitFor } from './testing/http.js'
import { departmentReporter, signedInUser } from './testing/principals.js'
import { escalationsOf, runFollowUps } from './testing/alerts.js'
import { seededApp } from './testing/seeded-app.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// 扬州市 (321000) sits under 江苏省 (320000): an unacknowledged critical alert in 扬州 goes up to 江苏's managers.
describe.each(testDatabases())('escalation end to end on $name', (target) => {
  let t = new Date('2024-06-30T04:00:00Z').getTime()
  const now = () => new Date(t)
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let reporter: ReturnType<typeof client>
  let province: ReturnType<typeof client>
  let city: ReturnType<typeof client>
  let indicatorId: number

  const followUps = () => runFollowUps(ctx.producers!)

  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true, now })
    const ind = await ctx.handle.db
      .selectFrom('indicators as i')
      .innerJoin('indicator_departments as l', 'l.indicator_id', 'i.id')
      .innerJoin('departments as d', 'd.id', 'l.department_id')
      .select(['i.id', 'd.key as dept'])
      .where('i.key', '=', 'ggsj-axgxl')
      .where('i.jurisdiction_code', '=', '321000')
      .where('l.role', '=', 'lead')
      .executeTakeFirstOrThrow()
    indicatorId = ind.id
    reporter = (await departmentReporter(ctx, '321000', ind.dept)).api
    province = await signedInUser(ctx, {
      username: 'leader-js',
      password: 'province pass 1',
      role: 'manager',
      jurisdictions: ['320000'],
    })
    city = await signedInUser(ctx, {
      username: 'leader-yz',
      password: 'city pass 1',
      role: 'manager',
      jurisdictions: ['321000'],
    })
    const admin = await signedInUser(ctx, { username: 'esc-admin', password: 'admin pass 1', role: 'admin' })
    const rule = await admin.post('/api/v1/alert-rules', {
      name: '扬州数据共享进度严重滞后',
      severity: 'critical',
      params: {
        kind: 'below-path',
        tolerance: { mode: 'remaining-percent', value: 25 },
        recovery: { mode: 'remaining-percent', value: 10 },
      },
      scope: { jurisdictionCode: '321000', includeDescendants: false, bindingOnly: false },
      groupWaitSeconds: 0,
      repeatIntervalSeconds: 86_400,
      escalateAfterSeconds: 3_600,
    })
    expect(rule.status).toBe(201)
  })
  afterAll(async () => {
    await ctx?.close()
  })

  it("escalates an unacknowledged critical alert to the parent jurisdiction's managers once, after the set time", async () => {
    const res = await reporter.post<SubmissionAccepted>('/api/v1/submissions', {
      // The plan gives no baseline: the first report starts the path (50% in Q1 towards ≥100% by the year end).
      items: [
        { indicator: indicatorId, period: '2023-Q1', value: 50 },
        { indicator: indicatorId, period: '2023-Q4', value: 10 },
      ],
    })
    expect(res.status).toBe(202)
    const alert = await waitFor(
      async () =>
        (await city.get<{ items: Alert[] }>(`/api/v1/alerts?indicator=${indicatorId}`)).body.items.find(
          (a) => a.state === 'firing',
        ),
      15_000,
    )
    expect(alert.severity).toBe('critical')

    // Half the escalation time: nobody above hears of it yet.
    t += 30 * 60_000
    await followUps()
    expect(await escalationsOf(province, alert.id)).toEqual([])

    t += 31 * 60_000
    await followUps()
    const up = await waitFor(
      async () => ((await escalationsOf(province, alert.id)).length ? escalationsOf(province, alert.id) : undefined),
      10_000,
    )
    expect(up).toHaveLength(1)
    expect(up[0]!.title).toContain('公共数据按需共享率')
    expect(await escalationsOf(city, alert.id)).toEqual([])
    const detail = await province.get<{ escalatedAt: string | null }>(`/api/v1/alerts/${alert.id}`)
    expect(detail.body.escalatedAt).not.toBeNull()

    // Escalated once per episode, however often the follow-ups run.
    t += 61 * 60_000
    await followUps()
    await sleep(500)
    expect(await escalationsOf(province, alert.id)).toHaveLength(1)
  })
})
