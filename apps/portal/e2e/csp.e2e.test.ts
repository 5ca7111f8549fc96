import { watchCsp } from '@cockpit/browser-testing'
import type { Browser } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { ACCOUNTS, CLOUD, type PortalStack } from './portal-stack.js'
import { usePortalStack } from './steps.js'

describe('the portal under its Content-Security-Policy', () => {
  let stack: PortalStack
  let browser: Browser
  let drill: string
  usePortalStack((s) => {
    stack = s.stack
    browser = s.browser
  })
  beforeAll(async () => {
    const dept = await stack.leadToken(CLOUD)
    await stack.submit(dept.token, [{ indicator: CLOUD, period: '2024-Q1', value: 61 }])
    const pillar = await stack.db
      .selectFrom('indicators as i')
      .innerJoin('pillars as p', 'p.id', 'i.pillar_id')
      .select('p.key')
      .where('i.id', '=', stack.cloud.indicatorId)
      .executeTakeFirstOrThrow()
    drill = `/portal/manager/drill?j=360100&pillar=${pillar.key}&indicator=${stack.cloud.indicatorId}`
  })

  it('sends a strict policy with the page and a closed one with the API', async () => {
    const page = await fetch(`${stack.url()}/portal/login`)
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("base-uri 'self'")
    expect(csp).toContain("connect-src 'self'")
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/)
    expect(csp).not.toMatch(/style-src [^;]*'unsafe-inline'/)
    const api = await fetch(`${stack.url()}/api/v1/health`)
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")
  })

  it('logs in and draws a chart with its tooltip without a single policy violation', async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      timezoneId: 'Asia/Shanghai',
      locale: 'zh-CN',
    })
    const csp = await watchCsp(context)
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${stack.url()}${drill}`)
    await page.getByTestId('login').waitFor()
    await page.getByTestId('username').fill(ACCOUNTS.manager.username)
    await page.getByTestId('password').fill(ACCOUNTS.manager.password)
    await page.getByTestId('login-submit').click()
    await page.getByTestId('drill-indicator').waitFor()
    const chart = page.getByTestId('trend-chart')
    await chart.locator('canvas').waitFor()
    // The tooltip is HTML with inline style attributes: hover over the plot to have ECharts draw it.
    const box = (await chart.boundingBox())!
    for (const x of [0.3, 0.5, 0.7])
      await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.5, { steps: 4 })
    await page.waitForTimeout(500)
    expect(await csp.violations()).toEqual([])
    expect(errors).toEqual([])
    await context.close()
  })
})
