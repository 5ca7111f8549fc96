import { resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { apiAs, ARTIFACTS, CLOUD, openPortal, tableRow, type PortalStack } from './portal-stack.js'
import { usePortalStack } from './steps.js'

describe('an administrator maintains targets', () => {
  let stack: PortalStack
  let browser: Browser
  usePortalStack((s) => {
    stack = s.stack
    browser = s.browser
  })
  beforeAll(async () => {
    // 上云率 reported at 50% for Q1 2024: behind the path to 80% by 2025.
    const dept = await stack.leadToken(CLOUD)
    const { id } = await stack.submit(dept.token, [{ indicator: CLOUD, period: '2024-Q1', value: 50 }])
    const admin = await apiAs(stack, 'admin')
    for (let i = 0; i < 100; i++) {
      if ((await admin.get<{ state: string }>(`/api/v1/submissions/${id}`)).state === 'processed') break
      await new Promise((r) => setTimeout(r, 200))
    }
  })

  it('edits a target and sees the status recomputed at once, and the change in the audit log', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/', { as: 'admin' })
    await page.getByTestId('admin-indicators').waitFor()
    await page.getByTestId('indicator-search').fill('上云率')
    await page.getByRole('button', { name: '查询' }).click()
    await page.locator(`[data-testid=admin-indicator-row][data-id="${stack.cloud.indicatorId}"]`).click()
    await page.getByTestId('admin-indicator').waitFor()
    const before = await page.locator('h1 [data-status]').getAttribute('data-status')
    expect(before).not.toBe('achieved')

    await page.getByTestId('target-edit').first().click()
    await page.getByTestId('target-value').fill('abc')
    await page.getByTestId('target-save').click()
    expect(await page.getByTestId('target-error').textContent()).toContain('目标值应为数字')
    await page.getByTestId('target-value').fill('45')
    await page.getByTestId('target-save').click()
    await page.getByTestId('status-change').waitFor()
    expect(await page.getByTestId('status-after').textContent()).toBe('已达标')
    expect(await page.locator('h1 [data-status]').getAttribute('data-status')).toBe('achieved')
    expect(await page.getByTestId('target-row').first().textContent()).toContain('≥45%')
    await page.screenshot({ path: resolve(ARTIFACTS, 'admin-target.png') })

    await page.getByTestId('indicator-audit').click()
    const entry = tableRow(page, '[data-testid=audit-row]').first()
    await entry.waitFor()
    expect(await entry.textContent()).toContain('desk-admin')
    expect(await entry.textContent()).toContain('45')
    expect(errors).toEqual([])
    await context.close()
  })
})
