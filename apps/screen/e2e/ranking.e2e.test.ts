import { resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './browser.js'
import { ARTIFACTS, layoutDefects, openScreen } from './screen-page.js'
import { startScreenStack, type ScreenStack } from './stack.js'

const SHARING = 'jiangsu-14th/ggsj-axgxl' // 公共数据按需共享率, 江苏, reported monthly

describe('地区排名 on the wall', () => {
  let stack: ScreenStack
  let browser: Browser
  let sharing: { indicatorId: number; token: string }
  beforeAll(async () => {
    stack = await startScreenStack()
    browser = await launchChromium()
    sharing = await stack.leadToken(SHARING)
    await stack.submit(sharing.token, [
      { indicator: SHARING, jurisdiction: '320100', period: '2024-03', value: 61 },
      { indicator: SHARING, jurisdiction: '321000', period: '2024-03', value: 70 },
    ])
  })
  afterAll(async () => {
    await browser?.close()
    await stack?.close()
  })

  it("ranks the cities of 江苏 on an indicator they report, and takes in a new city's value live", async () => {
    const { page, context, errors } = await openScreen(browser, stack, {
      width: 1920,
      height: 1080,
      query: 'j=320000&pages=ranking&rotate=0',
    })
    const panel = page
      .getByTestId('ranking-page')
      .locator('> *')
      .filter({ hasText: '公共数据按需共享率 · 地区排名' })
      .first()
    await panel.waitFor({ timeout: 10_000 })
    await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toContain('江苏省下级 2/13 个地区有数值')
    await page.locator('[data-testid=live-state][data-stale=false]').waitFor({ timeout: 10_000 })
    await stack.submit(sharing.token, [{ indicator: SHARING, jurisdiction: '320500', period: '2024-03', value: 75 }])
    await expect.poll(() => panel.textContent(), { timeout: 4_000 }).toContain('3/13')
    await page.waitForTimeout(1_500) // the bars' entry animation, for a screenshot worth looking at
    await page.screenshot({ path: resolve(ARTIFACTS, 'ranking-1920x1080.png') })
    const d = await layoutDefects(page)
    expect(d.scroll).toEqual({ x: false, y: false })
    expect(d.clipped).toEqual([])
    expect(d.minSharpness).toBeGreaterThanOrEqual(0.99)
    expect(errors).toEqual([])
    await context.close()
  })
})
