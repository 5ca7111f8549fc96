import { watchCsp } from '@cockpit/browser-testing'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './browser.js'
import { startScreenStack, type ScreenStack } from './stack.js'

const CLOUD = 'nanchang-2023/fsm-zwxt-sly' // 非涉密政务系统上云率, 南昌

describe('the wall screen under its Content-Security-Policy', () => {
  let stack: ScreenStack
  let browser: Browser
  let cloud: { indicatorId: number; token: string }
  beforeAll(async () => {
    stack = await startScreenStack()
    browser = await launchChromium()
    cloud = await stack.leadToken(CLOUD)
    await stack.submit(cloud.token, [{ indicator: CLOUD, period: '2024-Q1', value: 61 }])
  })
  afterAll(async () => {
    await browser?.close()
    await stack?.close()
  })

  it('is served with a policy that allows no inline or evaluated script', async () => {
    const res = await fetch(`${stack.url()}/screen/`)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'self'")
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/)
  })

  it('draws its chart pages, fonts and live stream, tooltips included, without a single policy violation', async () => {
    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      timezoneId: 'Asia/Shanghai',
      locale: 'zh-CN',
    })
    const csp = await watchCsp(context)
    await stack.signIn(context)
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    let charts = 0
    for (const query of [
      'pages=overview',
      'pages=trends',
      'pages=hierarchy',
      'pages=compare',
      `pages=detail&indicator=${cloud.indicatorId}`,
    ]) {
      await page.goto(`${stack.url()}/screen/?${query}&rotate=0`)
      await page.locator('main [data-page]').first().waitFor({ state: 'visible', timeout: 20_000 })
      await page.locator('[data-testid=live-state][data-stale=false]').waitFor({ timeout: 10_000 })
      const canvas = page.locator('main canvas').first()
      if (await canvas.count()) {
        charts++
        const box = (await canvas.boundingBox())!
        for (const x of [0.3, 0.5, 0.7])
          await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.5, { steps: 3 })
        await page.waitForTimeout(300)
      }
      expect(await csp.violations(), query).toEqual([])
    }
    expect(charts).toBeGreaterThanOrEqual(3)
    expect(errors).toEqual([])
    await context.close()
  })
})
