import type { SubmissionAccepted } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { runReportingCycle } from '@cockpit/services/reporting'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type client, loginClient, waitProcessed } from './testing/http.js'
import { createStaff, departmentReporter } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

const NOW = new Date('2024-06-30T04:00:00Z')

describe.each(testDatabases())('monthly bulletin export on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let reporter: ReturnType<typeof client>
  const login = async (username: string, password: string) => (await loginClient(ctx.app, username, password)).auth
  const download = (auth: { cookie: string }, query: string) =>
    ctx.app.request(`/api/v1/reports/bulletin?${query}`, { headers: { cookie: auth.cookie } })
  const rowsOf = (sheet: ExcelJS.Worksheet) => {
    const out: string[][] = []
    sheet.eachRow((row) =>
      out.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))),
    )
    return out
  }

  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true, now: () => NOW })
    reporter = (await departmentReporter(ctx, '360100', 'szsj')).api
    await createStaff(ctx.handle.db, 'b')
    // 市政数局 reports 上云率 for 2024 Q1 well ahead of its path, and never reports 用证率 (monthly).
    const sent = await reporter.post<SubmissionAccepted>('/api/v1/submissions', {
      items: [{ indicator: 'nanchang-2023/fsm-zwxt-sly', period: '2024-Q1', value: 60 }],
    })
    expect(sent.status).toBe(202)
    expect((await waitProcessed(reporter, sent.body.id)).state).toBe('processed')
    await runReportingCycle(ctx.handle.db, { now: NOW })
  })
  afterAll(async () => {
    await ctx?.close()
  })

  it('downloads the bulletin as an xlsx named in Chinese, with the sheets a person sends on', async () => {
    const manager = await login('b-manager', 'manager pass 1')
    const res = await download(manager, 'month=2024-03&jurisdiction=360100')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    const disposition = res.headers.get('content-disposition') ?? ''
    expect(disposition).toContain(
      `filename*=UTF-8''${encodeURIComponent('数字政府建设指标月度通报-南昌市-2024年03月.xlsx')}`,
    )
    expect(disposition).toContain('filename="bulletin-360100-2024-03.xlsx"')

    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await res.arrayBuffer())
    expect(wb.worksheets.map((s) => s.name)).toEqual(['概览', '指标明细', '逾期报送', '部门报送', '重点任务'])
    // The indicator sheets are one table each; 重点任务 (three tables) has its own test.
    for (const s of wb.worksheets.slice(0, 4)) {
      expect(s.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 })
      expect(s.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, printTitlesRow: '1:3' })
      expect(s.getCell('A3').font?.bold).toBe(true)
      expect(s.autoFilter).toBeTruthy()
    }

    const overview = wb.getWorksheet('概览')!
    expect(String(overview.getCell('A1').value)).toContain('南昌市 2024年03月')
    expect(String(overview.getCell('A2').value)).toContain('统计截至:2024-03-31')
    const nanchang = rowsOf(overview).find((r) => r[0] === '南昌市')!
    expect(Number(nanchang[1])).toBeGreaterThan(10)

    // The seeded indicator with the reported value: its target wording, value, period and status at 31 March.
    const detail = wb.getWorksheet('指标明细')!
    const header = rowsOf(detail)[2]!
    const idx = (name: string) => header.indexOf(name)
    const rowNo = rowsOf(detail).findIndex((r) => r[idx('指标名称')] === '非涉密政务系统上云率') + 1
    expect(rowNo).toBeGreaterThan(3)
    const row = detail.getRow(rowNo)
    const cell = (name: string) => row.getCell(idx(name) + 1)
    expect(cell('牵头单位').value).toBe('市政数局')
    expect(cell('目标').value).toBe('≥80%(2025年)')
    expect(cell('最新值').value).toBe(60)
    expect(cell('最新值').numFmt).toContain('"%"')
    expect(cell('统计期').value).toBe('2024年第一季度')
    expect(cell('状态').value).toBe('进度正常')
    expect(cell('状态').fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFDDEBF7' } })
    expect(typeof cell('序时进度').value).toBe('number')
    expect(cell('差距').value as number).toBeGreaterThan(0)

    // The monthly 用证率 nobody reported: February's report was due before 31 March.
    const overdue = rowsOf(wb.getWorksheet('逾期报送')!)
    const oh = overdue[2]!
    const feb = overdue.find(
      (r) => r[oh.indexOf('指标名称')] === '政务服务电子证照用证率' && r[oh.indexOf('统计期')] === '2024年2月',
    )
    expect(feb).toBeDefined()
    expect(feb![oh.indexOf('责任单位')]).toBe('市政数局')
    expect(Number(feb![oh.indexOf('逾期天数')])).toBeGreaterThan(0)
    expect(
      overdue.some(
        (r) => r[oh.indexOf('指标名称')] === '非涉密政务系统上云率' && r[oh.indexOf('统计期')] === '2024年第一季度',
      ),
    ).toBe(false)

    const departments = rowsOf(wb.getWorksheet('部门报送')!)
    expect(departments[2]).toEqual([
      '排名',
      '责任单位',
      '行政区划',
      '应报',
      '按时报送',
      '逾期报送',
      '缺报',
      '按时报送率',
    ])
    expect(departments.some((r) => r[1] === '市政数局')).toBe(true)
  })

  it('lets an admin export any jurisdiction and refuses a manager of another one and anonymous callers', async () => {
    const admin = await login('b-admin', 'admin pass 1')
    expect((await download(admin, 'month=2024-03&jurisdiction=321000')).status).toBe(200)
    const other = await login('b-other', 'other pass 1')
    const refused = await download(other, 'month=2024-03&jurisdiction=360100')
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as { message: string }).message).toContain('南昌市')
    expect((await ctx.app.request('/api/v1/reports/bulletin?month=2024-03&jurisdiction=360100')).status).toBe(401)
    expect((await reporter.get('/api/v1/reports/bulletin?month=2024-03&jurisdiction=360100')).status).toBe(403)
  })

  it('explains in Chinese that month 2024-13 is not a month', async () => {
    const admin = await login('b-admin', 'admin pass 1')
    const res = await download(admin, 'month=2024-13&jurisdiction=360100')
    expect(res.status).toBe(400)
    const body = (await res.json()) as { code: string; message: string; requestId: string }
    expect(body.code).toBe('invalid_request')
    expect(body.message).toContain('查询参数 month')
    expect(body.message).toContain('01 到 12')
    expect(body.requestId).not.toBe('')
  })
})
