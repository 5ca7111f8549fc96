import { resolve } from 'node:path'
import { launchChromium } from '@cockpit/browser-testing'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, openPortal, startPortalStack, type PortalStack } from './portal-stack.js'

describe('the administrator console', () => {
  let stack: PortalStack
  let browser: Browser
  beforeAll(async () => {
    stack = await startPortalStack()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await stack?.close()
  })

  it('creates a department and issues it a token that is shown once, then only by its prefix', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/admin/departments', { as: 'admin' })
    await page.getByTestId('admin-departments').waitFor()
    expect(await page.getByTestId('nav-group').first().textContent()).toBe('系统管理')
    await page.getByTestId('dept-key').fill('e2e-data-bureau')
    await page.getByTestId('dept-name').fill('测试数据局')
    await page.getByTestId('dept-mobiles').fill('1380000')
    await page.getByTestId('dept-create').click()
    expect(await page.getByTestId('error-contactMobiles').textContent()).toContain('手机号应为11位数字')
    await page.getByTestId('dept-mobiles').fill('13800000000')
    await page.getByTestId('dept-create').click()
    await page.getByTestId('dept-notice').waitFor()
    const row = page.locator('[data-testid=dept-row][data-key=e2e-data-bureau]')
    expect(await row.textContent()).toContain('测试数据局')

    await row.getByTestId('dept-tokens').click()
    await page.getByTestId('admin-tokens').waitFor()
    await page.getByTestId('token-name').fill('业务系统自动报送')
    await page.getByTestId('token-issue').click()
    const value = page.getByTestId('token-value')
    await value.waitFor()
    const token = await value.inputValue()
    expect(token.length).toBeGreaterThan(20)
    // The token works as the department's credential.
    const me = await fetch(`${stack.url()}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(me.status).toBe(200)
    const listed = page.getByTestId('token-row').filter({ hasText: '业务系统自动报送' })
    const prefix = (await listed.getByTestId('token-prefix').textContent())!.trim()
    expect(token.startsWith(prefix)).toBe(true)
    expect(prefix.length).toBeLessThan(token.length)

    await page.reload()
    await page.getByTestId('token-row').first().waitFor()
    expect(await page.getByTestId('token-created').count()).toBe(0)
    expect(await page.getByTestId('token-row').filter({ hasText: '业务系统自动报送' }).getByTestId('token-prefix').textContent()).toContain(prefix)
    expect(await page.content()).not.toContain(token)
    expect(errors).toEqual([])
    await context.close()
  })

  it('shows the server’s message next to an invalid threshold, then saves a valid rule (at phone width)', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/admin/alert-rules', { as: 'admin', width: 390, height: 844 })
    await page.getByTestId('admin-alert-rules').waitFor()
    await page.getByTestId('rule-new').click()
    await page.getByTestId('rule-name').fill('数值突变提醒')
    await page.getByTestId('rule-kind').selectOption('sudden-change')
    await page.getByTestId('rule-threshold').fill('0')
    await page.getByTestId('rule-save').click()
    expect(await page.getByTestId('error-params.threshold').textContent()).toContain('阈值应大于0')
    expect(await page.getByTestId('rule-row').filter({ hasText: '数值突变提醒' }).count()).toBe(0)

    await page.getByTestId('rule-threshold').fill('30')
    await page.getByTestId('rule-save').click()
    await page.getByTestId('rule-notice').waitFor()
    const row = page.getByTestId('rule-row').filter({ hasText: '数值突变提醒' })
    expect(await row.textContent()).toContain('波动超过 30%')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.screenshot({ path: resolve(ARTIFACTS, 'admin-alert-rules-phone.png'), fullPage: true })
    expect(errors).toEqual([])
    await context.close()
  })
})
