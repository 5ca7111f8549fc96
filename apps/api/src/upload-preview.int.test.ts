import type { Submission, SubmissionAccepted, SubmissionPreview } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, waitProcessed } from './testing/http.js'
import { departmentToken, quarterlyPercentCode } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

describe.each(testDatabases())('previewing an upload on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let dept: Awaited<ReturnType<typeof departmentToken>>
  let code: string
  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true })
    dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
    code = await quarterlyPercentCode(ctx.handle.db, dept.departmentId)
  })
  afterAll(async () => {
    await ctx?.close()
  })
  const api = () => client(ctx.app, { token: dept.token })
  const send = async <T>(path: string, csv: string, extra: Record<string, string> = {}) => {
    const form = new FormData()
    form.set('file', new File([new TextEncoder().encode(csv)], 'report.csv'))
    for (const [k, v] of Object.entries(extra)) form.set(k, v)
    return api().upload<T>(path, form)
  }
  const counts = async () => ({
    submissions: Number(
      (
        await ctx.handle.db
          .selectFrom('submissions')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    observations: Number(
      (
        await ctx.handle.db
          .selectFrom('observations')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    audit: Number(
      (
        await ctx.handle.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  })
  const file = () =>
    [
      '指标编码,行政区划代码,统计期,数值,备注',
      `${code},360100,2024年第一季度,８０％,按季度统计`,
      `${code},360100,2023年第四季度,暂无,`,
      `${code},360100,2024-Q1,81,`,
      `${code},360100,2023-Q3,0.7,`,
    ].join('\r\n')

  it('shows the rows as parsed and the bad rows with row, column and why, storing nothing', async () => {
    const before = await counts()
    const res = await send<SubmissionPreview>('/api/v1/submissions/preview', file())
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ fileName: 'report.csv', itemCount: 4, newCount: 2, rejectedCount: 2 })
    expect(res.body.rows.map((r) => [r.row, r.indicatorCode, r.periodKey, r.value, r.outcome])).toEqual([
      [2, code, '2024-Q1', 80, 'new'],
      [5, code, '2023-Q3', 70, 'new'],
    ])
    expect(res.body.errors).toEqual([
      expect.objectContaining({ row: 3, column: '数值', code: 'bad_value' }),
      expect.objectContaining({
        row: 4,
        column: '统计期',
        code: 'duplicate_row',
        message: '与第2行重复(同一指标、区划、统计期)',
      }),
    ])
    expect(await counts()).toEqual(before)
  })

  it('reports the same errors as the real upload of the same file, which then stores the good rows', async () => {
    const previewed = (await send<SubmissionPreview>('/api/v1/submissions/preview', file())).body
    const accepted = await send<SubmissionAccepted>('/api/v1/submissions/upload', file())
    expect(accepted.status).toBe(202)
    const sub = await waitProcessed<Submission>(api(), accepted.body.id)
    expect(sub.errors).toEqual(previewed.errors)
    expect(sub).toMatchObject({ acceptedCount: previewed.newCount, rejectedCount: previewed.rejectedCount })
    // Once stored, the same values preview as unchanged: nothing new would be written.
    const again = (await send<SubmissionPreview>('/api/v1/submissions/preview', file())).body
    expect(again).toMatchObject({ newCount: 0, unchangedCount: 2 })
  })

  it('under all-or-nothing lists no row as accepted and says why, like the worker', async () => {
    const res = await send<SubmissionPreview>('/api/v1/submissions/preview', file(), { allOrNothing: 'true' })
    expect(res.body.rows).toEqual([])
    expect(res.body.errors.at(-1)).toMatchObject({ row: 0, code: 'all_or_nothing' })
  })

  it('says why an unreadable file cannot be read, and refuses a request without a file', async () => {
    const form = new FormData()
    form.set(
      'file',
      new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])], 'photo.xlsx'),
    )
    const res = await api().upload<SubmissionPreview>('/api/v1/submissions/preview', form)
    expect(res.status).toBe(200)
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 0, code: 'unreadable' })])
    const none = await api().upload<{ code: string; message: string }>('/api/v1/submissions/preview', new FormData())
    expect(none).toMatchObject({
      status: 400,
      body: { code: 'invalid_request', message: '缺少上传文件(multipart 字段 file)' },
    })
  })
})
