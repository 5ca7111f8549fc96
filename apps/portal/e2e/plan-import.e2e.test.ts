import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { watchCsp } from '@cockpit/browser-testing'
import { Document, Packer, Paragraph } from 'docx'
import type { Browser, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ACCOUNTS, apiAs, type PortalStack } from './portal-stack.js'
import { usePortalStack } from './steps.js'

const DAZHU = '003_2b40f101dbf8461e.txt'
const JIANGSU = '004_b70e0eb847a576b6.txt'
// The seed documents beside the repository (../shared/seeds), as the seeds' own validation reads them.
const SEED_DOCUMENTS = resolve(import.meta.dirname, '../../../../shared/seeds')
const seedText = (file: string) => readFileSync(join(SEED_DOCUMENTS, file), 'utf8')

/** The 大竹 plan as Word writes it: one paragraph per line of the published text. */
async function docxOf(text: string): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: text.split(/\r?\n/).map((line) => new Paragraph(line)) }] })
  return Packer.toBuffer(doc)
}

// The stack's database holds every seed plan except 大竹's and 江苏's (their jurisdictions and departments are
// there, as in the seeds): a re-import of a plan already stored proposes only its differences by design, so the
// two plans this test imports must not be stored before it commits them.
const withoutImported = (key: string) => key !== 'dazhu-2022' && key !== 'jiangsu-14th'

describe('规划导入 in the browser', () => {
  let stack: PortalStack
  let browser: Browser
  usePortalStack(
    (s) => {
      stack = s.stack
      browser = s.browser
    },
    { seedPlans: withoutImported, withWall: true },
  )

  async function uploadFile(page: Page, name: string, buffer: Buffer) {
    await page.getByTestId('plan-file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer })
    await page.getByTestId('plan-upload').click()
  }
  async function acceptEveryGroup(page: Page) {
    for (const kind of ['plan', 'pillar', 'target', 'milestone', 'task', 'department']) {
      const button = page.getByTestId(`accept-all-${kind}`)
      if (await button.count()) {
        await button.click()
        await page
          .getByTestId(`group-${kind}`)
          .getByTestId('proposal-decision')
          .filter({ hasNotText: '已接受' })
          .first()
          .waitFor({ state: 'detached' })
      }
    }
  }
  async function commit(page: Page) {
    await page.getByTestId('plan-commit').click()
    await page.getByTestId('plan-commit-confirm').click()
  }

  it('imports 大竹 from a .docx and 江苏 from a .txt, reviewed and committed; the wall reads them; the same file again proposes nothing', async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      timezoneId: 'Asia/Shanghai',
      locale: 'zh-CN',
    })
    const csp = await watchCsp(context)
    await stack.signIn(context, ACCOUNTS.admin)
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${stack.url()}/portal/admin/plans`)
    await page.getByTestId('nav').getByText('规划导入').click()
    await page.getByTestId('admin-plan-import').waitFor()

    // 大竹 (.docx): review beside the text, accept each group, commit.
    await uploadFile(page, '大竹县数字政府建设三年行动方案.docx', await docxOf(seedText(DAZHU)))
    await page.getByTestId('plan-import-summary').waitFor()
    expect(await page.getByTestId('plan-import-summary').textContent()).toContain('大竹县(511724)')
    const firstTarget = page.getByTestId('group-target').locator('[data-testid^=proposal-]').first()
    await firstTarget.getByTestId('proposal-summary').click()
    const mark = page.getByTestId('plan-text').getByTestId('plan-quote')
    await mark.waitFor()
    expect((await mark.textContent())!.length).toBeGreaterThan(1)
    expect(await mark.isVisible()).toBe(true)
    await acceptEveryGroup(page)
    await commit(page)
    await page.getByTestId('plan-import-notice').waitFor()
    expect(await page.getByTestId('plan-import-notice').textContent()).toContain('已提交:新建规划')

    // 江苏 (.txt, Traditional): the document prints no issue date, so the commit is refused next to 规划信息 until one is typed.
    await uploadFile(page, '江苏省十四五数字政府建设规划.txt', Buffer.from(seedText(JIANGSU)))
    await page.getByTestId('plan-import-summary').filter({ hasText: '江苏省十四五' }).waitFor()
    expect(await page.getByTestId('plan-import-summary').textContent()).toContain('繁体文件已转为简体')
    await acceptEveryGroup(page)
    await commit(page)
    const planError = page.getByTestId('group-plan').getByTestId('proposal-error')
    await planError.waitFor()
    expect(await planError.textContent()).toContain('印发日期')
    await page.getByTestId('group-plan').getByTestId('proposal-edit').click()
    await page.locator('input[data-testid=edit-issuedOn], [data-testid=edit-issuedOn] input').fill('2021-12-31')
    await page.getByTestId('proposal-save').click()
    await page.getByTestId('group-plan').getByTestId('proposal-error').waitFor({ state: 'detached' })
    await commit(page)
    await page.getByTestId('plan-import-notice').filter({ hasText: '已提交' }).waitFor()

    // What the wall reads: the plans and the indicators of each jurisdiction.
    const admin = await apiAs(stack, 'admin')
    for (const [code, title] of [
      ['511724', '大竹县数字政府建设三年行动方案'],
      ['320000', '江苏省“十四五”数字政府建设规划'],
    ] as const) {
      const plans = await admin.get<{ items: { key: string; title: string }[] }>(`/api/v1/plans?jurisdiction=${code}`)
      const plan = plans.items.find((p) => p.title.startsWith(title))
      expect(plan, code).toBeDefined()
      const indicators = await admin.get<{ items: { jurisdictionCode: string; name: string }[] }>(
        `/api/v1/indicators?plan=${plan!.key}`,
      )
      expect(indicators.items.length).toBeGreaterThan(3)
      const tasks = await admin.get<{ items: unknown[] }>(`/api/v1/tasks?plan=${plan!.key}`)
      expect(tasks.items.length).toBeGreaterThan(3)
      // And the wall itself: the jurisdiction's 板块 page lists the imported plan's pillars and indicators.
      const wall = await context.newPage()
      wall.on('pageerror', (e) => errors.push(e.message))
      await wall.goto(`${stack.url()}/screen/?j=${code}&rotate=0&pages=pillars`)
      await wall.locator('main [data-page]').first().waitFor({ timeout: 30_000 })
      const own = indicators.items.filter((i) => i.jurisdictionCode === code).map((i) => i.name)
      await expect
        .poll(
          async () => {
            const text = await wall.locator('main').innerText()
            return text.includes(title.slice(0, 6)) && own.some((n) => text.includes(n))
          },
          { timeout: 30_000 },
        )
        .toBe(true)
      await wall.close()
    }

    // The same 江苏 file again: nothing new to review.
    await uploadFile(page, '江苏省十四五数字政府建设规划.txt', Buffer.from(seedText(JIANGSU)))
    await page.getByTestId('plan-nothing-new').waitFor()
    expect(await page.getByTestId('plan-import-counts').textContent()).toContain('待审核 0 条')
    expect(await page.getByTestId('plan-commit').count()).toBe(0)

    expect(await csp.violations()).toEqual([])
    expect(errors).toEqual([])
    await context.close()
  }, 120_000)
})
