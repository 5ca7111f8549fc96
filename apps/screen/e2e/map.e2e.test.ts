import { resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './browser.js'
import { ARTIFACTS, openScreen } from './screen-page.js'
import { startScreenStack, type ScreenStack } from './stack.js'

const walls = [
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '3840x2160', width: 3840, height: 2160 },
  { name: '5760x1080', width: 5760, height: 1080 },
]
const MAP = '[data-testid=hierarchy-map]'

/** Waits until the map of `adcode` is drawn with a centre for each of `children`, and returns those centres. */
async function mapOf(page: Page, adcode: string, children: string[]) {
  await page.waitForFunction(
    ([sel, code, kids]) => {
      const el = document.querySelector<HTMLElement>(sel as string)
      if (!el?.dataset.map?.startsWith(`geo-${code}-`)) return false
      const centres = JSON.parse(el.dataset.centres ?? '{}') as Record<string, number[]>
      return (kids as string[]).every((k) => k in centres)
    },
    [MAP, adcode, children] as const,
    { timeout: 20_000 },
  )
  return page.locator(MAP).getAttribute('data-source')
}

/** A place's centre on the page: the chart's own convertToPixel, carried through the wall's CSS scaling. */
async function pointOf(page: Page, adcode: string) {
  return page.evaluate(
    ([sel, code]) => {
      const el = document.querySelector<HTMLElement>(sel as string)!
      const chart = el.querySelector<HTMLElement>('.chart')!
      const [x, y] = (JSON.parse(el.dataset.centres!) as Record<string, number[]>)[code as string]!
      const box = chart.getBoundingClientRect()
      const scale = box.width / chart.offsetWidth
      return { x: box.left + x! * scale, y: box.top + y! * scale }
    },
    [MAP, adcode] as const,
  )
}

/** The tooltip's text once it shows (ECharts draws it as a DOM box inside the chart). */
async function tooltipAt(page: Page, point: { x: number; y: number }) {
  await page.mouse.move(point.x - 3, point.y - 3)
  await page.mouse.move(point.x, point.y, { steps: 3 })
  const tip = page.locator(`${MAP} .chart div`).filter({ hasText: '最差状态' }).last()
  await tip.waitFor({ state: 'visible', timeout: 5_000 })
  return tip.innerText()
}

/** Rests the pointer on `adcode`'s centre until the tooltip names `name` (retried while it moves over); its text. */
async function expectPlaceUnder(page: Page, adcode: string, name: string) {
  let text = ''
  await expect
    .poll(
      async () => {
        text = await tooltipAt(page, await pointOf(page, adcode))
        return text.split('\n')[0]
      },
      { timeout: 10_000 },
    )
    .toBe(name)
  return text
}

describe('the 区划态势 map on the wall', () => {
  let stack: ScreenStack
  let browser: Browser
  let cities: { code: string; name: string }[]
  let districts: { code: string; name: string }[]
  const childrenOf = (code: string) =>
    stack.db
      .selectFrom('jurisdictions')
      .select(['code', 'name'])
      .where('parent_code', '=', code)
      .where('retired_at', 'is', null)
      .orderBy('code')
      .execute()
  beforeAll(async () => {
    stack = await startScreenStack()
    browser = await launchChromium()
    cities = await childrenOf('360000')
    districts = await childrenOf('360100')
  })
  afterAll(async () => {
    await browser?.close()
    await stack?.close()
  })

  it.each(walls)(
    '$name: draws the children sharply, names the place under the pointer, drills down one level and back up one',
    async (wall) => {
      const { page, context, errors } = await openScreen(browser, stack, {
        ...wall,
        query: 'j=360000&pages=hierarchy&rotate=0',
      })
      try {
        expect(
          await mapOf(
            page,
            '360000',
            cities.map((c) => c.code),
          ),
        ).toBe('schematic')
        await expect.poll(() => page.locator('[data-testid=map-source]').innerText()).toContain('示意图')
        // The backing store matches device pixels: CSS width on screen × devicePixelRatio (no upscaled bitmap).
        const sharp = await page.evaluate((sel) => {
          const c = document.querySelector(`${sel} canvas`) as HTMLCanvasElement
          return { backing: c.width, css: c.getBoundingClientRect().width * window.devicePixelRatio }
        }, MAP)
        expect(Math.abs(sharp.backing - sharp.css)).toBeLessThanOrEqual(2)

        const nanchang = cities.find((c) => c.code === '360100')!
        const last = cities.at(-1)!
        await expectPlaceUnder(page, last.code, last.name)
        const tip = await expectPlaceUnder(page, nanchang.code, '南昌市')
        expect(tip).toMatch(/指标 \d+ 项/)
        await page.screenshot({ path: resolve(ARTIFACTS, `map-${wall.name}.png`) })

        const at = await pointOf(page, nanchang.code)
        await page.mouse.click(at.x, at.y)
        expect(
          await mapOf(
            page,
            '360100',
            districts.map((d) => d.code),
          ),
        ).toBe('schematic')
        await expect.poll(() => page.locator('.panel h2').first().innerText()).toContain('南昌市')
        const county = districts[0]!
        await expectPlaceUnder(page, county.code, county.name)

        await page.locator('[data-testid=map-back]').click()
        await mapOf(
          page,
          '360000',
          cities.map((c) => c.code),
        )
        await expect.poll(() => page.locator('.panel h2').first().innerText()).toContain('江西省')
        expect(await page.locator('[data-testid=map-back]').count()).toBe(0)
        expect(errors).toEqual([])
      } finally {
        await context.close()
      }
    },
  )

  it('shows an uploaded approved boundary file instead of the schematic, with its 审图号', async () => {
    await stack.addUser({ username: 'map-admin', password: 'map-admin-password-1', role: 'admin' })
    const admin = await stack.apiAs({ username: 'map-admin', password: 'map-admin-password-1' })
    // Synthetic shapes with the real child adcodes: a staircase of rectangles of different widths (not the tile grid).
    const features = cities.map((c, i) => {
      const x = i * 3
      const w = 2 + (i % 3) * 0.4
      return {
        type: 'Feature',
        properties: { adcode: c.code, name: 'ignored' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x, i],
              [x + w, i],
              [x + w, i + 2],
              [x, i + 2],
              [x, i],
            ],
          ],
        },
      }
    })
    const form = new FormData()
    form.set(
      'file',
      new File([JSON.stringify({ type: 'FeatureCollection', features })], 'jiangxi.geojson', {
        type: 'application/geo+json',
      }),
    )
    form.set('approvalNo', '赣S(2026)001号')
    const stored = await admin.put<{ source: string }>('/api/v1/admin/geo/360000', form)
    expect(stored.source).toBe('approved')

    const { page, context, errors } = await openScreen(browser, stack, {
      width: 1920,
      height: 1080,
      query: 'j=360000&pages=hierarchy&rotate=0',
    })
    try {
      expect(
        await mapOf(
          page,
          '360000',
          cities.map((c) => c.code),
        ),
      ).toBe('approved')
      await expect.poll(() => page.locator('[data-testid=map-source]').innerText()).toBe('审图号 赣S(2026)001号')
      const third = cities[2]!
      await expectPlaceUnder(page, third.code, third.name)
      await page.screenshot({ path: resolve(ARTIFACTS, 'map-approved.png') })
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })

  it("colours 南京市 on 江苏's map by the value reported for it of 江苏's own indicator, within 2 s", async () => {
    const SHARING = 'jiangsu-14th/ggsj-axgxl' // 公共数据按需共享率, 江苏's, reported by its cities
    const lead = await stack.leadToken(SHARING)
    const jiangsu = await childrenOf('320000')
    const { page, context, errors } = await openScreen(browser, stack, {
      width: 1920,
      height: 1080,
      query: 'j=320000&pages=hierarchy&rotate=0',
    })
    try {
      await mapOf(
        page,
        '320000',
        jiangsu.map((c) => c.code),
      )
      await page.locator('[data-testid=live-state][data-stale=false]').waitFor({ timeout: 10_000 })
      const before = await expectPlaceUnder(page, '320100', '南京市')
      expect(before).not.toContain('公共数据按需共享率')
      await page.mouse.move(5, 5)
      const started = Date.now()
      await stack.submit(lead.token, [{ indicator: SHARING, jurisdiction: '320100', period: '2024-03', value: 12 }])
      // 12% in March is far behind the path to the 2025 target: 南京市 turns 进度滞后 (or 存在风险) on the map.
      await expect
        .poll(
          async () => {
            const tip = await expectPlaceUnder(page, '320100', '南京市')
            await page.mouse.move(5, 5)
            return /指标 1 项/.test(tip) && !/最差状态:暂无数据/.test(tip)
          },
          { timeout: 2_000, interval: 100 },
        )
        .toBe(true)
      console.log(`南京市 value → on 江苏's map: ${Date.now() - started} ms`)
      await page.screenshot({ path: resolve(ARTIFACTS, 'map-child-value.png') })
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })
})
