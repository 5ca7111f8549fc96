import { resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './browser.js'
import { ARTIFACTS, openScreen } from './screen-page.js'
import { startScreenStack, type ScreenStack } from './stack.js'

const CLOUD = 'nanchang-2023/fsm-zwxt-sly' // 非涉密政务系统上云率, 南昌

describe('the wall screen is live', () => {
  let stack: ScreenStack
  let browser: Browser
  let cloud: { indicatorId: number; token: string }
  beforeAll(async () => {
    stack = await startScreenStack()
    browser = await launchChromium()
    cloud = await stack.leadToken(CLOUD)
  })
  afterAll(async () => {
    await browser?.close()
    await stack?.close()
  })

  it('shows a value submitted through the API within 2 seconds, without a reload', async () => {
    const { page, context } = await openScreen(browser, stack, {
      width: 1920,
      height: 1080,
      query: `pages=detail&indicator=${cloud.indicatorId}&rotate=0`,
    })
    const value = page.getByTestId('detail-value')
    await expect.poll(() => value.textContent()).not.toBe('77%')
    await page.getByTestId('live-state').and(page.locator('[data-stale=false]')).waitFor({ timeout: 10_000 })
    const navigations: string[] = []
    page.on('framenavigated', (f) => navigations.push(f.url()))
    const started = Date.now()
    await stack.submit(cloud.token, [{ indicator: CLOUD, period: '2024-Q1', value: 77 }])
    await page.getByTestId('detail-value').filter({ hasText: '77%' }).waitFor({ timeout: 2_000 })
    console.log(`submission → on screen: ${Date.now() - started} ms`)
    await page.screenshot({ path: resolve(ARTIFACTS, 'live-update.png') })
    expect(navigations).toEqual([])
    await context.close()
  })

  it('marks stale data with the time of the last update while the API is away, then reconnects and catches up', async () => {
    const { page, context } = await openScreen(browser, stack, {
      width: 1920,
      height: 1080,
      query: `pages=detail&indicator=${cloud.indicatorId}&rotate=0`,
    })
    await page.locator('[data-testid=live-state][data-stale=false]').waitFor({ timeout: 10_000 })
    await stack.stop()
    const mark = page.getByTestId('stale-mark')
    await mark.waitFor({ timeout: 10_000 })
    expect(await mark.textContent()).toMatch(/最后更新 \d{2}:\d{2}:\d{2}/)
    await page.screenshot({ path: resolve(ARTIFACTS, 'stale.png') })
    // While the wall cannot hear it, a department reports a new value (the workers keep running).
    await stack.submit(cloud.token, [{ indicator: CLOUD, period: '2024-Q2', value: 81 }], { viaApp: true })
    await page.waitForTimeout(1_000)
    expect(await page.getByTestId('detail-value').textContent()).not.toBe('81%')
    await stack.start()
    await page.locator('[data-testid=live-state][data-stale=false]').waitFor({ timeout: 30_000 })
    await page.getByTestId('detail-value').filter({ hasText: '81%' }).waitFor({ timeout: 10_000 })
    expect(await mark.count()).toBe(0)
    await context.close()
  })

  it('shows a clear retrying screen when the API is down at start, and the cockpit once it is up', async () => {
    await stack.stop()
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
    const page = await context.newPage()
    // The page itself is served by the API, so serve a copy from a second server: the kiosk's cached page.
    await page.route('**/screen/**', async (route) => {
      const url = new URL(route.request().url())
      return route.fulfill({
        path: resolve(import.meta.dirname, '../dist', url.pathname.replace(/^\/screen\/?/, '') || 'index.html'),
      })
    })
    await page.goto(`${stack.url()}/screen/?rotate=0`)
    const boot = page.getByTestId('boot-error')
    await boot.waitFor({ timeout: 10_000 })
    expect(await boot.textContent()).toContain('暂时无法获取数据')
    await stack.start()
    await stack.signIn(context)
    await page.getByTestId('page-overview').waitFor({ timeout: 30_000 })
    await context.close()
  })

  it('rotates through pages by itself and drill-down "back" returns one level, not to the top', async () => {
    const { page, context } = await openScreen(browser, stack, {
      width: 1920,
      height: 1080,
      query: 'pages=overview,hierarchy,alerts&dwell=1',
    })
    const seen = new Set<string>()
    for (let i = 0; i < 40 && seen.size < 3; i++) {
      const p = await page.locator('main [data-page]').first().getAttribute('data-page')
      if (p) seen.add(p)
      await page.waitForTimeout(150)
    }
    expect([...seen].sort()).toEqual(['alerts', 'hierarchy', 'overview'])
    await context.close()

    // After a round of pages the wall moves on to the child jurisdictions, then back to the parent.
    const wall = await openScreen(browser, stack, {
      width: 1920,
      height: 1080,
      query: 'j=320000&children=1&pages=overview&dwell=1',
    })
    const titles = new Set<string>()
    for (let i = 0; i < 40 && titles.size < 2; i++) {
      titles.add((await wall.page.locator('h1').textContent()) ?? '')
      await wall.page.waitForTimeout(150)
    }
    expect([...titles].sort()).toEqual(['扬州市数字政府建设驾驶舱', '江苏省数字政府建设驾驶舱'])
    await wall.context.close()

    const drill = await openScreen(browser, stack, { width: 3840, height: 2160, query: 'pages=hierarchy&rotate=0' })
    await drill.page.getByTestId('page-hierarchy').waitFor()
    await drill.page.getByTestId('hierarchy-indicators').locator('li').first().click()
    await drill.page.getByTestId('detail').waitFor()
    await drill.page.getByTestId('back').click()
    await drill.page.getByTestId('page-hierarchy').waitFor()
    expect(await drill.page.getByTestId('back').count()).toBe(0)
    await drill.context.close()
  })
})
