import type { Submission, SubmissionAccepted, SubmissionPreview } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, waitProcessed } from './testing/http.js'
import { departmentToken } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

// A department's own sheet: 地区 / 指标名称 / 统计期 / 数值, no codes anywhere.
describe.each(testDatabases())('uploading a sheet that names indicators and places on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let dept: Awaited<ReturnType<typeof departmentToken>>
  let ind: { id: number; code: string; name: string }
  let other: { id: number; code: string }
  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true })
    dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
    const owned = await ctx.handle.db
      .selectFrom('indicators as i')
      .innerJoin('plans as p', 'p.id', 'i.plan_id')
      .innerJoin('indicator_departments as l', 'l.indicator_id', 'i.id')
      .select(['i.id', 'i.key', 'i.name', 'p.key as plan', 'i.measure', 'i.cadence', 'i.requires_review'])
      .where('l.department_id', '=', dept.departmentId)
      .orderBy('i.id')
      .execute()
    const pick = owned.find((i) => i.measure === 'percent' && i.cadence === 'quarterly' && !i.requires_review)!
    ind = { id: pick.id, code: `${pick.plan}/${pick.key}`, name: pick.name }
    const second = owned.find((i) => i.id !== pick.id)!
    other = { id: second.id, code: `${second.plan}/${second.key}` }
  })
  afterAll(async () => {
    await ctx?.close()
  })
  const api = () => client(ctx.app, { token: dept.token })
  const send = async <T>(path: string, csv: string) => {
    const form = new FormData()
    form.set('file', new File([new TextEncoder().encode(csv)], '本单位统计表.csv'))
    return api().upload<T>(path, form)
  }
  // The name typed carelessly: a space inside, full-width brackets, Latin in full width where there is any.
  const typed = () => ` ${ind.name.slice(0, 2)} ${ind.name.slice(2).replace(/\(/g, '（').replace(/\)/g, '）')}`
  const truncated = () => ind.name.slice(2)
  const sheet = () =>
    [
      '地区,指标名称,统计期,数值',
      `南昌市,${typed()},2024年第一季度,80%`,
      `南昌,${ind.name},2023年第四季度,75`,
      `南昌市,${truncated()},2023年第三季度,70`,
      `火星市,${ind.name},2023年第二季度,70`,
    ].join('\r\n')

  it('previews the rows it matched by name, lists each match with its rows, and makes unknown names row errors with candidates', async () => {
    const res = await send<SubmissionPreview>('/api/v1/submissions/preview', sheet())
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ itemCount: 4, newCount: 2, rejectedCount: 2 })
    expect(res.body.rows.map((r) => [r.row, r.indicatorCode, r.jurisdictionCode, r.periodKey, r.value])).toEqual([
      [2, ind.code, '360100', '2024-Q1', 80],
      [3, ind.code, '360100', '2023-Q4', 75],
    ])
    expect(res.body.matches).toEqual([
      { kind: 'indicator', name: typed().trim(), code: ind.code, matchedName: ind.name, rows: 1 },
      { kind: 'indicator', name: ind.name, code: ind.code, matchedName: ind.name, rows: 1 },
      { kind: 'jurisdiction', name: '南昌市', code: '360100', matchedName: '南昌市', rows: 1 },
      { kind: 'jurisdiction', name: '南昌', code: '360100', matchedName: '南昌市', rows: 1 },
    ])
    expect(res.body.errors).toEqual([
      {
        row: 4,
        column: '指标名称',
        code: 'unknown_indicator',
        message: expect.stringMatching(
          new RegExp(
            `^未找到名为「${escapeRegExp(truncated())}」的指标,相近的有:.*「${escapeRegExp(ind.name)}」\\(${escapeRegExp(ind.code)}\\)`,
          ),
        ),
      },
      {
        row: 5,
        column: '地区',
        code: 'unknown_jurisdiction',
        message: '未找到名为「火星市」的地区,请核对名称或改用行政区划代码',
      },
    ])
  })

  it('says a row names no indicator when its name cell is empty, rather than calling an empty code malformed', async () => {
    const res = await send<SubmissionPreview>(
      '/api/v1/submissions/preview',
      ['地区,指标名称,统计期,数值', '南昌市,,2024年第一季度,80'].join('\n'),
    )
    expect(res.status).toBe(200)
    expect(res.body.errors).toEqual([
      { row: 2, column: expect.any(String), code: 'missing_indicator', message: '未填写指标:请填写指标编码或指标名称' },
    ])
  })

  it('stores the matched rows for the matched indicator and place when the same sheet is uploaded', async () => {
    const accepted = await send<SubmissionAccepted>('/api/v1/submissions/upload', sheet())
    expect(accepted.status).toBe(202)
    const sub = await waitProcessed<Submission>(api(), accepted.body.id)
    expect(sub).toMatchObject({ state: 'processed', acceptedCount: 2, rejectedCount: 2 })
    expect(sub.errors.map((e) => [e.row, e.code])).toEqual([
      [4, 'unknown_indicator'],
      [5, 'unknown_jurisdiction'],
    ])
    const stored = await ctx.handle.db
      .selectFrom('observations')
      .select(['indicator_id', 'jurisdiction_code', 'period_key', 'value'])
      .where('submission_id', '=', accepted.body.id)
      .orderBy('period_key')
      .execute()
    expect(stored).toEqual([
      { indicator_id: ind.id, jurisdiction_code: '360100', period_key: '2023-Q4', value: 75 },
      { indicator_id: ind.id, jurisdiction_code: '360100', period_key: '2024-Q1', value: 80 },
    ])
  })

  it('refuses a name two of the department’s indicators share, naming both codes', async () => {
    // Two plans of one place can list an indicator of the same name: the place cannot tell them apart.
    await ctx.handle.db.updateTable('indicators').set({ name: ind.name }).where('id', '=', other.id).execute()
    const res = await send<SubmissionPreview>(
      '/api/v1/submissions/preview',
      ['地区,指标名称,统计期,数值', `南昌市,${ind.name},2024-Q1,81`].join('\n'),
    )
    const codes = [ind, other].sort((a, b) => a.id - b.id).map((i) => i.code)
    expect(res.body.rows).toEqual([])
    expect(res.body.matches).toEqual([])
    expect(res.body.errors).toEqual([
      {
        row: 2,
        column: '指标名称',
        code: 'ambiguous_indicator',
        message: `指标名称「${ind.name}」对应多个指标:${codes.join('、')},请改用指标编码`,
      },
    ])
    // The code still says which one: a file with 指标编码 goes through.
    const byCode = await send<SubmissionPreview>(
      '/api/v1/submissions/preview',
      ['指标编码,地区,统计期,数值', `${ind.code},南昌市,2024-Q2,81`].join('\n'),
    )
    expect(byCode.body.errors).toEqual([])
    expect(byCode.body.rows.map((r) => [r.indicatorCode, r.jurisdictionCode])).toEqual([[ind.code, '360100']])
  })
})

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
