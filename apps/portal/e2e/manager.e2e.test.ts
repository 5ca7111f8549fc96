import { resolve } from 'node:path'
import ExcelJS from 'exceljs'
import type { Browser } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { apiAs, ARTIFACTS, eventually, openPortal, tableRow, type PortalStack } from './portal-stack.js'
import { fireBindingAlert, usePortalStack } from './steps.js'

const CERT = 'nanchang-2023/dzzz-yzl' // 政务服务电子证照用证率, binding, monthly

describe('a manager handles alerts', () => {
  let stack: PortalStack
  let browser: Browser
  let alertId: string
  usePortalStack((s) => {
    stack = s.stack
    browser = s.browser
  })
  beforeAll(async () => {
    alertId = (await fireBindingAlert(stack, CERT)).id
  })

  it('finds the firing alert in the inbox, acknowledges it and silences it with a reason and an end time', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/', { as: 'manager' })
    const row = tableRow(page, `[data-testid=alert-link][data-id="${alertId}"]`)
    await row.waitFor()
    expect(page.url()).toContain('/portal/manager/alerts')
    expect(await row.textContent()).toContain('待确认')
    // Resolved filter: the firing alert is not there.
    await page.getByTestId('alerts-filter-resolved').click()
    await row.waitFor({ state: 'detached' })
    await page.getByTestId('alerts-filter-firing').click()
    await row.getByTestId('alert-link').click()

    await page.getByTestId('alert-ack').click()
    await page.getByTestId('alert-acked').waitFor()
    expect(await page.getByTestId('alert-notes').textContent()).toContain('确认')

    await page.getByTestId('alert-silence-open').click()
    await page.getByTestId('silence-submit').click()
    expect(await page.getByTestId('silence-error').textContent()).toContain('请填写静默原因')
    // The default end is a day after the product clock's now (2024-06-30 12:00 Beijing).
    expect(await page.getByTestId('silence-end').inputValue()).toBe('2024-07-01T12:00')
    await page.getByTestId('silence-end').fill('2024-07-05T18:00')
    await page.getByTestId('silence-reason').fill('已督办,数据核实中')
    await page.getByTestId('silence-submit').click()
    await page.getByTestId('alert-silenced').waitFor()
    expect(await page.getByTestId('alert-message').textContent()).toContain('2024-07-05 18:00')
    await page.screenshot({ path: resolve(ARTIFACTS, 'manager-alert.png') })

    const silences = await (await apiAs(stack, 'manager')).get<{
      items: { reason: string; endsAt: string; active: boolean }[]
    }>('/api/v1/silences')
    expect(silences.items).toEqual([
      expect.objectContaining({ reason: '已督办,数据核实中', endsAt: '2024-07-05T10:00:00.000Z', active: true }),
    ])
    await page.getByRole('link', { name: '← 告警' }).click()
    await row.getByTestId('alert-silenced').waitFor()
    expect(await row.getByTestId('alert-acked').count()).toBe(1)
    expect(errors).toEqual([])
    await context.close()
  })

  it('sends a 一键催报 for an overdue report: the reporter finds it in the inbox, and a second click is refused in Chinese', async () => {
    const manager = await apiAs(stack, 'manager')
    await eventually(async () =>
      (await manager.get<{ items: { indicatorId: number }[] }>('/api/v1/reporting/overdue?limit=200')).items.find(
        (o) => o.indicatorId === stack.cloud.indicatorId,
      ),
    )
    const { page, context, errors } = await openPortal(browser, stack, '/manager/discipline', { as: 'manager' })
    const row = page.locator(`[data-testid=overdue-row][data-indicator="${stack.cloud.indicatorId}"]`).first()
    await row.waitFor()
    await row.getByTestId('remind').click()
    await row.getByTestId('remind-ok').waitFor()
    expect(await row.getByTestId('remind-ok').textContent()).toMatch(/已催报,[1-9]\d* 人收到站内信/)
    expect(await page.getByTestId('reminder').first().textContent()).toContain('催报:')

    const inbox = await (await apiAs(stack, 'reporter')).get<{ items: { kind: string; title: string }[] }>(
      '/api/v1/inbox',
    )
    expect(inbox.items.filter((i) => i.kind === 'reminder').map((i) => i.title)).toEqual([
      expect.stringContaining('【催报】'),
    ])
    // The reporter reads it in the portal's 站内信 and marks it read.
    const reporter = await openPortal(browser, stack, '/inbox', { as: 'reporter' })
    const message = reporter.page.getByTestId('inbox-item').filter({ hasText: '【催报】' })
    await message.waitFor()
    await message.getByTestId('inbox-read').click()
    await message.filter({ hasText: '已读' }).waitFor()
    expect(reporter.errors).toEqual([])
    await reporter.context.close()

    await row.getByTestId('remind').click()
    await row.getByTestId('remind-error').waitFor()
    expect(await row.getByTestId('remind-error').textContent()).toMatch(/催报过.*分钟后再试/)
    await page.screenshot({ path: resolve(ARTIFACTS, 'manager-remind.png') })
    expect(errors).toEqual([])
    await context.close()
  })

  it('downloads the monthly bulletin, which opens as a workbook with the overview and the indicator details', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/manager/bulletin', { as: 'manager' })
    await page.getByTestId('bulletin').waitFor()
    // An ElDatePicker (month): typed, then Enter takes the text.
    const month = page.locator('#bulletin-month')
    await expect.poll(() => month.inputValue()).toBe('2024-05')
    await month.fill('2024-06')
    await month.press('Enter')
    await page.getByTestId('jurisdiction-picker').selectOption('360100')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bulletin-download').click()])
    expect(download.suggestedFilename()).toBe('数字政府建设指标月度通报-南昌市-2024年06月.xlsx')
    const file = resolve(ARTIFACTS, 'bulletin.xlsx')
    await download.saveAs(file)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(file)
    expect(workbook.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['概览', '指标明细']))
    const details = workbook.getWorksheet('指标明细')!
    const text: string[] = []
    details.eachRow((row) => text.push(row.values ? JSON.stringify(row.values) : ''))
    expect(text.join('\n')).toContain('政务服务电子证照用证率')
    expect(await page.getByTestId('bulletin-saved').textContent()).toContain('南昌市-2024年06月')
    expect(errors).toEqual([])
    await context.close()
  })

  it('drills from the jurisdiction to a pillar to an indicator and sees its path chart and revisions; back goes up one level', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/manager/drill?j=360100', { as: 'manager' })
    await page.getByTestId('drill-pillars').locator('button').first().waitFor()
    const pillar = page.getByTestId('drill-pillars').locator('button').filter({ hasText: '进度滞后' }).first()
    await pillar.click()
    await page.getByTestId('drill-indicators').getByText('政务服务电子证照用证率').click()
    await page.getByTestId('drill-indicator').waitFor()
    await page.getByTestId('trend-chart').locator('canvas').waitFor()
    expect(await page.getByTestId('drill-indicator').textContent()).toContain('2024年5月:31%')
    await page.screenshot({ path: resolve(ARTIFACTS, 'manager-drill.png') })
    await page.goBack()
    await page.getByTestId('drill-indicators').waitFor()
    expect(errors).toEqual([])
    await context.close()
  })
})
