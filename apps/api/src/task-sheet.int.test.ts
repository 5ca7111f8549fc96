// Processed here on the calling thread: the test drives the service directly, without the worker's pool.
import { readUpload } from '@cockpit/tabular'
import type { Submission, SubmissionAccepted, SubmissionPreview, TaskDetail } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { processSubmission } from '@cockpit/services/pipeline'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, loginClient, waitProcessed } from './testing/http.js'
import { createUser, departmentToken } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

// 2024-06-30 12:00 in Beijing: May's reports were due by 10 June, so June is the period now due.
const NOW = new Date('2024-06-30T04:00:00Z')

describe.each(testDatabases())('the 任务进展 sheet of the Excel template on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let dept: Awaited<ReturnType<typeof departmentToken>>
  let template: Uint8Array
  const api = () => client(ctx.app, { token: dept.token })
  const db = () => ctx.handle.db

  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true, now: () => NOW })
    dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
    const res = await ctx.app.request(`/api/v1/departments/${dept.departmentId}/template`, {
      headers: { authorization: `Bearer ${dept.token}` },
    })
    expect(res.status).toBe(200)
    template = new Uint8Array(await res.arrayBuffer())
  })
  afterAll(async () => {
    await ctx?.close()
  })

  const load = async (bytes: Uint8Array) => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
    return wb
  }
  /** The sheet's data rows by task code, and the column numbers by header (without the * marker). */
  const taskSheet = (wb: ExcelJS.Workbook) => {
    const sheet = wb.getWorksheet('任务进展')!
    const col: Record<string, number> = {}
    sheet.getRow(3).eachCell((cell, n) => {
      col[String(cell.value).replace(/\*$/, '')] = n
    })
    const rowOf = new Map<string, number>()
    sheet.eachRow((row, n) => {
      if (n > 3) rowOf.set(String(row.getCell(col.任务编码!).value), n)
    })
    return { sheet, col, rowOf }
  }
  const taskId = async (plan: string, key: string) =>
    (
      await db()
        .selectFrom('tasks as t')
        .innerJoin('plans as p', 'p.id', 't.plan_id')
        .select('t.id')
        .where('p.key', '=', plan)
        .where('t.key', '=', key)
        .executeTakeFirstOrThrow()
    ).id
  const progressCount = async () =>
    Number(
      (
        await db()
          .selectFrom('task_progress')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const send = async <T>(path: string, bytes: Uint8Array, extra: Record<string, string> = {}, as = api()) => {
    const form = new FormData()
    form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], '南昌市政数局-填报.xlsx'))
    for (const [k, v] of Object.entries(extra)) form.set(k, v)
    return as.upload<T>(path, form)
  }

  /**
   * The template filled in as a department would: one indicator value; on 任务进展 a good report, then
   * one mistake per row (滞后 without a reason, percent 120, an unknown stage, a future period), and a
   * row added for another city's task. The other pre-filled rows are left blank.
   */
  const mixedWorkbook = async (progress = '完成外网核心节点改造') => {
    const wb = await load(template)
    const fill = wb.getWorksheet('填报')!
    fill.getCell('F4').value = 12
    const last = fill.rowCount
    for (let n = last; n > 4; n--) fill.spliceRows(n, 1)
    const { sheet, col, rowOf } = taskSheet(wb)
    const set = (code: string, values: Record<string, string | number>) => {
      const r = rowOf.get(code)!
      for (const [h, v] of Object.entries(values)) sheet.getRow(r).getCell(col[h]!).value = v
      return r
    }
    const rows = {
      good: set('nanchang-2023/t1-1', {
        进展阶段: '推进中',
        完成百分比: 60,
        进展情况: progress,
        下步计划: '推进村(社区)接入',
      }),
      noReason: set('nanchang-2023/t1-2', { 进展阶段: '滞后', 进展情况: '迁移进度慢于计划' }),
      percent: set('nanchang-2023/t1-3', { 进展阶段: '推进中', 完成百分比: 120, 进展情况: '已接入' }),
      stage: set('nanchang-2023/t2-1', { 进展阶段: '差不多了', 进展情况: '基本完成' }),
      future: set('nanchang-2023/t2-2', { 报告期: '2024年8月', 进展阶段: '推进中', 进展情况: '提前报送' }),
    }
    const foreign = sheet.rowCount + 1
    sheet.getRow(foreign).getCell(col.任务编码!).value = 'yangzhou-2023/m02-gdxt'
    sheet.getRow(foreign).getCell(col.报告期!).value = '2024年6月'
    sheet.getRow(foreign).getCell(col.进展阶段!).value = '推进中'
    sheet.getRow(foreign).getCell(col.进展情况!).value = '代为报送'
    return { bytes: new Uint8Array(await wb.xlsx.writeBuffer()), rows: { ...rows, foreign } }
  }

  it('lists every task and milestone the department leads or cooperates on and has not completed, for the period due now', async () => {
    const wb = await load(template)
    expect(wb.worksheets.map((s) => s.name)).toEqual(['填报', '任务进展', '说明'])
    const { sheet, col, rowOf } = taskSheet(wb)
    const linked = await db()
      .selectFrom('task_departments as l')
      .innerJoin('tasks as t', 't.id', 'l.task_id')
      .innerJoin('plans as p', 'p.id', 't.plan_id')
      .select(['p.key as plan', 't.key', 'l.role'])
      .where('l.department_id', '=', dept.departmentId)
      .where('t.completed_on', 'is', null)
      .execute()
    expect(linked.length).toBeGreaterThan(10)
    expect([...rowOf.keys()].sort()).toEqual(linked.map((t) => `${t.plan}/${t.key}`).sort())
    const roles = new Set<unknown>()
    const periods = new Set<unknown>()
    sheet.eachRow((row, n) => {
      if (n <= 3) return
      roles.add(row.getCell(col.本单位角色!).value)
      periods.add(row.getCell(col.报告期!).value)
      expect(row.getCell(col.进展阶段!).dataValidation).toMatchObject({
        type: 'list',
        formulae: ['"未启动,推进中,已完成,滞后,暂缓"'],
      })
    })
    expect(periods).toEqual(new Set(['2024年6月']))
    expect([...roles].every((r) => r === '牵头' || r === '配合')).toBe(true)
  })

  it('previews a mixed workbook: the good task row, and each bad one with its sheet, row, column and why, storing nothing', async () => {
    const { bytes, rows } = await mixedWorkbook()
    const before = await progressCount()
    const res = await send<SubmissionPreview>('/api/v1/submissions/preview', bytes)
    expect(res.status).toBe(200)
    expect(res.body.rows).toHaveLength(1)
    expect(res.body.taskRows).toEqual([
      expect.objectContaining({
        row: rows.good,
        taskCode: 'nanchang-2023/t1-1',
        role: 'lead',
        periodKey: '2024-06',
        periodLabel: '2024年6月',
        stage: 'in-progress',
        stageLabel: '推进中',
        percent: 60,
        outcome: 'new',
      }),
    ])
    expect(res.body.tasks).toEqual({ itemCount: 6, newCount: 1, unchangedCount: 0, rejectedCount: 5 })
    expect(res.body).toMatchObject({ itemCount: 7, newCount: 2, rejectedCount: 5 })
    const taskErrors = res.body.errors.filter((e) => e.sheet === '任务进展').map((e) => [e.row, e.column, e.code])
    expect(taskErrors).toEqual([
      [rows.noReason, '滞后或暂缓原因', 'missing_reason'],
      [rows.percent, '完成百分比', 'bad_percent'],
      [rows.stage, '进展阶段', 'bad_stage'],
      [rows.future, '报告期', 'bad_period'],
      [rows.foreign, '任务编码', 'not_linked'],
    ])
    const message = (row: number) => res.body.errors.find((e) => e.row === row && e.sheet === '任务进展')!.message
    expect(message(rows.noReason)).toBe('进展阶段为滞后或暂缓时必须说明原因')
    expect(message(rows.future)).toContain('2024年8月 尚未开始')
    expect(message(rows.foreign)).toContain('本单位不是任务')
    expect(res.body.warnings.some((w) => w.startsWith('工作表「任务进展」:') && w.includes('行未填写'))).toBe(true)
    expect(await progressCount()).toBe(before)
  })

  it('reads a workbook without the 任务进展 sheet exactly as before: value rows only', async () => {
    const wb = await load((await mixedWorkbook()).bytes)
    wb.removeWorksheet(wb.getWorksheet('任务进展')!.id)
    const res = await send<SubmissionPreview>(
      '/api/v1/submissions/preview',
      new Uint8Array(await wb.xlsx.writeBuffer()),
    )
    expect(res.body).toMatchObject({
      itemCount: 1,
      newCount: 1,
      rejectedCount: 0,
      taskRows: [],
      tasks: { itemCount: 0, newCount: 0, unchangedCount: 0, rejectedCount: 0 },
      errors: [],
      warnings: [],
    })
  })

  it('commits the same workbook: the errors the preview showed, the good row a progress report on the task', async () => {
    const { bytes, rows } = await mixedWorkbook()
    const previewed = (await send<SubmissionPreview>('/api/v1/submissions/preview', bytes)).body
    const accepted = await send<SubmissionAccepted>('/api/v1/submissions/upload', bytes)
    expect(accepted.status).toBe(202)
    const sub = await waitProcessed<Submission>(api(), accepted.body.id)
    expect(sub).toMatchObject({
      state: 'processed',
      itemCount: 7,
      acceptedCount: previewed.newCount,
      rejectedCount: previewed.rejectedCount,
    })
    expect(sub.errors).toEqual(previewed.errors)

    const id = await taskId('nanchang-2023', 't1-1')
    const stored = await db().selectFrom('task_progress').selectAll().where('task_id', '=', id).execute()
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({
      department_id: dept.departmentId,
      role: 'lead',
      period_key: '2024-06',
      stage: 'in-progress',
      percent: 60,
      progress: '完成外网核心节点改造',
      next_steps: '推进村(社区)接入',
      problems: null,
      token_id: dept.tokenId,
      idempotency_key: `upload:${sub.id}:row:${rows.good}`,
    })
    const task = await api().get<TaskDetail>(`/api/v1/tasks/${id}`)
    expect(task.body.latestProgress).toMatchObject({ stage: 'in-progress', percent: 60, periodKey: '2024-06' })
    const audited = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'task')
      .where('entity_id', '=', String(id))
      .execute()
    expect(audited.map((a) => a.action)).toContain('task.progress')
  })

  it('neither a retried commit nor a re-upload of the same file adds a revision', async () => {
    const { bytes } = await mixedWorkbook('完成全部县区节点改造')
    const first = await waitProcessed<Submission>(
      api(),
      (await send<SubmissionAccepted>('/api/v1/submissions/upload', bytes)).body.id,
    )
    expect(first.acceptedCount).toBeGreaterThanOrEqual(1)
    const count = await progressCount()

    // The worker died after the task rows were reported, before the values' transaction committed: it runs again.
    await db().deleteFrom('observations').where('submission_id', '=', first.id).execute()
    await db().updateTable('submissions').set({ state: 'received' }).where('id', '=', first.id).execute()
    await processSubmission(db(), first.id, { now: NOW, asOf: '2024-06-30', readUpload })
    const retried = await waitProcessed<Submission>(api(), first.id)
    expect(await progressCount()).toBe(count)
    expect(retried.errors).toEqual(first.errors)
    // The replayed report counts as accepted again, not as a repeat of itself.
    expect(retried).toMatchObject({ acceptedCount: first.acceptedCount, unchangedCount: first.unchangedCount })

    // The same file once more is a new submission whose report equals the one in force: unchanged.
    const again = await send<SubmissionPreview>('/api/v1/submissions/preview', bytes)
    expect(again.body.taskRows.map((r) => r.outcome)).toEqual(['unchanged'])
    const second = await waitProcessed<Submission>(
      api(),
      (await send<SubmissionAccepted>('/api/v1/submissions/upload', bytes)).body.id,
    )
    expect(second.state).toBe('processed')
    expect(second.unchangedCount).toBeGreaterThanOrEqual(1)
    expect(await progressCount()).toBe(count)
  })

  it('under all-or-nothing stores neither values nor reports when a task row is bad, and says how many rows were', async () => {
    const { bytes } = await mixedWorkbook()
    const count = await progressCount()
    const sub = await waitProcessed<Submission>(
      api(),
      (await send<SubmissionAccepted>('/api/v1/submissions/upload', bytes, { allOrNothing: 'true' })).body.id,
    )
    expect(sub).toMatchObject({ state: 'processed', acceptedCount: 0, rejectedCount: 7 })
    expect(sub.errors.at(-1)).toMatchObject({
      row: 0,
      code: 'all_or_nothing',
      message: expect.stringContaining('有5行错误'),
    })
    expect(await progressCount()).toBe(count)
    expect(await db().selectFrom('observations').select('id').where('submission_id', '=', sub.id).execute()).toEqual([])
  })

  it('refuses task rows in an administrator’s upload, which names no department to report for', async () => {
    await createUser(db(), { username: 'sheet-admin', password: 'admin pass 1', role: 'admin' })
    const admin = await loginClient(ctx.app, 'sheet-admin', 'admin pass 1')
    const { bytes, rows } = await mixedWorkbook()
    const res = await send<SubmissionPreview>('/api/v1/submissions/preview', bytes, {}, admin)
    expect(res.body.taskRows).toEqual([])
    expect(res.body.errors.find((e) => e.row === rows.good && e.sheet === '任务进展')).toMatchObject({
      code: 'no_department',
    })
  })
})
