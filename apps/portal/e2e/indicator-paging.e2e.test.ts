import { resolve } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Browser, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, openPortal, type PortalStack } from './portal-stack.js'
import { usePortalStack } from './steps.js'

/** More indicators in one plan than the portal asks for in one page (1,000): the list must say it holds a part. */
const MANY = 1200
const PLAN = 'zz-paging'
const nameOf = (n: number) => `分页测试指标${String(n).padStart(4, '0')}`

/** The list's last page of rows on screen (ElPagination's last page number). */
async function lastTablePage(page: Page) {
  await page.locator('[data-testid=indicator-table] ~ .pager .el-pager li.number').last().click()
}

describe('an administrator reaches every indicator of a scope larger than one page', () => {
  let stack: PortalStack
  let browser: Browser
  let all: number
  let lastId: number
  usePortalStack(
    (s) => {
      stack = s.stack
      browser = s.browser
    },
    { seedPlans: (key) => key === 'nanchang-2023' },
  )
  beforeAll(async () => {
    // A plan of 南昌 whose key sorts after the seeded one, so its indicators come last in the list's order
    // (jurisdiction, plan, position); inserted as rows, as a plan import or the national load would leave them.
    const plan = await stack.db
      .insertInto('plans')
      .values({
        key: PLAN,
        jurisdiction_code: '360100',
        title: '分页测试规划',
        doc_number: null,
        issuer: '南昌市人民政府',
        issued_on: '2023-06-01',
        start_year: 2023,
        end_year: 2025,
        vision_year: null,
        source_file: 'paging.txt',
        cite_section: '一',
        cite_quote: '分页测试',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const rows = await stack.db
      .insertInto('indicators')
      .values(
        Array.from({ length: MANY }, (_, i) => ({
          plan_id: plan.id,
          key: `p${i + 1}`,
          jurisdiction_code: '360100',
          pillar_id: null,
          name: nameOf(i + 1),
          unit: '%',
          measure: 'percent' as const,
          direction: 'higher' as const,
          nature: 'expected' as const,
          cadence: 'monthly' as const,
          baseline_year: null,
          baseline_value: null,
          baseline_cite_section: null,
          baseline_cite_quote: null,
          cite_section: '一',
          cite_quote: '分页测试',
          note: null,
          position: i + 1,
        })),
      )
      .returning('id')
      .execute()
    lastId = rows.at(-1)!.id
    // Every indicator has a final target (the product refuses to remove the last one): ≥ 90% by 2025.
    await stack.db
      .insertInto('indicator_targets')
      .values(
        rows.map((r) => ({
          indicator_id: r.id,
          year: 2025,
          due_date: '2025-12-31',
          comparator: 'gte' as const,
          value: 90,
          value_max: null,
          cite_section: null,
          cite_quote: null,
        })),
      )
      .execute()
    const counted = await stack.db
      .selectFrom('indicators')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    all = Number(counted.n)
    expect(all).toBeGreaterThan(MANY)
  })

  it('shows the total and that the list is partial, loads the next page and opens an indicator from it', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/admin/indicators', { as: 'admin' })
    const summary = page.getByTestId('indicator-summary')
    await page.getByTestId('admin-indicator-row').first().waitFor()
    expect(await page.getByTestId('indicator-total').textContent()).toBe(all.toLocaleString('zh-CN'))
    expect(await page.getByTestId('indicator-loaded').textContent()).toBe('1,000')
    expect(await summary.textContent()).toContain('排序和表头筛选只作用于已加载的指标')
    // The rows held end before the last indicator: the table's last page does not show it.
    await lastTablePage(page)
    await page.getByTestId('admin-indicator-row').first().waitFor()
    expect(await page.locator(`[data-testid=admin-indicator-row][data-id="${lastId}"]`).count()).toBe(0)
    await page.screenshot({ path: resolve(ARTIFACTS, 'indicators-partial.png'), fullPage: true })
    // The partial state (summary, 加载更多) passes the same accessibility check as the main pages.
    const axe = await new AxeBuilder({ page }).analyze()
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])

    await page.getByTestId('indicator-load-more').click()
    await page.locator('[data-testid=indicator-summary][data-complete=true]').waitFor()
    expect(await summary.textContent()).toContain('已全部加载')
    expect(await page.getByTestId('indicator-total').textContent()).toBe(all.toLocaleString('zh-CN'))
    expect(await page.getByTestId('indicator-load-more').count()).toBe(0)
    await lastTablePage(page)
    await page.locator(`[data-testid=admin-indicator-row][data-id="${lastId}"]`).click()
    await page.getByTestId('admin-indicator').waitFor()
    expect(await page.getByTestId('admin-indicator').locator('h1').textContent()).toContain(nameOf(MANY))
    expect(errors).toEqual([])
    await context.close()
  })

  it('narrows on the server: a plan counts all its indicators, a name search finds one beyond the first page', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/admin/indicators', { as: 'admin' })
    await page.getByTestId('admin-indicator-row').first().waitFor()
    await page.getByTestId('indicator-plan-filter').selectOption(PLAN)
    await page.getByTestId('indicator-total').filter({ hasText: '1,200' }).waitFor()
    expect(await page.getByTestId('indicator-loaded').textContent()).toBe('1,000')

    await page.getByTestId('indicator-search').fill(nameOf(1150))
    await page.getByRole('button', { name: '查询' }).click()
    await page.locator('[data-testid=indicator-summary][data-complete=true]').waitFor()
    expect(await page.getByTestId('indicator-total').textContent()).toBe('1')
    const rows = page.getByTestId('admin-indicator-row')
    expect(await rows.count()).toBe(1)
    expect(await rows.textContent()).toBe(nameOf(1150))
    expect(errors).toEqual([])
    await context.close()
  })
})
