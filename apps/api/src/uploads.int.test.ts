import type { Submission, SubmissionAccepted } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, waitProcessed } from './testing/http.js'
import { departmentToken, quarterlyPercentCode } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

describe.each(testDatabases())('uploading spreadsheets on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let dept: Awaited<ReturnType<typeof departmentToken>>
  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true })
    dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
  })
  afterAll(async () => {
    await ctx?.close()
  })
  const api = () => client(ctx.app, { token: dept.token })
  const processed = (id: string) => waitProcessed<Submission>(api(), id)
  const upload = async (bytes: Uint8Array, name: string, extra: Record<string, string> = {}) => {
    const form = new FormData()
    form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name))
    for (const [k, v] of Object.entries(extra)) form.set(k, v)
    return api().upload<SubmissionAccepted & { code?: string; message?: string }>('/api/v1/submissions/upload', form)
  }

  it('round-trips the department template: good rows land, a bad row is reported with its row and column', async () => {
    const res = await ctx.app.request(`/api/v1/departments/${dept.departmentId}/template`, {
      headers: { authorization: `Bearer ${dept.token}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await res.arrayBuffer())
    const sheet = wb.getWorksheet('填报')!
    let header = 0
    const columnOf = (title: string) => {
      let col = -1
      sheet.getRow(header).eachCell((cell, n) => {
        if (cell.text.startsWith(title)) col = n
      })
      return col
    }
    sheet.eachRow((row, n) => {
      let hit = false
      row.eachCell((cell) => {
        if (cell.text.startsWith('数值')) hit = true
      })
      if (!header && hit) header = n
    })
    expect(header).toBeGreaterThan(0)
    const valueCol = columnOf('数值')
    const dataRows: number[] = []
    sheet.eachRow((_row, n) => {
      if (n > header) dataRows.push(n)
    })
    expect(dataRows.length).toBeGreaterThan(2)
    sheet.getRow(dataRows[0]!).getCell(valueCol).value = 12
    sheet.getRow(dataRows[1]!).getCell(valueCol).value = '暂无'
    sheet.getRow(dataRows[2]!).getCell(valueCol).value = 13
    const noteCol = columnOf('备注')
    sheet.getRow(dataRows[2]!).getCell(noteCol).value = '<script>alert(1)</script>'
    // Rows left empty are not submissions of anything: strip them so the counts below are exact.
    for (const n of dataRows.slice(3).reverse()) sheet.spliceRows(n, 1)
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer())

    const accepted = await upload(bytes, '填报.xlsx')
    expect(accepted.status).toBe(202)
    const sub = await processed(accepted.body.id)
    expect(sub.state).toBe('processed')
    expect(sub.acceptedCount + sub.unchangedCount + sub.rejectedCount).toBe(sub.itemCount)
    expect(sub.acceptedCount).toBeGreaterThanOrEqual(1)
    const bad = sub.errors.find((e) => e.row === dataRows[1])
    expect(bad).toMatchObject({ column: '数值', code: 'bad_value' })
    const notes = await ctx.handle.db
      .selectFrom('observations')
      .select('note')
      .where('submission_id', '=', sub.id)
      .execute()
    expect(notes.map((n) => n.note)).toContain('<script>alert(1)</script>')
  })

  it('reads a GBK-encoded CSV with Chinese headers, a title row, full-width digits and blank rows', async () => {
    const code = await quarterlyPercentCode(ctx.handle.db, dept.departmentId, { anyReview: true })
    const csv = [
      '南昌市指标填报表,,,',
      '指标编码,行政区划代码,统计期,数值,备注',
      `${code},360100,2024年第一季度,８０％,按季度统计`,
      ',,,,',
      `${code},360100,2023年第四季度,0.75,`,
    ].join('\r\n')
    const sub = await processed((await upload(new Uint8Array(iconv.encode(csv, 'gbk')), 'report.csv')).body.id)
    expect(sub).toMatchObject({ state: 'processed', acceptedCount: 2, rejectedCount: 0 })
    const values = await ctx.handle.db
      .selectFrom('observations')
      .select(['period_key', 'value'])
      .where('submission_id', '=', sub.id)
      .orderBy('period_key')
      .execute()
    expect(values).toEqual([
      { period_key: '2023-Q4', value: 75 },
      { period_key: '2024-Q1', value: 80 },
    ])
  })

  it('marks an unreadable file failed with a clear reason, and refuses an oversized one with 413', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52])
    const sub = await processed((await upload(png, 'photo.xlsx')).body.id)
    expect(sub.state).toBe('failed')
    expect(sub.errors[0]!.message.length).toBeGreaterThan(4)
    const huge = await upload(new Uint8Array(11 * 1024 * 1024).fill(65), 'huge.csv')
    expect(huge.status).toBe(413)
    expect(huge.body.code).toBe('too_large')
  })

  it('answers 404 for another department’s template, as for anything outside the caller’s scope', async () => {
    const other = await ctx.handle.db
      .selectFrom('departments')
      .select('id')
      .where('id', '<>', dept.departmentId)
      .executeTakeFirstOrThrow()
    const res = await ctx.app.request(`/api/v1/departments/${other.id}/template`, {
      headers: { authorization: `Bearer ${dept.token}` },
    })
    expect(res.status).toBe(404)
  })
})
