import type { Indicator, Submission, SubmissionAccepted } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, waitProcessed } from './testing/http.js'
import { createUser, departmentToken, ownedIndicators } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

const periodFor = (cadence: string) =>
  cadence === 'monthly' ? '2024-03' : cadence === 'quarterly' ? '2024-Q1' : '2023'

describe.each(testDatabases())('submitting values on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let dept: Awaited<ReturnType<typeof departmentToken>>
  let owned: Awaited<ReturnType<typeof ownedIndicators>>
  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true })
    dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
    owned = (await ownedIndicators(ctx.handle.db, dept.departmentId)).filter((i) => i.start_year <= 2023)
  })
  afterAll(async () => {
    await ctx?.close()
  })
  const api = () => client(ctx.app, { token: dept.token })
  const processed = (id: string) => waitProcessed<Submission>(api(), id)
  const observationCount = async () =>
    Number(
      (
        await ctx.handle.db
          .selectFrom('observations')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('stores a batch, answers 202, and the worker turns it into observations and fresh statuses', async () => {
    const items = owned
      .slice(0, 5)
      .map((i) => ({ indicator: i.id, period: periodFor(i.cadence), value: i.measure === 'percent' ? 55 : 7 }))
    const res = await api().post<SubmissionAccepted>('/api/v1/submissions', { items })
    expect(res.status).toBe(202)
    expect(res.body).toMatchObject({ state: 'received', itemCount: 5, replayed: false })
    const sub = await processed(res.body.id)
    expect(sub).toMatchObject({ state: 'processed', acceptedCount: 5, rejectedCount: 0, errors: [] })
    const { body: ind } = await api().get<Indicator>(`/api/v1/indicators/${owned[0]!.id}`)
    expect(ind.status.status).not.toBe('no-data')
    expect(ind.status.latestValue).toBe(items[0]!.value)
  })

  it('accepts the good rows of a mixed batch and explains each bad one by row, column and reason', async () => {
    const good = owned[0]!
    const items = [
      { indicator: good.id, period: periodFor(good.cadence), value: good.measure === 'percent' ? '６０％' : '8' },
      { indicator: good.id, period: '2031', value: 1 },
      { indicator: 'nanchang-2023/no-such-indicator', period: '2024', value: 1 },
      { indicator: good.id, period: periodFor(good.cadence), value: '=cmd|" /C calc"!A0' },
    ]
    const res = await api().post<SubmissionAccepted>('/api/v1/submissions', { items })
    const sub = await processed(res.body.id)
    expect(sub.acceptedCount + sub.unchangedCount + sub.rejectedCount).toBe(items.length)
    expect(sub.acceptedCount).toBe(1)
    expect(sub.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'period', expect.stringMatching(/bad_period|outside_horizon/)],
      [3, 'indicator', 'unknown_indicator'],
      [4, 'value', 'bad_value'],
    ])
    expect(sub.errors.every((e) => e.message.length > 4)).toBe(true)
  })

  it('keeps corrections as revisions: the newest counts and the history shows both', async () => {
    const ind = owned[1]!
    const period = periodFor(ind.cadence)
    const v1 = ind.measure === 'percent' ? 41 : 3
    const v2 = ind.measure === 'percent' ? 43 : 4
    await processed(
      (
        await api().post<SubmissionAccepted>('/api/v1/submissions', {
          items: [{ indicator: ind.id, period, value: v1 }],
        })
      ).body.id,
    )
    await processed(
      (
        await api().post<SubmissionAccepted>('/api/v1/submissions', {
          items: [{ indicator: ind.id, period, value: v2, reason: '更正统计口径' }],
        })
      ).body.id,
    )
    const { body } = await api().get<{
      periods: { periodKey: string; value: number; revisions: { value: number; reason: string | null }[] }[]
    }>(`/api/v1/indicators/${ind.id}/observations`)
    const p = body.periods.find((x) => x.periodKey === period)!
    expect(p.value).toBe(v2)
    expect(p.revisions.map((r) => r.value).slice(0, 2)).toEqual([v2, v1])
    expect(p.revisions[0]!.reason).toBe('更正统计口径')
  })

  it('answers a retried request with the same Idempotency-Key with the first submission, storing nothing new', async () => {
    const body = {
      items: [
        {
          indicator: owned[2]!.id,
          period: periodFor(owned[2]!.cadence),
          value: owned[2]!.measure === 'percent' ? 33 : 2,
        },
      ],
    }
    const first = await api().post<SubmissionAccepted>('/api/v1/submissions', body, {
      'idempotency-key': 'batch-2024-03-szsj',
    })
    await processed(first.body.id)
    const before = await observationCount()
    const again = await api().post<SubmissionAccepted>('/api/v1/submissions', body, {
      'idempotency-key': 'batch-2024-03-szsj',
    })
    expect(again.status).toBe(202)
    expect(again.body).toMatchObject({ id: first.body.id, replayed: true })
    expect(await observationCount()).toBe(before)
    const clash = await api().post<{ code: string }>(
      '/api/v1/submissions',
      { items: [{ ...body.items[0]!, value: 1 }] },
      { 'idempotency-key': 'batch-2024-03-szsj' },
    )
    expect(clash.status).toBe(409)
  })

  it('counts a re-sent identical batch as unchanged, so no observation is stored twice', async () => {
    const items = owned
      .slice(3, 6)
      .map((i) => ({ indicator: i.id, period: periodFor(i.cadence), value: i.measure === 'percent' ? 21 : 5 }))
    await processed((await api().post<SubmissionAccepted>('/api/v1/submissions', { items })).body.id)
    const before = await observationCount()
    const again = await processed((await api().post<SubmissionAccepted>('/api/v1/submissions', { items })).body.id)
    expect(again).toMatchObject({ acceptedCount: 0, unchangedCount: items.length, rejectedCount: 0 })
    expect(await observationCount()).toBe(before)
  })

  it('rejects everything when the submitter asks for all-or-nothing and one row is bad', async () => {
    const items = [
      {
        indicator: owned[6]!.id,
        period: periodFor(owned[6]!.cadence),
        value: owned[6]!.measure === 'percent' ? 12 : 1,
      },
      { indicator: owned[6]!.id, period: '2024-13', value: 1 },
    ]
    const sub = await processed(
      (await api().post<SubmissionAccepted>('/api/v1/submissions', { items, allOrNothing: true })).body.id,
    )
    expect(sub).toMatchObject({ acceptedCount: 0, rejectedCount: 2 })
    expect(sub.errors.at(-1)?.code).toBe('all_or_nothing')
  })

  it('refuses with 403 a value for an indicator the department does not own, storing nothing', async () => {
    const foreign = await ctx.handle.db
      .selectFrom('indicators')
      .select('id')
      .where('jurisdiction_code', '=', '321000')
      .executeTakeFirstOrThrow()
    const before = await ctx.handle.db
      .selectFrom('submissions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const res = await api().post<{ code: string; message: string }>('/api/v1/submissions', {
      items: [{ indicator: foreign.id, period: '2023', value: 1 }],
    })
    expect(res.status).toBe(403)
    expect(res.body.message).toContain('无权填报')
    const after = await ctx.handle.db
      .selectFrom('submissions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('answers 400 saying where and why for a malformed batch, and 401 without credentials', async () => {
    const bad = await api().post<{ code: string; message: string }>('/api/v1/submissions', {
      items: [{ indicator: 'x', period: '2024' }],
    })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toMatch(/请求体 items\.0\.(indicator|value)/)
    const anon = await client(ctx.app).post('/api/v1/submissions', { items: [] })
    expect(anon.status).toBe(401)
    const wrongToken = await client(ctx.app, { token: 'csk_not-a-real-token' }).get('/api/v1/submissions')
    expect(wrongToken.status).toBe(401)
  })

  it('lets a browser session submit only with its CSRF token, and never a manager', async () => {
    await createUser(ctx.handle.db, {
      username: 'reporter-szsj',
      password: 'correct horse 1',
      role: 'reporter',
      departmentId: dept.departmentId,
    })
    await createUser(ctx.handle.db, {
      username: 'manager-nc',
      password: 'correct horse 2',
      role: 'manager',
      jurisdictions: ['360100'],
    })
    const login = async (username: string, password: string) => {
      const res = await ctx.app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      })
      const cookie = res.headers.get('set-cookie') ?? ''
      expect(cookie).toMatch(/HttpOnly/i)
      return { cookie: cookie.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken }
    }
    expect(
      (await client(ctx.app).post('/api/v1/auth/login', { username: 'reporter-szsj', password: 'wrong' })).status,
    ).toBe(401)
    const reporter = await login('reporter-szsj', 'correct horse 1')
    const item = {
      indicator: owned[7]!.id,
      period: periodFor(owned[7]!.cadence),
      value: owned[7]!.measure === 'percent' ? 9 : 9,
    }
    const noCsrf = await client(ctx.app, { cookie: reporter.cookie }).post('/api/v1/submissions', { items: [item] })
    expect(noCsrf.status).toBe(403)
    const withCsrf = await client(ctx.app, reporter).post<SubmissionAccepted>('/api/v1/submissions', { items: [item] })
    expect(withCsrf.status).toBe(202)
    const manager = await login('manager-nc', 'correct horse 2')
    const asManager = await client(ctx.app, manager).post('/api/v1/submissions', { items: [item] })
    expect(asManager.status).toBe(403)
  })
})
