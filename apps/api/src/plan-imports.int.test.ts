import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PlanImportCommitResult, PlanImportDraft, PlanProposal } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { zipOf } from '@cockpit/plan-import/testing'
import { defaultSourceDir } from '@cockpit/seeds'
import { tinyPdf } from '@cockpit/tabular/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginClient } from './testing/http.js'
import { donghuPlan } from './testing/plan-documents.js'
import { createUser } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

type Err = { code: string; message: string }
const seedText = (file: string) => readFileSync(join(defaultSourceDir, file))
const proposed = (d: PlanImportDraft) => d.proposals.filter((p) => p.state === 'new' || p.state === 'changed')
const value = <T = Record<string, unknown>>(p: PlanProposal) => p.value as T

describe.each(testDatabases())('plan import (规划导入) on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let admin: Awaited<ReturnType<typeof loginClient>>
  beforeAll(async () => {
    ctx = await seededApp(target)
    await createUser(ctx.handle.db, { username: 'import-admin', password: 'import admin pass', role: 'admin' })
    admin = await loginClient(ctx.app, 'import-admin', 'import admin pass')
  }, 60_000)
  afterAll(async () => ctx?.close())

  const upload = async <T = PlanImportDraft>(name: string, bytes: Uint8Array | string) => {
    const form = new FormData()
    form.set('file', new File([typeof bytes === 'string' ? bytes : Buffer.from(bytes)], name))
    return admin.upload<T>('/api/v1/admin/plan-imports', form)
  }
  const decide = (id: number, items: { id: string; decision?: string; edits?: unknown }[]) =>
    admin.send<PlanImportDraft & Err>('PATCH', `/api/v1/admin/plan-imports/${id}/proposals`, { items })
  const commit = (id: number) => admin.post<PlanImportCommitResult & Err>(`/api/v1/admin/plan-imports/${id}/commit`, {})

  let firstImport: PlanImportDraft

  it('reads a plan into proposals beside its text: each with its source span and quote, none stored yet', async () => {
    const res = await upload('东湖区2024年工作要点.txt', donghuPlan())
    expect(res.status).toBe(201)
    const d = res.body
    firstImport = d
    expect(d).toMatchObject({ status: 'draft', format: 'txt', plan: null })
    const kinds = new Set(d.proposals.map((p) => p.kind))
    expect([...kinds].sort()).toEqual(['department', 'milestone', 'pillar', 'plan', 'target', 'task'])
    expect(d.proposals.every((p) => p.state === 'new' && p.decision === 'pending')).toBe(true)
    expect(d.counts).toMatchObject({ proposed: d.proposals.length, unchanged: 0 })
    const plan = d.proposals.find((p) => p.kind === 'plan')!
    expect(plan.value).toMatchObject({
      title: '东湖区数字政府建设2024年工作要点',
      docNumber: '东府办发〔2024〕3号',
      issuedOn: '2024-02-20',
      startYear: 2024,
      endYear: 2024,
    })
    const online = d.proposals.find((p) => p.kind === 'target' && value(p).indicator === '政务服务事项网上可办率')!
    expect(online.value).toMatchObject({ unit: '%', measure: 'percent', comparator: 'gte', value: 98, year: 2024 })
    // The quote is where the source says, so the page can highlight it.
    for (const p of d.proposals.filter((x) => x.kind === 'target' || x.kind === 'task' || x.kind === 'department')) {
      const src = p.source
      const block = d.blocks.find((b) => b.index === (src.kind === 'paragraph' ? src.paragraph : src.table))
      expect(block?.kind === 'paragraph' ? block.text.slice(src.start, src.end) : null, p.id).toBe(p.quote)
    }
    const task = d.proposals.find((p) => p.kind === 'task' && value(p).title === '推进一件事一次办')!
    expect(task.value).toMatchObject({
      number: '3',
      lead: ['区行政审批局'],
      cooperating: ['区数据局', '区公安分局'],
      pillar: '提升政务服务',
    })
    expect(
      (await admin.get<{ items: { title: string }[] }>('/api/v1/plans')).body.items.map((p) => p.title),
    ).not.toContain('东湖区数字政府建设2024年工作要点')
  })

  it('checks edits against the kind of proposal, and unknown proposals and imports', async () => {
    const id = firstImport.id
    const target = firstImport.proposals.find((p) => p.kind === 'target')!
    const bad = await decide(id, [{ id: target.id, edits: { value: '很多' } }])
    expect(bad.status).toBe(400)
    expect(bad.body.message).toBe('请求体 items.0.edits.value: 目标值应为数字')
    const unknownField = await decide(id, [{ id: target.id, edits: { colour: 'red' } }])
    expect(unknownField.status).toBe(400)
    expect(unknownField.body.message).toContain('items.0.edits')
    expect((await decide(id, [{ id: 'task-0000000000', decision: 'accepted' }])).body.message).toBe(
      '请求体 items.0.id: 提议 task-0000000000 不在本次导入中',
    )
    expect(
      (
        await admin.send('PATCH', `/api/v1/admin/plan-imports/${id}/proposals/task-0000000000`, {
          decision: 'accepted',
        })
      ).status,
    ).toBe(404)
    expect((await admin.get(`/api/v1/admin/plan-imports/999999`)).status).toBe(404)
    const one = await admin.send<PlanProposal>('PATCH', `/api/v1/admin/plan-imports/${id}/proposals/${target.id}`, {
      decision: 'rejected',
    })
    expect(one).toMatchObject({ status: 200, body: { id: target.id, decision: 'rejected' } })
  })

  it('commits what was accepted, after the same checks as the admin API, into a plan tracked like a seeded one', async () => {
    const id = firstImport.id
    const plan = firstImport.proposals.find((p) => p.kind === 'plan')!
    // The importer matched 南昌市 (the text names it first); the reviewer corrects it to 东湖区.
    const junk = firstImport.proposals.filter(
      (p) =>
        p.kind === 'target' &&
        !['政务服务事项网上可办率', '电子证照共享应用率', '保留证明事项数', '高频事项一件事一次办数'].includes(
          value<{ indicator: string }>(p).indicator,
        ),
    )
    const online = firstImport.proposals.find(
      (p) => p.kind === 'target' && value(p).indicator === '政务服务事项网上可办率',
    )!
    const all = firstImport.proposals.map((p) => ({ id: p.id, decision: junk.includes(p) ? 'rejected' : 'accepted' }))
    expect((await decide(id, all)).status).toBe(200)
    expect(
      (
        await decide(id, [
          { id: plan.id, edits: { jurisdictionCode: '360102' } },
          { id: online.id, edits: { value: 120 } },
        ])
      ).status,
    ).toBe(200)

    const refused = await commit(id)
    expect(refused.status).toBe(400)
    expect(refused.body.message).toContain('有 1 条提议未通过校验')
    const withError = (await admin.get<PlanImportDraft>(`/api/v1/admin/plan-imports/${id}`)).body.proposals.find(
      (p) => p.id === online.id,
    )!
    expect(withError.error).toBe('value: 目标值百分比(percent)指标的数值应在0–100之间')
    expect((await admin.get<{ items: { title: string }[] }>('/api/v1/plans?jurisdiction=360102')).body.items).toEqual(
      [],
    )

    expect(
      (await decide(id, [{ id: online.id, edits: null }])).body.proposals.find((p) => p.id === online.id)!.error,
    ).toBeNull()
    const done = await commit(id)
    expect(done.status).toBe(201)
    expect(done.body).toMatchObject({ created: true, counts: { indicators: 4, targets: 4, tasks: 4 } })
    expect(done.body.draft.status).toBe('committed')

    const plans = (
      await admin.get<{ items: { key: string; title: string; jurisdictionCode: string; issuedOn: string }[] }>(
        '/api/v1/plans?jurisdiction=360102',
      )
    ).body.items
    expect(plans).toEqual([
      expect.objectContaining({
        key: done.body.planKey,
        title: '东湖区数字政府建设2024年工作要点',
        issuedOn: '2024-02-20',
      }),
    ])
    const indicators = (
      await admin.get<{
        items: { name: string; unit: string; direction: string; targets: { value: number; comparator: string }[] }[]
      }>(`/api/v1/indicators?plan=${done.body.planKey}`)
    ).body.items
    expect(indicators.map((i) => i.name).sort()).toEqual(
      ['保留证明事项数', '政务服务事项网上可办率', '电子证照共享应用率', '高频事项一件事一次办数'].sort(),
    )
    expect(indicators.find((i) => i.name === '保留证明事项数')).toMatchObject({
      direction: 'lower',
      targets: [expect.objectContaining({ comparator: 'lte', value: 0 })],
    })
    const tasks = (
      await admin.get<{ items: { title: string; kind: string; departments: { name: string; role: string }[] }[] }>(
        `/api/v1/tasks?plan=${done.body.planKey}`,
      )
    ).body.items
    const oneStop = tasks.find((t) => t.title === '推进一件事一次办')!
    expect(oneStop.departments.map((x) => `${x.role}:${x.name}`).sort()).toEqual([
      'cooperating:区公安分局',
      'cooperating:区数据局',
      'lead:区行政审批局',
    ])
    expect(tasks.filter((t) => t.kind === 'milestone').length).toBeGreaterThan(0)
    const audit = (
      await admin.get<{ items: { action: string; after: { importId: number } }[] }>(
        `/api/v1/audit?entity=plan&entityId=${done.body.planId}`,
      )
    ).body.items
    expect(audit).toEqual([
      expect.objectContaining({ action: 'plan.import.create', after: expect.objectContaining({ importId: id }) }),
    ])
    expect((await commit(id)).status).toBe(409)
    expect((await decide(id, [{ id: online.id, decision: 'rejected' }])).status).toBe(409)
  })

  it('proposes nothing new when the same file is imported again (what was rejected stays rejected)', async () => {
    const again = await upload('东湖区2024年工作要点.txt', donghuPlan())
    expect(again.status).toBe(201)
    expect(again.body.counts.proposed).toBe(0)
    expect(proposed(again.body)).toEqual([])
    expect(again.body.plan?.title).toBe('东湖区数字政府建设2024年工作要点')
    expect(
      again.body.proposals.filter((p) => p.state === 'rejected-before').map((p) => value(p).indicator),
    ).not.toContain('政务服务事项网上可办率')
    expect((await commit(again.body.id)).body.message).toContain('没有已接受的提议')
  })

  it('proposes only the differences of a revised document, and commits them into the same plan', async () => {
    const revised = await upload('东湖区2024年工作要点(修订).txt', donghuPlan({ onlineRate: 99, extraTask: true }))
    const diff = proposed(revised.body)
    const online = diff.find((p) => p.kind === 'target')!
    expect(online).toMatchObject({
      state: 'changed',
      value: expect.objectContaining({ indicator: '政务服务事项网上可办率', value: 99 }),
    })
    expect(diff.filter((p) => p.kind === 'target')).toHaveLength(1)
    expect(diff.filter((p) => p.kind === 'task').map((p) => value(p).title)).toEqual(['建设城市运行管理平台'])
    expect(diff.filter((p) => p.kind === 'department').map((p) => value(p).name)).toEqual(['区城管局'])
    expect(diff.some((p) => p.kind === 'plan' || p.kind === 'pillar')).toBe(false)
    await decide(
      revised.body.id,
      diff.map((p) => ({ id: p.id, decision: 'accepted' })),
    )
    const done = await commit(revised.body.id)
    expect(done.status).toBe(201)
    expect(done.body.created).toBe(false)
    expect((await admin.get<{ items: unknown[] }>('/api/v1/plans?jurisdiction=360102')).body.items).toHaveLength(1)
    const indicator = (
      await admin.get<{ items: { name: string; targets: { value: number }[] }[] }>(
        `/api/v1/indicators?plan=${done.body.planKey}`,
      )
    ).body.items.find((i) => i.name === '政务服务事项网上可办率')!
    expect(indicator.targets.map((t) => t.value)).toEqual([99])
  })

  it('compares a seed document with the seeded plan: the stored plan is found and what it holds is not proposed again', async () => {
    const res = await upload('大竹县数字政府建设三年行动方案.txt', seedText('003_2b40f101dbf8461e.txt'))
    expect(res.status).toBe(201)
    expect(res.body.jurisdiction).toEqual({ code: '511724', name: '大竹县' })
    expect(res.body.plan?.title).toContain('大竹县数字政府建设三年行动方案')
    expect(res.body.proposals.find((p) => p.kind === 'plan')!.state).toBe('committed')
    expect(res.body.counts.unchanged).toBeGreaterThan(0)
    expect(res.body.counts.proposed).toBeLessThan(res.body.proposals.length)
  })

  it('refuses what it cannot read, in Chinese, saying why', async () => {
    const notPlan = await upload<Err>('通知.txt', '关于召开年度工作会议的通知\n请各单位派员参加。')
    expect(notPlan.status).toBe(400)
    expect(notPlan.body.message).toContain('这似乎不是一份规划或方案文件')
    const scan = await upload<Err>('scan.pdf', tinyPdf())
    expect(scan.status).toBe(400)
    expect(scan.body.message).toContain('不支持 OCR')
    const ole = new Uint8Array(1024)
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    const locked = await upload<Err>('plan.docx', ole)
    expect(locked.status).toBe(400)
    expect(locked.body.message).toContain('密码')
    const bomb = await upload<Err>(
      'plan.docx',
      zipOf([{ name: 'word/document.xml', data: Buffer.alloc(8 * 1024 * 1024), deflate: true }]),
    )
    expect(bomb.status).toBe(400)
    expect(bomb.body.message).toContain('压缩炸弹')
    const huge = await upload<Err>('plan.txt', new Uint8Array(21 * 1024 * 1024).fill(0x41))
    expect(huge.status).toBe(413)
    expect(huge.body.message).toContain('文件过大')
    const empty = await upload<Err>('plan.txt', '')
    expect(empty.body.message).toBe('上传的文件是空的')
  })
})
