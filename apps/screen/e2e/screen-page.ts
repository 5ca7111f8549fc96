import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { ScreenStack } from './stack.js'

export const ARTIFACTS = resolve(import.meta.dirname, '../../../test-artifacts/screen')
mkdirSync(ARTIFACTS, { recursive: true })

/** Opens the wall screen signed in as the viewer, at a viewport size and display scaling. */
export async function openScreen(
  browser: Browser,
  stack: ScreenStack,
  opts: { width: number; height: number; scale?: number; query?: string },
) {
  const context = await browser.newContext({
    viewport: { width: opts.width, height: opts.height },
    deviceScaleFactor: opts.scale ?? 1,
    timezoneId: 'Asia/Shanghai',
    locale: 'zh-CN',
  })
  await stack.signIn(context)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(process.env.E2E_STACKS ? String(e.stack) : e.message))
  await page.goto(`${stack.url()}/screen/?${opts.query ?? 'rotate=0'}`)
  try {
    await page.locator('main [data-page]').first().waitFor({ state: 'visible', timeout: 20_000 })
  } catch (e) {
    const shown = await page
      .locator('body')
      .innerText()
      .catch(() => '')
    throw new Error(`the screen did not show a page: ${shown.slice(0, 300)} ${errors.join('; ')}`, { cause: e })
  }
  return { page, context, errors }
}

/** What a wall must never show: scrollbars, text cut off without an ellipsis, blurred charts. */
export async function layoutDefects(page: Page) {
  return page.evaluate(() => {
    const doc = document.documentElement
    const scroll = { x: doc.scrollWidth > window.innerWidth, y: doc.scrollHeight > window.innerHeight }
    const clipped: string[] = []
    for (const el of document.querySelectorAll<HTMLElement>('h1, h2, .kpi label, .kpi b, .dots span, .clock span')) {
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).textOverflow !== 'ellipsis')
        clipped.push(el.textContent?.trim() ?? '')
    }
    const canvas = document.querySelector<HTMLElement>('[data-testid=canvas]')!
    const box = canvas.getBoundingClientRect()
    // Backing pixels per screen pixel of every chart: below 1 means the browser upscales a small bitmap (blur).
    const sharpness = [...document.querySelectorAll('canvas')].map(
      (c) => c.width / (c.getBoundingClientRect().width * window.devicePixelRatio),
    )
    return {
      scroll,
      clipped,
      canvas: {
        left: box.left,
        top: box.top,
        right: box.right,
        bottom: box.bottom,
        panels: Number(canvas.dataset.panels),
      },
      viewport: { width: window.innerWidth, height: window.innerHeight },
      minSharpness: Math.min(...sharpness),
      charts: sharpness.length,
      fontLoaded: document.fonts.check('16px "Noto Sans SC"', '数政驾驶舱'),
    }
  })
}

/** Panels whose content is taller than the panel (hidden by overflow, so a row or a line would be cut off unseen). */
export async function overflowingPanels(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.panel')].flatMap((p) => {
      const body = p.querySelector<HTMLElement>('.body')
      return body && body.scrollHeight > body.clientHeight + 1
        ? [p.querySelector('h2')?.textContent?.trim() ?? '?']
        : []
    }),
  )
}
