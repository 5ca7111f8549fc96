import { resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ACCOUNTS, ARTIFACTS, CLOUD, openPortal, tableRow, type PortalStack } from './portal-stack.js'
import { usePortalStack } from './steps.js'
import { tinyPdf } from '@cockpit/tabular/testing'

describe('a reporter at the desk', () => {
  let stack: PortalStack
  let browser: Browser
  usePortalStack((s) => {
    stack = s.stack
    browser = s.browser
  })

  it('logs in (a wrong password says so in Chinese), sees the indicators it owes and reports a value, then sees the new status', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/')
    await page.getByTestId('login').waitFor()
    await page.getByTestId('username').fill(ACCOUNTS.reporter.username)
    await page.getByTestId('password').fill('wrong password')
    await page.getByTestId('login-submit').click()
    expect(await page.getByTestId('login-error').textContent()).toContain('用户名或密码错误')
    await page.getByTestId('password').fill(ACCOUNTS.reporter.password)
    await page.getByTestId('login-submit').click()

    const card = page.locator(`[data-testid=indicator-card][data-indicator="${stack.cloud.indicatorId}"]`)
    await card.waitFor()
    expect(page.url()).toContain('/portal/reporter/indicators')
    // 2024-06-30: the quarter now due is Q1, due 15 April, unreported.
    expect(await card.getByTestId('due').textContent()).toMatch(/2024年第一季度.*2024年4月15日/)
    expect(await card.getByTestId('due-state').textContent()).toMatch(/已逾期|缺报/)
    const before = await card.locator('[data-status]').getAttribute('data-status')

    await card.getByTestId('report-open').click()
    const form = page.getByTestId('report-form')
    expect(await form.getByTestId('report-unit').textContent()).toBe('%')
    expect(await form.getByTestId('report-period').inputValue()).toBe('2024-Q1')
    // The same check the worker makes, before anything is sent.
    await form.getByTestId('report-value').fill('80个')
    await form.getByTestId('report-submit').click()
    expect(await form.getByTestId('error-value').textContent()).toContain('百分比指标只能填写数字')

    await form.getByTestId('report-value').fill('79%')
    await form.getByTestId('report-note').fill('e2e 填报')
    await form.getByTestId('report-submit').click()
    const confirmation = page.getByTestId('report-confirmation')
    await confirmation.waitFor({ timeout: 30_000 })
    expect(await confirmation.textContent()).toContain('2024年第一季度 79%')
    const after = (await page.getByTestId('report-new-status').textContent())!.trim()
    expect(await page.getByTestId('report-status-change').textContent()).toContain('→')
    expect(after.length).toBeGreaterThan(0)
    await page.screenshot({ path: resolve(ARTIFACTS, 'reporter-confirmation.png') })
    await page.getByTestId('report-close').click()

    // The card follows: reported (late), the latest value shown.
    await card.getByTestId('due-state').filter({ hasText: '逾期报送' }).waitFor()
    expect(await card.getByTestId('latest-value').textContent()).toBe('79%')
    expect(before).not.toBeNull()
    expect(errors).toEqual([])
    await context.close()
  })

  it('previews a file with one bad row (its error and the good rows, nothing stored), commits it, and the good rows land and the history lists it', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/reporter/upload', { as: 'reporter' })
    await page.getByTestId('upload').waitFor()
    expect(await page.getByTestId('template-link').getAttribute('href')).toBe(
      `/api/v1/departments/${stack.cloud.departmentId}/template`,
    )
    const csv = [
      '指标编码,行政区划代码,统计期,数值,备注',
      `${CLOUD},360100,2023年第四季度,75%,`,
      `${CLOUD},360100,2023年第三季度,八十,`,
      `${CLOUD},360100,2024年第二季度,81,年中`,
    ].join('\r\n')
    const submissions = async () =>
      (await (await context.request.get(`${stack.url()}/api/v1/submissions?limit=200`)).json()).items.length as number
    const stored = await submissions()
    await page
      .getByTestId('upload-file')
      .setInputFiles({ name: '上云率.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') })

    // The preview: the good rows as parsed and the bad row's reason, before anything is stored.
    const preview = page.getByTestId('upload-preview')
    await preview.waitFor({ timeout: 30_000 })
    expect(await preview.getByTestId('preview-summary').textContent()).toMatch(/共 3 行:将采用 2 行.*有错 1 行/)
    expect(await preview.getByTestId('preview-row').allTextContents()).toEqual([
      expect.stringMatching(/第2行.*2023年第四季度.*75%/),
      expect.stringMatching(/第4行.*2024年第二季度.*81%/),
    ])
    expect(await preview.getByTestId('row-error').allTextContents()).toEqual([expect.stringMatching(/第3行.*数值/)])
    expect(await submissions()).toBe(stored)
    await page.screenshot({ path: resolve(ARTIFACTS, 'reporter-upload-preview.png') })

    await preview.getByRole('button', { name: '确认提交' }).click()
    const result = page.getByTestId('upload-result')
    await result.waitFor({ timeout: 30_000 })
    expect(await submissions()).toBe(stored + 1)
    expect(await page.getByTestId('upload-summary').textContent()).toMatch(/共 3 行:采用 2 行.*有错 1 行/)
    const rowErrors = page.getByTestId('row-error')
    expect(await rowErrors.count()).toBe(1)
    expect(await rowErrors.first().textContent()).toMatch(/第3行.*数值/)
    await page.screenshot({ path: resolve(ARTIFACTS, 'reporter-upload.png') })

    // The good rows are in the indicator's history.
    const history = await (
      await context.request.get(`${stack.url()}/api/v1/indicators/${stack.cloud.indicatorId}/observations`)
    ).json()
    expect(history.periods.map((p: { periodKey: string; value: number }) => `${p.periodKey}=${p.value}`)).toEqual(
      expect.arrayContaining(['2023-Q4=75', '2024-Q2=81']),
    )

    await page.getByRole('link', { name: '我的填报' }).click()
    const row = tableRow(page, '[data-testid=submission-row]').filter({ hasText: '上云率.csv' })
    await row.waitFor()
    expect(await row.getByTestId('submission-state').textContent()).toBe('已处理')
    expect(await row.textContent()).toContain('采用 2,相同 0,有错 1')
    expect(errors).toEqual([])
    await context.close()
  })

  it('previews a sheet of its own with 地区 and 指标名称 instead of codes: the 按名称匹配 table says what each name was taken for, an unknown name is a row error', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/reporter/upload', { as: 'reporter' })
    await page.getByTestId('upload').waitFor()
    // CLOUD's seeded name, typed with a space and once without the 市 of 南昌市.
    const csv = [
      '地区,指标名称,统计期,数值',
      '南昌市,非涉密政务系统 上云率,2024年第一季度,76%',
      '南昌,非涉密政务系统上云率,2023年第三季度,70%',
      '南昌市,政务系统上云,2023年第一季度,60%',
    ].join('\r\n')
    await page
      .getByTestId('upload-file')
      .setInputFiles({ name: '本单位统计表.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') })
    const preview = page.getByTestId('upload-preview')
    await preview.waitFor({ timeout: 30_000 })
    expect(await preview.getByTestId('preview-summary').textContent()).toMatch(/共 3 行:将采用 2 行.*有错 1 行/)
    expect(await preview.getByTestId('preview-match').allTextContents()).toEqual([
      `指标非涉密政务系统 上云率非涉密政务系统上云率${CLOUD}1`,
      `指标非涉密政务系统上云率非涉密政务系统上云率${CLOUD}1`,
      '地区南昌市南昌市3601001',
      '地区南昌南昌市3601001',
    ])
    expect(await preview.getByTestId('row-error').allTextContents()).toEqual([
      expect.stringMatching(/第4行.*未找到名为「政务系统上云」的指标,相近的有:「非涉密政务系统上云率」/),
    ])
    await page.screenshot({ path: resolve(ARTIFACTS, 'reporter-upload-by-name.png') })
    expect(errors).toEqual([])
    await context.close()
  })

  it('fits a phone: 我的指标 and the report form without sideways scrolling, the menu behind a button', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/reporter/indicators', {
      as: 'reporter',
      width: 390,
      height: 844,
    })
    await page.getByTestId('indicator-card').first().waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    expect(await page.getByTestId('nav').isVisible()).toBe(false)
    await page.getByRole('button', { name: '菜单' }).click()
    expect(await page.getByTestId('nav').isVisible()).toBe(true)
    await page.getByTestId('report-open').first().click()
    const box = await page.getByTestId('report-form').boundingBox()
    expect(box!.x).toBeGreaterThanOrEqual(0)
    expect(box!.x + box!.width).toBeLessThanOrEqual(390)
    await page.screenshot({ path: resolve(ARTIFACTS, 'reporter-phone.png') })
    expect(errors).toEqual([])
    await context.close()
  })

  it('corrects a reported value with a PDF as evidence: the reason is required, a disguised program is refused, and the new revision shows beside the old one with its file', async () => {
    const { page, context, errors } = await openPortal(
      browser,
      stack,
      `/reporter/indicators/${stack.cloud.indicatorId}`,
      { as: 'reporter' },
    )
    const q1 = page.getByTestId('history-period').filter({ hasText: '2024年第一季度' })
    await q1.getByTestId('correct-open').click()
    const form = page.getByTestId('report-form')
    expect(await form.getByTestId('report-period').inputValue()).toBe('2024-Q1')
    await form.getByTestId('report-value').fill('78')
    await form.getByTestId('report-submit').click()
    expect(await form.getByTestId('error-reason').textContent()).toContain('须填写修改原因')
    await form.getByTestId('report-reason').fill('统计口径调整')
    // A Windows program renamed .pdf is refused by its content, before anything is sent.
    await form.getByTestId('report-evidence').setInputFiles({
      name: '口径说明.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]),
    })
    expect(await form.getByTestId('error-evidence').textContent()).toContain('可执行程序')
    const pdf = Buffer.from(tinyPdf())
    await form
      .getByTestId('report-evidence')
      .setInputFiles({ name: '口径说明.pdf', mimeType: 'application/pdf', buffer: pdf })
    await form.getByTestId('evidence-chosen').waitFor()
    expect(await form.getByTestId('error-evidence').count()).toBe(0)
    await form.getByTestId('report-submit').click()
    await page.getByTestId('report-confirmation').waitFor({ timeout: 30_000 })
    await page.getByTestId('report-close').click()
    await q1.filter({ hasText: '2024年第一季度:78%' }).waitFor()
    expect(await q1.locator('tbody tr').count()).toBe(2)
    expect(await q1.textContent()).toContain('原因:统计口径调整')
    // The new revision carries the file; the first one has none. The link downloads it under its name.
    const link = q1.locator('tbody tr').first().getByTestId('evidence-link')
    expect(await link.textContent()).toBe('口径说明.pdf')
    expect(await q1.locator('tbody tr').nth(1).getByTestId('evidence-link').count()).toBe(0)
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
    expect(download.suggestedFilename()).toBe('口径说明.pdf')
    await page.screenshot({ path: resolve(ARTIFACTS, 'reporter-evidence.png') })
    expect(errors).toEqual([])
    await context.close()
  })
})
