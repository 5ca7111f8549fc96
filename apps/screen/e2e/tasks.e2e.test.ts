import { resolve } from 'node:path'
import type { TaskCompletion, TaskSummary } from '@cockpit/contracts'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './browser.js'
import { ARTIFACTS, layoutDefects, openScreen, overflowingPanels } from './screen-page.js'
import { startScreenStack, type ScreenStack } from './stack.js'
import { tinyPdf } from '@cockpit/tabular/testing'

// 江苏's plan: a 2021 milestone that the wall shows overdue until someone can complete it, and a 2024 one
// led by 省政务办 with 省大数据中心 cooperating.
const PLAN_2021 = 'jiangsu-14th/ms-2021-ghfb' // 出台规划并全面宣传规划内容, due 2021-12-31
const CENTRE_2024 = 'jiangsu-14th/ms-2024-dsjzx' // 全面推进省市大数据中心建设, due 2024-12-31
const ENTRANCE = 'jiangsu-14th/rw-tyrk' // 集成数字政府统一入口: a task with milestones of its own
const LEAD = { username: 'zwb-reporter', password: 'zwb-reporter-password-1' }
const COOPERATING = { username: 'dsjzx-reporter', password: 'dsjzx-reporter-password-1' }
const DEPARTMENTS = { username: 'sgygbm-reporter', password: 'sgygbm-reporter-password-1' }
const MANAGER = { username: 'js-manager', password: 'js-manager-password-1' }
const PDF = tinyPdf('规划印发通知')

describe('the wall screen follows 重点任务督办', () => {
  let stack: ScreenStack
  let browser: Browser
  let planMilestone: Awaited<ReturnType<ScreenStack['taskOf']>>
  let centre: Awaited<ReturnType<ScreenStack['taskOf']>>
  let entrance: Awaited<ReturnType<ScreenStack['taskOf']>>
  beforeAll(async () => {
    stack = await startScreenStack()
    browser = await launchChromium()
    planMilestone = await stack.taskOf(PLAN_2021)
    centre = await stack.taskOf(CENTRE_2024)
    entrance = await stack.taskOf(ENTRANCE)
    await stack.addUser({ ...DEPARTMENTS, role: 'reporter', departmentId: entrance.leads[0]! })
    await stack.addUser({ ...LEAD, role: 'reporter', departmentId: planMilestone.leads[0]! })
    await stack.addUser({ ...COOPERATING, role: 'reporter', departmentId: centre.cooperating[0]! })
    await stack.addUser({ ...MANAGER, role: 'manager', jurisdictions: ['320000'] })
  })
  afterAll(async () => {
    await browser?.close()
    await stack?.close()
  })

  it('shows a milestone complete within 2 seconds of its verification, without a reload; a claim alone completes nothing', async () => {
    const { page, context, errors } = await openScreen(browser, stack, {
      width: 1920,
      height: 1080,
      query: 'j=320000&pages=milestones&rotate=0',
    })
    await page.locator('[data-testid=tasks-board][data-loaded=true]').waitFor({ timeout: 10_000 })
    await page.locator('[data-testid=live-state][data-stale=false]').waitFor({ timeout: 10_000 })
    const overdueRow = page.getByTestId('tasks-overdue').locator(`tr[data-task="${planMilestone.id}"]`)
    await overdueRow.waitFor()
    const overdueCount = page.getByTestId('tasks-state-overdue').locator('b')
    const before = Number(await overdueCount.textContent())
    expect(before).toBeGreaterThanOrEqual(3) // 江苏's three 2021 milestones at least
    const navigations: string[] = []
    page.on('framenavigated', (f) => navigations.push(f.url()))

    // The lead department reports the milestone done with the notice as evidence, and claims completion.
    const lead = await stack.apiAs(LEAD)
    const form = new FormData()
    form.append('file', new Blob([PDF], { type: 'application/pdf' }), '规划印发通知.pdf')
    const evidence = await lead.post<{ id: string }>('/api/v1/evidence', form)
    await lead.post(`/api/v1/tasks/${planMilestone.id}/progress`, {
      stage: 'completed',
      percent: 100,
      progress: '规划已于2021年12月印发,并通过政务网站全文公开和解读',
      evidenceIds: [evidence.id],
    })
    await lead.post(`/api/v1/tasks/${planMilestone.id}/completion`, {
      completedOn: '2021-12-28',
      note: '规划已印发并公开',
      evidenceIds: [evidence.id],
    })
    // The claim waits for verification: the wall counts it as waiting (at the next summary refetch, which a
    // busy wall spaces out), and the milestone stays overdue.
    await page.getByText('待审核 1 项').waitFor({ timeout: 5_000 })
    expect(await overdueRow.count()).toBe(1)

    // The manager returns it once (the department adds what is missing and claims again), then approves it.
    const manager = await stack.apiAs(MANAGER)
    const pending = async () =>
      (await manager.get<{ items: TaskCompletion[] }>('/api/v1/task-completions?jurisdiction=320000')).items.find(
        (c) => c.taskId === planMilestone.id,
      )!
    await manager.post(`/api/v1/task-completions/${(await pending()).id}/return`, { comment: '请补充规划解读材料' })
    await lead.post(`/api/v1/tasks/${planMilestone.id}/completion`, {
      completedOn: '2021-12-28',
      note: '已补充规划解读',
      evidenceIds: [evidence.id],
    })
    await page.getByText('待审核 1 项').waitFor({ timeout: 5_000 })
    const claim = await pending()
    const started = Date.now()
    await manager.post(`/api/v1/task-completions/${claim.id}/approve`, {})
    await page
      .getByTestId('tasks-recent')
      .locator(`li[data-task="${planMilestone.id}"][data-state="done"]`)
      .waitFor({ timeout: 2_000 })
    console.log(`verification → on the wall: ${Date.now() - started} ms`)
    await overdueRow.waitFor({ state: 'detached', timeout: 2_000 })
    expect(Number(await overdueCount.textContent())).toBe(before - 1)
    expect(await page.getByTestId('tasks-state-done').locator('b').textContent()).toBe('1')
    await page.screenshot({ path: resolve(ARTIFACTS, 'tasks-verified.png') })

    // The overview's task panel says the same: the milestone is no longer among those overdue.
    const fetched = Date.now()
    const summary = (await (
      await context.request.get(`${stack.url()}/api/v1/tasks/summary?jurisdiction=320000`)
    ).json()) as TaskSummary
    console.log(`GET /api/v1/tasks/summary?jurisdiction=320000: ${Date.now() - fetched} ms`)
    expect(summary.overdue.map((t) => t.id)).not.toContain(planMilestone.id)
    expect(navigations).toEqual([])
    expect(errors).toEqual([])
    await context.close()
  })

  it('drills from an overdue item to its detail, with the source citation, and back to the board', async () => {
    const { page, context } = await openScreen(browser, stack, {
      width: 1920,
      height: 1080,
      query: 'j=320000&pages=milestones&rotate=0',
    })
    const row = page.getByTestId('tasks-overdue').locator('tbody tr[data-task]').first()
    await row.waitFor()
    const id = await row.getAttribute('data-task')
    await row.click()
    const detail = page.locator(`[data-testid=task-detail][data-task="${id}"]`)
    await detail.waitFor()
    expect(await detail.getByTestId('task-state').textContent()).toBe('逾期未完成')
    expect(await detail.locator('blockquote').textContent()).toMatch(/^“.+”$/)
    expect(await detail.locator('.cite').textContent()).toContain('江苏省"十四五"数字政府建设规划')
    await page.getByTestId('back').click()
    await page.getByTestId('tasks-board').waitFor()
    await context.close()

    // A wall pinned to a task that does not exist says so rather than loading forever.
    const pinned = await openScreen(browser, stack, {
      width: 1920,
      height: 1080,
      query: 'pages=task&task=999999&rotate=0',
    })
    await pinned.page
      .getByTestId('task-empty')
      .filter({ hasText: '任务 999999 不存在或不在本屏范围内' })
      .waitFor({ timeout: 10_000 })
    await pinned.context.close()
  })

  it('shows a task’s progress as it is reported: the lead’s part, the cooperating department’s under it, and a returned claim with its comment', async () => {
    const { page, context } = await openScreen(browser, stack, {
      width: 1920,
      height: 1080,
      query: `j=320000&pages=task&task=${centre.id}&rotate=0`,
    })
    const detail = page.locator(`[data-testid=task-detail][data-task="${centre.id}"]`)
    await detail.waitFor({ timeout: 10_000 })
    await page.locator('[data-testid=live-state][data-stale=false]').waitFor({ timeout: 10_000 })
    expect(await detail.getByTestId('task-progress').textContent()).toContain('尚无进展报告')

    const lead = await stack.apiAs(LEAD)
    const cooperating = await stack.apiAs(COOPERATING)
    await lead.post(`/api/v1/tasks/${centre.id}/progress`, {
      stage: 'delayed',
      percent: 40,
      progress: '省级节点已建成,市级节点推进中',
      reason: '部分设区市机房改造延期',
    })
    await cooperating.post(`/api/v1/tasks/${centre.id}/progress`, {
      stage: 'in-progress',
      progress: '完成数据目录编制',
    })
    const rows = detail.getByTestId('task-progress').locator('tbody tr')
    await expect.poll(() => rows.count(), { timeout: 2_000 }).toBe(2)
    expect(await rows.nth(0).textContent()).toContain('部分设区市机房改造延期')
    expect(await rows.nth(0).getAttribute('class')).toBe('lead')
    expect(await rows.nth(1).getAttribute('class')).toBe('cooperating')
    expect(await rows.nth(1).textContent()).toContain('完成数据目录编制')
    expect(await rows.nth(0).locator('td').nth(2).textContent()).toBe('滞后 40%')

    await lead.post(`/api/v1/tasks/${centre.id}/completion`, { completedOn: '2024-06-28' })
    const manager = await stack.apiAs(MANAGER)
    const claim = (
      await manager.get<{ items: TaskCompletion[] }>('/api/v1/task-completions?jurisdiction=320000')
    ).items.find((c) => c.taskId === centre.id)!
    await manager.post(`/api/v1/task-completions/${claim.id}/return`, { comment: '市级节点尚未建成,不予销号' })
    const returned = detail.getByTestId('task-completions').locator('tr[data-state=returned]')
    await returned.waitFor({ timeout: 2_000 })
    expect(await returned.textContent()).toContain('市级节点尚未建成,不予销号')
    expect(await detail.getByTestId('task-completed').textContent()).toBe('未完成')
    await page.screenshot({ path: resolve(ARTIFACTS, 'task-detail.png') })
    await context.close()
  })

  // Full histories: a year of monthly reports on a milestone and on a task with milestones, the newest 滞后 with
  // every text at length; the board shows every plan's overdue items.
  let history: Promise<void> | null = null
  const long = (what: string) =>
    `${what}:省级节点建设与市级节点对接推进情况,含机房、网络、数据治理与安全防护等多方面的详细说明,`.repeat(4)
  const reportAYear = async () => {
    for (const [who, id] of [
      [LEAD, centre.id],
      [DEPARTMENTS, entrance.id],
    ] as const) {
      const api = await stack.apiAs(who)
      for (let m = 1; m <= 12; m++) {
        const period = m <= 6 ? `2024-0${m}` : `2023-${String(m).padStart(2, '0')}`
        const last = m === 6
        await api.post(`/api/v1/tasks/${id}/progress`, {
          period,
          stage: last ? 'delayed' : 'in-progress',
          percent: m * 5,
          progress: long(`第${m}期进展`),
          ...(last
            ? { reason: long('滞后原因').slice(0, 500), problems: long('存在问题'), nextSteps: long('下步计划') }
            : {}),
        })
      }
    }
  }

  it.each([
    {
      name: '1920x1080-dark-board',
      width: 1920,
      height: 1080,
      query: 'pages=milestones&theme=dark',
      panels: 1,
      board: true,
      task: false,
    },
    {
      name: '1920x1080-blue-task',
      width: 1920,
      height: 1080,
      query: 'pages=task&theme=blue',
      panels: 1,
      board: false,
      task: true,
    },
    {
      name: '1920x1080-dark-task-with-milestones',
      width: 1920,
      height: 1080,
      query: 'pages=task&theme=dark',
      panels: 1,
      board: false,
      task: true,
      withMilestones: true,
    },
    {
      name: '5760x1080-blue',
      width: 5760,
      height: 1080,
      query: 'pages=milestones,task,overview&theme=blue',
      panels: 3,
      board: true,
      task: true,
    },
  ])('$name: the 重点任务督办 and task pages fill their lists without overflow or clipped titles', async (wall) => {
    history ??= reportAYear()
    await history
    const taskId = 'withMilestones' in wall ? entrance.id : centre.id
    const { page, context, errors } = await openScreen(browser, stack, {
      width: wall.width,
      height: wall.height,
      query: `${wall.query}&task=${taskId}&rotate=0`,
    })
    if (wall.board) await page.locator('[data-testid=tasks-board][data-loaded=true]').waitFor({ timeout: 10_000 })
    if (wall.task) await page.locator(`[data-testid=task-detail][data-task="${taskId}"]`).waitFor({ timeout: 10_000 })
    await page.waitForTimeout(1000) // chart animations
    const d = await layoutDefects(page)
    await page.screenshot({ path: resolve(ARTIFACTS, `tasks-${wall.name}.png`) })
    expect(errors).toEqual([])
    expect(d.scroll).toEqual({ x: false, y: false })
    expect(d.clipped).toEqual([])
    expect(d.canvas.panels).toBe(wall.panels)
    expect(d.minSharpness).toBeGreaterThanOrEqual(0.99)
    expect(await overflowingPanels(page)).toEqual([])
    if (wall.board) expect(await page.getByTestId('tasks-overdue').locator('tbody tr[data-task]').count()).toBe(14)
    if (wall.task)
      expect(await page.getByTestId('task-progress').locator('tbody tr').count()).toBe(
        'withMilestones' in wall ? 7 : 11,
      )
    if (wall.task) expect(await page.getByTestId('task-latest').textContent()).toContain('滞后原因')
    await context.close()
  })
})
