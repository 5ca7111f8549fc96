import { launchChromium, startStack, type Stack, watchCsp } from '@cockpit/browser-testing'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLOUD } from './portal-stack.js'

const SUBMIT_SUMMARY = '提交一条或一批指标数值'
const LIST_SUMMARY = '本单位的提交记录与处理状态'

// The API serves this page itself; it sits with the portal's browser tests because they start the stack.
describe('the API reference page (/api/docs) in Chromium', () => {
  let stack: Stack
  let browser: Browser
  let token: string
  beforeAll(async () => {
    stack = await startStack({ sites: [] })
    browser = await launchChromium()
    token = (await stack.leadToken(CLOUD)).token
  })
  afterAll(async () => {
    await browser?.close()
    await stack?.close()
  })

  it('lists the operations, shows a request schema and calls the API with a department token', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })
    const csp = await watchCsp(context)
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${stack.url()}/api/docs`)

    // Rendered from the served document: the operation list, with the submissions operation's summary.
    const submit = page.locator('.opblock').filter({ hasText: SUBMIT_SUMMARY })
    // 1.7 MB of Swagger UI plus the document built on first request: slow on a loaded 2-core runner.
    await submit.waitFor({ timeout: 90_000 })
    expect(await page.locator('.opblock').count()).toBeGreaterThan(90)
    await submit.locator('.opblock-summary').first().click()
    await submit.getByRole('tab', { name: 'Schema' }).first().click()
    // The request body's model: the batch of items an integrating system posts.
    const model = submit.locator('.model-box').first()
    await model.waitFor()
    expect(await model.innerText()).toMatch(/items[\s\S]*allOrNothing/)

    // Authorize with the department token, then "Try it out" on the department's own submissions list.
    await page.getByRole('button', { name: 'Authorize' }).first().click()
    const scheme = page.locator('.auth-container').filter({ hasText: 'departmentToken' })
    await scheme.locator('input').fill(token)
    await scheme.getByRole('button', { name: 'Apply credentials' }).click()
    await scheme.getByRole('button', { name: 'Close' }).click()
    const list = page.locator('.opblock').filter({ hasText: LIST_SUMMARY })
    await list.locator('.opblock-summary').first().click()
    await list.getByRole('button', { name: 'Try it out' }).click()
    await list.getByRole('button', { name: 'Execute' }).click()
    const live = list.locator('.live-responses-table tbody .response-col_status').first()
    await live.waitFor()
    expect((await live.innerText()).trim()).toBe('200')
    expect(await list.locator('.live-responses-table tbody .response-col_description').first().innerText()).toContain(
      'items',
    )

    expect(await csp.violations()).toEqual([])
    expect(errors).toEqual([])
    await context.close()
  })
})
