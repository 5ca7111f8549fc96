import type { IndicatorDetail, ObservationPeriod, Review, Submission, SubmissionAccepted } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, loginClient, waitFor, waitProcessed } from './testing/http.js'
import { createStaff, departmentReporter, indicatorIdByKey } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

const NOW = new Date('2024-06-30T04:00:00Z')

describe.each(testDatabases())('review of reported values on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let reporter: ReturnType<typeof client>
  let admin: ReturnType<typeof client>
  let manager: ReturnType<typeof client>
  let otherManager: ReturnType<typeof client>
  const ids: Record<string, number> = {}

  const login = async (username: string, password: string) => (await loginClient(ctx.app, username, password)).auth
  const patch = (api: 'admin' | 'manager', id: number, body: unknown) => {
    const who = api === 'admin' ? adminAuth : managerAuth
    return ctx.app.request(`/api/v1/indicators/${id}/review-setting`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', cookie: who.cookie, 'x-csrf-token': who.csrf },
      body: JSON.stringify(body),
    })
  }
  let adminAuth: { cookie: string; csrf: string }
  let managerAuth: { cookie: string; csrf: string }
  const submit = async (indicator: number, period: string, value: number) => {
    const res = await reporter.post<SubmissionAccepted>('/api/v1/submissions', {
      items: [{ indicator, period, value }],
    })
    expect(res.status).toBe(202)
    const done = await waitProcessed<Submission>(reporter, res.body.id)
    expect(done.state).toBe('processed')
    return done
  }
  const indicator = async (id: number) => (await admin.get<IndicatorDetail>(`/api/v1/indicators/${id}`)).body
  const period = async (id: number, key: string) =>
    (await admin.get<{ periods: ObservationPeriod[] }>(`/api/v1/indicators/${id}/observations`)).body.periods.find(
      (p) => p.periodKey === key,
    )
  const reportedAt = async (id: number, key: string) =>
    (
      await ctx.handle.db
        .selectFrom('reporting_periods')
        .select('first_reported_at')
        .where('indicator_id', '=', id)
        .where('period_key', '=', key)
        .executeTakeFirst()
    )?.first_reported_at ?? null
  const auditActions = async (entityId: string | number) =>
    (
      await ctx.handle.db
        .selectFrom('audit_log')
        .select(['action', 'actor_label'])
        .where('entity_id', '=', String(entityId))
        .execute()
    ).map((r) => `${r.action} ${r.actor_label}`)

  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true, now: () => NOW })
    reporter = (await departmentReporter(ctx, '360100', 'szsj')).api
    for (const key of ['fsm-zwxt-sly', 'dzyz-fgl']) ids[key] = await indicatorIdByKey(ctx.handle.db, key)
    await createStaff(ctx.handle.db, 'r')
    adminAuth = await login('r-admin', 'admin pass 1')
    admin = client(ctx.app, adminAuth)
    managerAuth = await login('r-manager', 'manager pass 1')
    manager = client(ctx.app, managerAuth)
    otherManager = client(ctx.app, await login('r-other', 'other pass 1'))
  })
  afterAll(async () => {
    await ctx?.close()
  })

  it('lets only an admin require review of an indicator, shows it on the indicator and audits it', async () => {
    expect((await indicator(ids['fsm-zwxt-sly']!)).requiresReview).toBe(false)
    expect((await patch('manager', ids['fsm-zwxt-sly']!, { requiresReview: true })).status).toBe(403)
    const bad = await patch('admin', ids['fsm-zwxt-sly']!, { requiresReview: 'yes' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { message: string }).message).toContain('请求体 requiresReview')
    for (const key of ['fsm-zwxt-sly', 'dzyz-fgl']) {
      const res = await patch('admin', ids[key]!, { requiresReview: true })
      expect(res.status).toBe(200)
      expect(((await res.json()) as IndicatorDetail).requiresReview).toBe(true)
    }
    expect((await indicator(ids['fsm-zwxt-sly']!)).requiresReview).toBe(true)
    expect(await auditActions(ids['fsm-zwxt-sly']!)).toContain('indicator.review-setting user:r-admin')
  })

  it('keeps a submitted value pending without changing the status until a manager of its jurisdiction approves it', async () => {
    const id = ids['fsm-zwxt-sly']!
    const before = (await indicator(id)).status
    const sub = await submit(id, '2024-Q1', 60)
    expect(sub.acceptedCount).toBe(1)
    expect(sub.reviews).toMatchObject([
      { indicatorId: id, periodKey: '2024-Q1', value: 60, state: 'pending', stateLabel: '待审核', comment: null },
    ])

    // Stored but not counted: status, the period's value and the reporting discipline are as before.
    expect((await indicator(id)).status).toMatchObject({ status: before.status, latestValue: before.latestValue })
    expect(await period(id, '2024-Q1')).toMatchObject({
      value: null,
      revisions: [{ value: 60, reviewState: 'pending', reviewStateLabel: '待审核' }],
    })
    expect(await reportedAt(id, '2024-Q1')).toBeNull()

    const pending = await manager.get<{ items: Review[] }>('/api/v1/reviews?state=pending')
    expect(pending.status).toBe(200)
    const review = pending.body.items.find((r) => r.indicatorId === id && r.periodKey === '2024-Q1')!
    expect(review).toMatchObject({
      value: 60,
      jurisdictionName: '南昌市',
      departmentName: '市政数局',
      state: 'pending',
      submissionId: sub.id,
    })

    // Another jurisdiction's manager neither sees it nor may decide it; a reporter may not decide at all.
    expect(
      (await otherManager.get<{ items: Review[] }>('/api/v1/reviews')).body.items.some((r) => r.id === review.id),
    ).toBe(false)
    expect((await otherManager.get('/api/v1/reviews?jurisdiction=360100')).status).toBe(403)
    const refused = await otherManager.post<{ message: string }>(`/api/v1/reviews/${review.id}/approve`, {})
    expect(refused.status).toBe(403)
    expect(refused.body.message).toContain('360100')
    expect((await reporter.post(`/api/v1/reviews/${review.id}/approve`, {})).status).toBe(403)
    expect((await reporter.get('/api/v1/reviews')).status).toBe(403)

    const approved = await manager.post<Review>(`/api/v1/reviews/${review.id}/approve`, {})
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ state: 'approved', stateLabel: '审核通过', reviewedBy: 'r-manager' })

    // Now it counts: the stored status moves, the period has its value, the report is on record at submission time.
    const after = (await indicator(id)).status
    expect(after.latestValue).toBe(60)
    expect(after.latestPeriodEnd).toBe('2024-03-31')
    expect(after.status).not.toBe('no-data')
    expect(await period(id, '2024-Q1')).toMatchObject({ value: 60 })
    expect((await reportedAt(id, '2024-Q1'))?.toISOString()).toBe(NOW.toISOString())
    expect(await auditActions(review.id)).toContain('review.approve user:r-manager')
    // Alerts follow the approval as they follow an ingest.
    await waitFor(async () => {
      const jobs = await ctx.producers!.alerts.getJobs(['completed', 'active', 'waiting', 'delayed'])
      return jobs.some((j) => j.data.pairs?.some((p) => p.indicatorId === id && p.jurisdictionCode === '360100'))
        ? true
        : undefined
    })
    expect((await manager.post<{ code: string }>(`/api/v1/reviews/${review.id}/approve`, {})).status).toBe(409)
    expect((await reporter.get<Submission>(`/api/v1/submissions/${sub.id}`)).body.reviews[0]).toMatchObject({
      state: 'approved',
    })

    // A correction waits for review too, and the approved value stays in force meanwhile.
    await submit(id, '2024-Q1', 65)
    expect((await indicator(id)).status.latestValue).toBe(60)
    expect(await period(id, '2024-Q1')).toMatchObject({
      value: 60,
      revisions: [
        { value: 65, reviewState: 'pending' },
        { value: 60, reviewState: 'approved' },
      ],
    })
  })

  it('never counts a returned value, shows the reporter the comment, and sends a resubmission to review again', async () => {
    const id = ids['dzyz-fgl']!
    const sub = await submit(id, '2024-Q1', 70)
    const review = (
      await admin.get<{ items: Review[] }>('/api/v1/reviews?state=pending&jurisdiction=360100')
    ).body.items.find((r) => r.submissionId === sub.id)!
    expect(review).toBeDefined()

    const missing = await manager.post<{ code: string; message: string }>(`/api/v1/reviews/${review.id}/return`, {})
    expect(missing.status).toBe(400)
    expect(missing.body.message).toContain('请求体 comment')
    expect(missing.body.message).toContain('退回意见')
    expect(
      (await manager.post<{ message: string }>(`/api/v1/reviews/${review.id}/return`, { comment: '   ' })).body.message,
    ).toContain('必须填写退回意见')
    expect((await reporter.post(`/api/v1/reviews/${review.id}/return`, { comment: '不行' })).status).toBe(403)

    const comment = '数值与台账不符,请核实后重新报送'
    const returned = await manager.post<Review>(`/api/v1/reviews/${review.id}/return`, { comment })
    expect(returned.status).toBe(200)
    expect(returned.body).toMatchObject({ state: 'returned', stateLabel: '已退回', comment })
    expect(await auditActions(review.id)).toContain('review.return user:r-manager')
    expect((await manager.post(`/api/v1/reviews/${review.id}/approve`, {})).status).toBe(409)

    // Not counted anywhere, and the reporter sees why in the submission and the history.
    expect((await indicator(id)).status.latestValue).toBeNull()
    expect(await reportedAt(id, '2024-Q1')).toBeNull()
    const seen = await reporter.get<Submission>(`/api/v1/submissions/${sub.id}`)
    expect(seen.body.reviews).toMatchObject([{ state: 'returned', stateLabel: '已退回', comment, value: 70 }])
    expect(
      (await reporter.get<{ items: Submission[] }>('/api/v1/submissions')).body.items.find((s) => s.id === sub.id)
        ?.reviews[0]?.comment,
    ).toBe(comment)
    expect(await period(id, '2024-Q1')).toMatchObject({
      value: null,
      revisions: [{ reviewState: 'returned', reviewComment: comment }],
    })
    expect(
      (await manager.get<{ items: Review[] }>('/api/v1/reviews?state=returned')).body.items.map((r) => r.id),
    ).toContain(review.id)

    // Resending, even the same number, is a new revision that waits for review again.
    const again = await submit(id, '2024-Q1', 70)
    expect(again.acceptedCount).toBe(1)
    expect(again.reviews).toMatchObject([{ state: 'pending', value: 70 }])
    const pending = (await manager.get<{ items: Review[] }>('/api/v1/reviews')).body.items.filter(
      (r) => r.indicatorId === id,
    )
    expect(pending.map((r) => r.submissionId)).toEqual([again.id])
    expect((await indicator(id)).status.latestValue).toBeNull()
  })
})
