import type { TaskCompletionAccepted, TaskSummary } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, loginClient } from './testing/http.js'
import { createUser, departmentToken } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

const NOW = new Date('2024-06-30T04:00:00Z')

/** A sheet's rows as text, each with the sheet's own row number. */
const rowsOf = (sheet: ExcelJS.Worksheet) => {
  const out: { n: number; cells: string[] }[] = []
  sheet.eachRow((row, n) =>
    out.push({
      n,
      cells: (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))),
    }),
  )
  return out
}

// 扬州's 2023 plan: every task and milestone fell due on 2023-12-31. At the end of March 2024 one
// milestone was verified complete on time, one late, and one whose completion came only in May.
describe.each(testDatabases())('the monthly bulletin’s 重点任务 sheet on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let admin: Awaited<ReturnType<typeof loginClient>>
  let sheet: ExcelJS.Worksheet
  let summary: TaskSummary

  const taskId = async (key: string) =>
    (
      await ctx.handle.db
        .selectFrom('tasks as t')
        .innerJoin('plans as p', 'p.id', 't.plan_id')
        .select('t.id')
        .where('p.key', '=', 'yangzhou-2023')
        .where('t.key', '=', key)
        .executeTakeFirstOrThrow()
    ).id

  beforeAll(async () => {
    ctx = await seededApp(target, { now: () => NOW })
    await createUser(ctx.handle.db, { username: 'bt-admin', password: 'admin pass 1', role: 'admin' })
    admin = await loginClient(ctx.app, 'bt-admin', 'admin pass 1')
    const lead = client(ctx.app, { token: (await departmentToken(ctx.handle.db, '321000', 'dsjglj')).token })
    for (const [key, completedOn] of [
      ['m03-lnrzq', '2023-12-20'],
      ['m04-wwaqbf', '2024-02-10'],
      ['m05-zrqd', '2024-05-15'],
    ] as const) {
      const claim = await lead.post<TaskCompletionAccepted>(`/api/v1/tasks/${await taskId(key)}/completion`, {
        completedOn,
        note: '已完成',
      })
      expect(claim.status).toBe(201)
      expect((await admin.post(`/api/v1/task-completions/${claim.body.completion.id}/approve`, {})).status).toBe(200)
    }
    const res = await ctx.app.request('/api/v1/reports/bulletin?month=2024-03&jurisdiction=321000', {
      headers: { cookie: admin.auth.cookie },
    })
    expect(res.status).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await res.arrayBuffer())
    expect(wb.worksheets.map((s) => s.name)).toEqual(['概览', '指标明细', '逾期报送', '部门报送', '重点任务'])
    sheet = wb.getWorksheet('重点任务')!
    summary = (await admin.get<TaskSummary>('/api/v1/tasks/summary?jurisdiction=321000&asOf=2024-03-31&limit=100')).body
  })
  afterAll(async () => {
    await ctx?.close()
  })

  it('counts by pillar what the 督办 summary counts at the month end, with a total', async () => {
    const rows = rowsOf(sheet)
    const header = rows.findIndex((r) => r.cells[0] === '行政区划' && r.cells[2] === '板块')
    const total = rows.findIndex((r) => r.cells[0] === '合计')
    const pillars = rows.slice(header + 1, total).map((r) => [r.cells[2], ...r.cells.slice(3, 7).map(Number)])
    expect(pillars).toEqual(summary.byPillar.map((p) => [p.pillarName, p.total, p.completed, p.onTime, p.overdue]))
    expect(rows[total]!.cells.slice(3, 7).map(Number)).toEqual([
      summary.overall.total,
      summary.overall.completed,
      summary.overall.onTime,
      summary.overall.overdue,
    ])
    // One on time, one late; the completion dated in May was not known at the end of March.
    expect(summary.overall).toMatchObject({ completed: 2, onTime: 1 })
    expect(summary.overall.overdue).toBe(summary.overall.total - 2)
  })

  it('counts by lead department', async () => {
    const rows = rowsOf(sheet)
    const header = rows.findIndex((r) => r.cells[1] === '牵头单位' && r.cells[3] === '任务和节点数')
    const departments = rows
      .slice(header + 1, header + 1 + summary.byDepartment.length)
      .map((r) => [r.cells[1], ...r.cells.slice(3, 7).map(Number)])
    expect(departments).toEqual(
      summary.byDepartment.map((d) => [d.departmentName, d.total, d.completed, d.onTime, d.overdue]),
    )
  })

  it('lists every item overdue at the month end with its days overdue and lead department, most overdue first', async () => {
    const rows = rowsOf(sheet)
    const title = rows.findIndex((r) => r.cells[0]?.startsWith('三、逾期未完成'))
    const header = rows[title + 1]!.cells
    expect(header).toEqual([
      '行政区划',
      '牵头单位',
      '任务或节点',
      '编号',
      '类型',
      '完成时限',
      '逾期天数',
      '最新进展',
      '规划',
    ])
    const overdue = rows.slice(title + 2).map((r) => Object.fromEntries(header.map((h, i) => [h, r.cells[i] ?? ''])))
    expect(overdue).toHaveLength(summary.overall.overdue)
    const titleOf = async (key: string) =>
      (
        await ctx.handle.db
          .selectFrom('tasks')
          .select('title')
          .where('id', '=', await taskId(key))
          .executeTakeFirstOrThrow()
      ).title
    const [doneLater, onTime, late] = [
      await titleOf('m05-zrqd'),
      await titleOf('m03-lnrzq'),
      await titleOf('m04-wwaqbf'),
    ]
    expect(overdue.find((r) => r.任务或节点 === doneLater)).toMatchObject({
      行政区划: '扬州市',
      牵头单位: '市大数据管理局',
      类型: '节点',
      完成时限: '2023-12-31',
      逾期天数: '91',
      最新进展: '未报送',
    })
    expect(overdue.some((r) => r.任务或节点 === onTime || r.任务或节点 === late)).toBe(false)
    const days = overdue.map((r) => Number(r.逾期天数))
    expect(days).toEqual([...days].sort((a, b) => b - a))
  })
})
