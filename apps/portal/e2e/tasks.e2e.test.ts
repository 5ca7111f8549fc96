import { resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { apiAs, ARTIFACTS, openPortal, type PortalStack } from './portal-stack.js'
import { usePortalStack } from './steps.js'
import { tinyPdf } from '@cockpit/tabular/testing'

// 市县乡级政府部门赣政通(南昌)全覆盖: a 南昌 milestone due 2023-12-31, led (among others) by the test
// reporter's department; on the stack's date (2024-06-30) it is overdue and nobody has reported on it.
const MILESTONE = '市县乡级政府部门赣政通(南昌)全覆盖'
const PDF = Buffer.from(tinyPdf())

describe('重点任务督办 at the desk: report, claim, return, claim again, approve', () => {
  let stack: PortalStack
  let browser: Browser
  let taskId: number
  usePortalStack((s) => {
    stack = s.stack
    browser = s.browser
  })
  beforeAll(async () => {
    const reporter = await apiAs(stack, 'reporter')
    const list = await reporter.get<{ items: { id: number; title: string }[] }>(
      '/api/v1/tasks?plan=nanchang-2023&kind=milestone',
    )
    taskId = list.items.find((t) => t.title === MILESTONE)!.id
  })

  const card = (page: Page) => page.locator(`[data-testid=task-card][data-task="${taskId}"]`)
  const claimIn = (page: Page) =>
    page.getByTestId('verification-queue').locator(`[data-testid=claim]`).filter({ hasText: MILESTONE })

  it('the reporter finds the overdue milestone, reports progress with a PDF (a reason is required for 滞后) and claims it complete', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/reporter/tasks', { as: 'reporter' })
    await card(page).waitFor()
    expect(await card(page).getByTestId('due-state').textContent()).toMatch(/逾期未完成 · 逾期 \d+ 天/)
    expect(await card(page).getByTestId('due-state').getAttribute('data-state')).toBe('overdue')

    await card(page).getByTestId('progress-open').click()
    const form = page.getByTestId('progress-form')
    expect(await form.getByTestId('progress-period').inputValue()).toBe('2024-06')
    await form.getByTestId('progress-stage').selectOption('delayed')
    await form.getByTestId('progress-text').fill('县级部门已全部接入,乡镇接入收尾')
    await form.getByTestId('progress-submit').click()
    // The server's own rule, checked before sending.
    expect(await form.getByTestId('error-reason').textContent()).toBe('进展阶段为滞后或暂缓时必须说明原因')
    await form.getByTestId('progress-reason').fill('个别乡镇网络改造未完成')
    await form.getByTestId('progress-percent').fill('95')
    await form.getByTestId('progress-problems').fill('乡镇专网带宽不足')
    await form.getByTestId('progress-next').fill('7月底前完成剩余乡镇接入')
    // A program disguised as a PDF is refused by its content; the real PDF is taken.
    await form.getByTestId('progress-evidence').setInputFiles({
      name: '接入清单.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00]),
    })
    expect(await form.getByTestId('error-progress-evidence').textContent()).toContain('可执行程序')
    await form
      .getByTestId('progress-evidence')
      .setInputFiles({ name: '接入清单.pdf', mimeType: 'application/pdf', buffer: PDF })
    // The file is read and checked after the change event: wait for it to be listed.
    await form.getByTestId('progress-evidence-chosen').waitFor()
    expect(await form.getByTestId('progress-evidence-chosen').count()).toBe(1)
    expect(await form.getByTestId('error-progress-evidence').count()).toBe(0)
    await form.getByTestId('progress-submit').click()
    const confirmation = page.getByTestId('progress-confirmation')
    await confirmation.waitFor()
    expect(await confirmation.textContent()).toContain('2024年6月 滞后,95%')
    await page.getByTestId('progress-close').click()
    await card(page).getByTestId('task-latest').filter({ hasText: '最新进展:2024年6月 滞后 95%' }).waitFor()

    await card(page).getByTestId('claim-open').click()
    const claim = page.getByTestId('claim-form')
    expect(await claim.getByTestId('claim-date').inputValue()).toBe('2024-06-30')
    await claim.getByTestId('claim-date').fill('2023-12-28')
    await claim.getByTestId('claim-note').fill('全市政府部门均已开通赣政通账号')
    await claim.getByTestId('claim-submit').click()
    await page.getByTestId('task-notice').filter({ hasText: '已提交销号申请' }).waitFor()
    // Claiming sets nothing by itself: still overdue, waiting for verification.
    await page.getByTestId('task-filter-pending').click()
    await card(page).getByTestId('task-pending-claim').waitFor()
    expect(await card(page).getByTestId('due-state').getAttribute('data-state')).toBe('overdue')
    expect(await card(page).getByTestId('claim-open').count()).toBe(0)
    await page.screenshot({ path: resolve(ARTIFACTS, 'tasks-reporter.png') })
    expect(errors).toEqual([])
    await context.close()
  })

  it('the manager returns the claim with a required comment, and the reporter sees the comment and claims again', async () => {
    const manager = await openPortal(browser, stack, '/manager/tasks', { as: 'manager' })
    const queued = claimIn(manager.page)
    await queued.waitFor()
    expect(await queued.textContent()).toContain('2023年12月28日')
    await manager.page.screenshot({ path: resolve(ARTIFACTS, 'tasks-manager.png'), fullPage: true })
    await queued.getByTestId('claim-return').click()
    expect(await queued.getByTestId('claim-action-error').textContent()).toContain('退回时必须填写退回意见')
    await queued.getByTestId('claim-comment').fill('请补充乡镇接入的佐证材料')
    await queued.getByTestId('claim-return').click()
    await queued.waitFor({ state: 'detached' })
    // The overdue list puts it first among overdue items of its days; it is still overdue.
    const row = manager.page.locator(`[data-testid=task-row][data-task="${taskId}"]`)
    expect(await row.getAttribute('data-state')).toBe('overdue')
    expect(manager.errors).toEqual([])
    await manager.context.close()

    const { page, context, errors } = await openPortal(browser, stack, '/reporter/tasks', { as: 'reporter' })
    // The card says what the manager asked for; the task page says it too.
    await card(page).getByTestId('task-returned').waitFor()
    expect(await card(page).getByTestId('task-returned').textContent()).toContain('请补充乡镇接入的佐证材料')
    await card(page).getByTestId('task-detail-link').click()
    await page.getByTestId('claim-returned').waitFor()
    expect(await page.getByTestId('claim-returned').textContent()).toContain('请补充乡镇接入的佐证材料')
    // Its history: the lead's June report with its file.
    const june = page.locator('[data-testid=progress-period][data-period="2024-06"]')
    expect(await june.getByTestId('progress-stage').first().textContent()).toBe('滞后')
    expect(await june.getByTestId('evidence-link').textContent()).toBe('接入清单.pdf')
    await page.getByTestId('claim-open').click()
    const claim = page.getByTestId('claim-form')
    await claim.getByTestId('claim-date').fill('2023-12-28')
    await claim.getByTestId('claim-note').fill('已补充乡镇接入清单')
    await claim
      .getByTestId('claim-evidence')
      .setInputFiles({ name: '乡镇接入清单.pdf', mimeType: 'application/pdf', buffer: PDF })
    await claim.getByTestId('claim-evidence-chosen').waitFor()
    await claim.getByTestId('claim-submit').click()
    await page.getByTestId('task-completion').filter({ hasText: '销号审核中' }).waitFor()
    expect(await page.getByTestId('claim').first().getAttribute('data-state')).toBe('pending')
    expect(await page.getByTestId('claim').nth(1).getByTestId('claim-decision').textContent()).toContain(
      '请补充乡镇接入的佐证材料',
    )
    expect(errors).toEqual([])
    await context.close()
  })

  it('the manager approves it; the milestone reads 按期完成 in both portals, and the manager can open the evidence', async () => {
    const manager = await openPortal(browser, stack, '/manager/tasks', { as: 'manager' })
    const queued = claimIn(manager.page)
    await queued.waitFor()
    expect(await queued.getByTestId('claim-evidence').textContent()).toContain('乡镇接入清单.pdf')
    await queued.getByTestId('claim-approve').click()
    await queued.waitFor({ state: 'detached' })
    await manager.page.getByTestId('filter-state').selectOption('all')
    const row = manager.page.locator(`[data-testid=task-row][data-task="${taskId}"]`)
    await row.getByTestId('task-link').click()
    await manager.page.getByTestId('task-detail').waitFor()
    await manager.page.getByTestId('task-completion').filter({ hasText: '已销号,2023年12月28日 完成' }).waitFor()
    expect(await manager.page.getByTestId('task-detail').getByTestId('due-state').first().textContent()).toBe(
      '按期完成',
    )
    expect(await manager.page.getByTestId('task-citation').textContent()).toContain(
      '到2023年,实现市县乡级政府部门赣政通(南昌)全覆盖',
    )
    // The reporter's file downloads for the manager in scope, under its name.
    const [download] = await Promise.all([
      manager.page.waitForEvent('download'),
      manager.page.getByTestId('evidence-link').first().click(),
    ])
    expect(download.suggestedFilename()).toMatch(/\.pdf$/)
    await manager.page.screenshot({ path: resolve(ARTIFACTS, 'tasks-manager-detail.png'), fullPage: true })
    expect(manager.errors).toEqual([])
    await manager.context.close()

    const { page, context, errors } = await openPortal(browser, stack, '/reporter/tasks', { as: 'reporter' })
    await page.getByTestId('task-filter-done').click()
    await card(page).waitFor()
    expect(await card(page).getByTestId('due-state').textContent()).toBe('按期完成')
    expect(await card(page).getByTestId('task-completed').textContent()).toContain('2023年12月28日')
    expect(errors).toEqual([])
    await context.close()
  })

  it('the manager reopens the approved completion with a required reason: overdue again, and the reporter may claim again', async () => {
    const manager = await openPortal(browser, stack, `/manager/tasks/${taskId}`, { as: 'manager' })
    const approved = manager.page.locator('[data-testid=claim][data-state=approved]')
    await approved.getByTestId('claim-reopen-open').click()
    await approved.getByTestId('claim-reopen').click()
    expect(await approved.getByTestId('claim-action-error').textContent()).toBe('撤销销号时必须填写原因')
    await approved.getByTestId('claim-comment').fill('复核发现2个乡镇尚未接入')
    await approved.getByTestId('claim-reopen').click()
    await manager.page.getByTestId('task-completion').filter({ hasText: '未完成' }).waitFor()
    expect(
      await manager.page.getByTestId('task-detail').getByTestId('due-state').first().getAttribute('data-state'),
    ).toBe('overdue')
    expect(manager.errors).toEqual([])
    await manager.context.close()

    const { page, context, errors } = await openPortal(browser, stack, `/reporter/tasks/${taskId}`, { as: 'reporter' })
    await page.getByTestId('claim-reopened').waitFor()
    expect(await page.getByTestId('claim-reopened').textContent()).toContain('复核发现2个乡镇尚未接入')
    expect(await page.getByTestId('claim-open').isVisible()).toBe(true)
    expect(errors).toEqual([])
    await context.close()
  })

  it('fits a phone: 我的任务 and the progress form without sideways scrolling', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/reporter/tasks', {
      as: 'reporter',
      width: 390,
      height: 844,
    })
    await page.getByTestId('task-filter-all').click()
    await page.getByTestId('task-card').first().waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    await page.getByTestId('progress-open').first().click()
    const box = await page.getByTestId('progress-form').boundingBox()
    expect(box!.x).toBeGreaterThanOrEqual(0)
    expect(box!.x + box!.width).toBeLessThanOrEqual(390)
    await page.screenshot({ path: resolve(ARTIFACTS, 'tasks-phone.png') })
    expect(errors).toEqual([])
    await context.close()
  })

  it('an administrator sets the plan to quarterly, then one of its tasks back to monthly on its own; the task page says which applies', async () => {
    const admin = await apiAs(stack, 'admin')
    const { page, context, errors } = await openPortal(browser, stack, '/admin/plans', { as: 'admin' })
    await page
      .locator('tr', { has: page.locator('[data-testid=plan-row][data-key=nanchang-2023]') })
      .getByTestId('plan-open')
      .click()
    expect(await page.getByTestId('plan-task-cadence').inputValue()).toBe('monthly')
    await page.getByTestId('plan-task-cadence').selectOption('quarterly')
    await page.getByTestId('plan-save').click()
    await page.getByTestId('plan-notice').waitFor()
    expect(
      await page.locator('tr', { has: page.locator('[data-testid=plan-row][data-key=nanchang-2023]') }).textContent(),
    ).toContain('每季度报告')

    await page.goto(`${stack.url()}/portal/manager/tasks/${taskId}`)
    const cadence = page.getByTestId('task-cadence')
    await cadence.filter({ hasText: '每季度(随规划)' }).waitFor()
    await page.getByTestId('task-cadence-select').selectOption('monthly')
    await page.getByTestId('task-cadence-save').click()
    await cadence.filter({ hasText: '每月(本任务单独设置)' }).waitFor()
    expect(
      (await admin.get<{ reportCadence: string; reportCadenceOverridden: boolean }>(`/api/v1/tasks/${taskId}`))
        .reportCadenceOverridden,
    ).toBe(true)
    expect(errors).toEqual([])
    await context.close()
  })
})
