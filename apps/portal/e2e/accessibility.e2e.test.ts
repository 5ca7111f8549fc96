import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, openPortal, type PortalStack } from './portal-stack.js'
import { fireBindingAlert, usePortalStack } from './steps.js'

const CERT = 'nanchang-2023/dzzz-yzl' // 政务服务电子证照用证率, binding, monthly: fires an alert for the alerts page

type Finding = { page: string; rule: string; impact: string; help: string; nodes: string[] }

/** axe-core (WCAG 2.x A/AA and best practices) over the page as it stands; only serious and critical impacts fail. */
async function audit(page: Page, name: string): Promise<Finding[]> {
  const results = await new AxeBuilder({ page }).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      page: name,
      rule: v.id,
      impact: v.impact!,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }))
}

describe('the main portal pages pass an accessibility check', () => {
  let stack: PortalStack
  let browser: Browser
  const found: Finding[] = []
  usePortalStack((s) => {
    stack = s.stack
    browser = s.browser
  })
  beforeAll(async () => {
    await fireBindingAlert(stack, CERT)
  })
  afterAll(async () => {
    // The figures of the last run, for the report (before/after counts per page and rule).
    writeFileSync(resolve(ARTIFACTS, 'axe-serious.json'), JSON.stringify(found, null, 2))
  })

  const pages: {
    name: string
    path: string
    as?: 'reporter' | 'manager' | 'admin'
    ready: (page: Page) => Promise<unknown>
  }[] = [
    { name: 'login', path: '/login', ready: (p) => p.getByTestId('login').waitFor() },
    { name: 'inbox', path: '/inbox', as: 'reporter', ready: (p) => p.getByTestId('inbox').waitFor() },
    {
      name: 'report form',
      path: '/reporter/indicators',
      as: 'reporter',
      ready: async (p) => {
        await p.locator(`[data-testid=indicator-card]`).first().getByTestId('report-open').click()
        await p.getByTestId('report-form').waitFor()
      },
    },
    { name: 'upload', path: '/reporter/upload', as: 'reporter', ready: (p) => p.getByTestId('upload').waitFor() },
    {
      name: 'submissions',
      path: '/reporter/submissions',
      as: 'reporter',
      ready: (p) => p.getByTestId('submissions').waitFor(),
    },
    {
      name: 'admin users',
      path: '/admin/users',
      as: 'admin',
      ready: (p) => p.getByTestId('user-row').first().waitFor(),
    },
    {
      name: 'admin indicators',
      path: '/admin/indicators',
      as: 'admin',
      ready: (p) => p.getByTestId('admin-indicator-row').first().waitFor(),
    },
    { name: 'audit log', path: '/admin/audit', as: 'admin', ready: (p) => p.getByTestId('audit').waitFor() },
    {
      name: 'plans, with the new-plan form and a plan open',
      path: '/admin/plans',
      as: 'admin',
      ready: async (p) => {
        await p.getByText('新建规划').click()
        await p.getByTestId('plan-open').first().click()
        await p.getByTestId('plan-detail').waitFor()
      },
    },
    {
      name: 'alerts',
      path: '/manager/alerts',
      as: 'manager',
      ready: (p) => p.getByTestId('alert-link').first().waitFor(),
    },
  ]

  for (const { name, path, as, ready } of pages) {
    it(`${name} (${path}) has no serious or critical violation`, async () => {
      const { page, context, errors } = await openPortal(browser, stack, path, as ? { as } : {})
      await ready(page)
      const findings = await audit(page, name)
      found.push(...findings)
      expect(findings).toEqual([])
      expect(errors).toEqual([])
      await context.close()
    })
  }
})
