import { resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pillarProgress } from '../src/model/overview.js'
import type { ScreenIndicator } from '../src/model/types.js'
import { launchChromium } from './browser.js'
import { ARTIFACTS, layoutDefects, openScreen } from './screen-page.js'
import { startScreenStack, type ScreenStack } from './stack.js'

const walls = [
  { name: '1920x1080', width: 1920, height: 1080, panels: 1 },
  { name: '3840x2160', width: 3840, height: 2160, panels: 1 },
  { name: '5760x1080-video-wall', width: 5760, height: 1080, panels: 3 },
  { name: '1366x768', width: 1366, height: 768, panels: 1 },
  { name: '6656x1792-spliced-wall', width: 6656, height: 1792, panels: 2 },
  // Windows display scaling: a 1920×1080 monitor at 125% and 150% reports a smaller viewport.
  { name: '1920x1080-at-125pct', width: 1536, height: 864, scale: 1.25, panels: 1 },
  { name: '1920x1080-at-150pct', width: 1280, height: 720, scale: 1.5, panels: 1 },
]

describe('the wall screen fits any wall', () => {
  let stack: ScreenStack
  let browser: Browser
  beforeAll(async () => {
    stack = await startScreenStack()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await stack?.close()
  })

  it.each(walls)('$name: fills the wall without scrollbars, clipped titles or blurred charts', async (wall) => {
    const { page, context, errors } = await openScreen(browser, stack, wall)
    await page.waitForTimeout(1500) // let chart animations settle before the screenshot
    const d = await layoutDefects(page)
    await page.screenshot({ path: resolve(ARTIFACTS, `${wall.name}.png`) })
    await context.close()
    expect(errors).toEqual([])
    expect(d.scroll).toEqual({ x: false, y: false })
    expect(d.clipped).toEqual([])
    expect(d.canvas.panels).toBe(wall.panels)
    // The canvas stays inside the viewport and fills it along at least one axis (letterbox, never overflow).
    expect(d.canvas.left).toBeGreaterThanOrEqual(-0.5)
    expect(d.canvas.top).toBeGreaterThanOrEqual(-0.5)
    expect(d.canvas.right).toBeLessThanOrEqual(d.viewport.width + 0.5)
    expect(d.canvas.bottom).toBeLessThanOrEqual(d.viewport.height + 0.5)
    expect(
      Math.max(d.canvas.right - d.canvas.left - d.viewport.width, d.canvas.bottom - d.canvas.top - d.viewport.height),
    ).toBeGreaterThan(-2)
    expect(d.charts).toBeGreaterThan(2)
    expect(d.minSharpness).toBeGreaterThanOrEqual(0.99)
    expect(d.fontLoaded).toBe(true)
  })

  it('shows one page per panel side by side on a video wall, in rotation order', async () => {
    const { page, context } = await openScreen(browser, stack, { width: 5760, height: 1080 })
    const pages = await page
      .locator('main [data-page]')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.page))
    await context.close()
    expect(pages).toEqual(['overview', 'pillars', 'binding'])
  })

  it('points at the chart element under the cursor on a 4K wall where the canvas is scaled ×2', async () => {
    const { page, context } = await openScreen(browser, stack, { width: 3840, height: 2160 })
    const res = await context.request.get(`${stack.url()}/api/v1/indicators`)
    const names = pillarProgress(((await res.json()) as { items: ScreenIndicator[] }).items)
      .slice(0, 8)
      .map((g) => g.name)
    const chart = page.getByRole('img', { name: '各板块完成度' })
    const box = (await chart.boundingBox())!
    const scale = Number(await page.getByTestId('canvas').getAttribute('data-scale'))
    expect(scale).toBeCloseTo(2)
    // The bar chart's plot area starts 36 design px below the chart's top and ends 8 above its bottom.
    const rowY = (k: number) => box.y + (36 + (k + 0.5) * ((box.height / scale - 44) / names.length)) * scale
    for (const k of [0, names.length - 1]) {
      await page.mouse.move(box.x + box.width * 0.6, rowY(k))
      await expect
        .poll(() => chart.locator('div').filter({ hasText: names[k]! }).count(), { timeout: 3_000 })
        .toBeGreaterThan(0)
    }
    await context.close()
  })
})
