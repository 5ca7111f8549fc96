import { resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ACCOUNTS, ARTIFACTS, apiAs, openPortal, type PortalStack } from './portal-stack.js'
import { usePortalStack } from './steps.js'

describe('the administrator console', () => {
  let stack: PortalStack
  let browser: Browser
  usePortalStack((s) => {
    stack = s.stack
    browser = s.browser
  })

  it('creates a department and issues it a token that is shown once, then only by its prefix', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/admin/departments', { as: 'admin' })
    await page.getByTestId('admin-departments').waitFor()
    expect(await page.getByTestId('nav-group').first().textContent()).toBe('系统管理')
    await page.getByTestId('dept-key').fill('e2e-data-bureau')
    await page.getByTestId('dept-name').fill('测试数据局')
    await page.getByTestId('dept-mobiles').fill('1380000')
    await page.getByTestId('dept-create').click()
    expect(await page.getByTestId('error-contactMobiles').textContent()).toContain('手机号应为11位数字')
    await page.getByTestId('dept-mobiles').fill('13800000000')
    await page.getByTestId('dept-create').click()
    await page.getByTestId('dept-notice').waitFor()
    // ElTable rows carry no attributes: the row is the one holding the department's marked cell.
    const row = page.locator('tr', { has: page.locator('[data-testid=dept-row][data-key=e2e-data-bureau]') })
    expect(await row.textContent()).toContain('测试数据局')

    await row.getByTestId('dept-tokens').click()
    await page.getByTestId('admin-tokens').waitFor()
    await page.getByTestId('token-name').fill('业务系统自动报送')
    await page.getByTestId('token-issue').click()
    const value = page.getByTestId('token-value')
    await value.waitFor()
    const token = await value.inputValue()
    expect(token.length).toBeGreaterThan(20)
    // The token works as the department's credential.
    const me = await fetch(`${stack.url()}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(me.status).toBe(200)
    const listed = page.locator('tr.token-row').filter({ hasText: '业务系统自动报送' })
    const prefix = (await listed.getByTestId('token-prefix').textContent())!.trim()
    expect(token.startsWith(prefix)).toBe(true)
    expect(prefix.length).toBeLessThan(token.length)

    await page.reload()
    await page.locator('tr.token-row').first().waitFor()
    expect(await page.getByTestId('token-created').count()).toBe(0)
    expect(
      await page
        .locator('tr.token-row')
        .filter({ hasText: '业务系统自动报送' })
        .getByTestId('token-prefix')
        .textContent(),
    ).toContain(prefix)
    expect(await page.content()).not.toContain(token)
    expect(errors).toEqual([])
    await context.close()
  })

  it('creates a manager: an unknown jurisdiction, a guessable password and a taken username are each told where they belong', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/admin/users', { as: 'admin' })
    await page.getByTestId('admin-users').waitFor()
    await page.getByTestId('user-new').click()
    const dialog = page.getByTestId('user-dialog')
    const fieldError = (testId: string) =>
      dialog.locator('.el-form-item', { has: page.getByTestId(testId) }).locator('.el-form-item__error')
    await page.getByTestId('user-username').fill('e2e-manager')
    await page.getByTestId('user-display-name').fill('测试分管领导')
    await page.getByTestId('user-role').click()
    await page.locator('.el-select-dropdown__item', { hasText: '分管领导' }).click()
    await page.getByTestId('user-jurisdictions').fill('360100, 369999')
    await page.getByTestId('user-password').fill('password1234')
    await page.getByTestId('user-create').click()
    // The password is judged first (before any database work): under the password input.
    expect(await fieldError('user-password').textContent()).toContain('密码太常见')

    await page.getByTestId('user-password').fill('Tq7#mVz!p2Lr9wXe')
    await page.getByTestId('user-create').click()
    // The second code is unknown: under the jurisdictions input, and the password's message is gone (Element Plus
    // fades a cleared error out, so wait for it to leave rather than count it at once).
    expect(await fieldError('user-jurisdictions').textContent()).toContain('369999 不存在')
    await fieldError('user-password').waitFor({ state: 'detached', timeout: 5_000 })

    await page.getByTestId('user-jurisdictions').fill('360100')
    await page.getByTestId('user-username').fill(ACCOUNTS.reporter.username)
    await page.getByTestId('user-create').click()
    expect(await fieldError('user-username').textContent()).toContain(`用户名 ${ACCOUNTS.reporter.username} 已被使用`)
    await fieldError('user-jurisdictions').waitFor({ state: 'detached', timeout: 5_000 })

    await page.getByTestId('user-username').fill('e2e-manager')
    await page.getByTestId('user-create').click()
    await page.locator('.el-message--success', { hasText: '已创建用户 e2e-manager' }).waitFor()
    expect(await page.getByTestId('user-table').textContent()).toContain('测试分管领导')
    expect(errors).toEqual([])
    await context.close()
  })

  it('shows the server’s message next to an invalid threshold, then saves a valid rule (at phone width)', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/admin/alert-rules', {
      as: 'admin',
      width: 390,
      height: 844,
    })
    await page.getByTestId('admin-alert-rules').waitFor()
    await page.getByTestId('rule-new').click()
    await page.getByTestId('rule-name').fill('数值突变提醒')
    await page.getByTestId('rule-kind').selectOption('sudden-change')
    await page.getByTestId('rule-threshold').fill('0')
    await page.getByTestId('rule-save').click()
    expect(await page.getByTestId('error-params.threshold').textContent()).toContain('阈值应大于0')
    expect(await page.locator('tr.rule-row').filter({ hasText: '数值突变提醒' }).count()).toBe(0)

    await page.getByTestId('rule-threshold').fill('30')
    await page.getByTestId('rule-save').click()
    await page.getByTestId('rule-notice').waitFor()
    const row = page.locator('tr.rule-row').filter({ hasText: '数值突变提醒' })
    expect(await row.textContent()).toContain('波动超过 30%')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.screenshot({ path: resolve(ARTIFACTS, 'admin-alert-rules-phone.png'), fullPage: true })
    expect(errors).toEqual([])
    await context.close()
  })

  it('adds a jurisdiction to the tree, is told why a cyclic move is refused, and sees why a pillar in use or odd plan years are refused', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/admin/jurisdictions', { as: 'admin' })
    page.on('dialog', (d) => void d.accept())
    await page.getByTestId('admin-jurisdictions').waitFor()
    await page.getByText('新建行政区划').click()
    await page.getByTestId('jur-code').fill('360199')
    await page.getByTestId('jur-name').fill('测试新区')
    await page.getByTestId('jur-parent').selectOption('360100')
    await page.getByTestId('jur-create').click()
    await page.getByTestId('jur-notice').waitFor()
    const created = page.locator('[data-testid=jur-row][data-code="360199"]')
    expect(await created.textContent()).toContain('测试新区')

    // 南昌 under its own new child would be a cycle: the server says so next to the parent field.
    await page
      .locator('tr', { has: page.locator('[data-testid=jur-row][data-code="360100"]') })
      .getByTestId('jur-edit')
      .first()
      .click()
    await page.getByTestId('jur-edit-parent').selectOption('360199')
    await page.getByTestId('jur-save').click()
    expect(await page.getByTestId('error-parentCode').textContent()).toContain('形成循环')

    await page.goto(`${stack.url()}/portal/admin/plans`)
    await page
      .locator('tr', { has: page.locator('[data-testid=plan-row][data-key="nanchang-2023"]') })
      .getByTestId('plan-open')
      .click()
    await page.getByTestId('plan-detail').waitFor()
    const used = page.getByTestId('pillar-row').filter({ hasNotText: '指标 0 · 任务 0' }).first()
    await used.getByTestId('pillar-delete').click()
    expect(await used.getByTestId('pillar-delete-error').textContent()).toContain('请先把它们移到其他板块再删除')
    await page.getByTestId('plan-edit-start').fill('2030')
    await page.getByTestId('plan-save').click()
    expect(await page.getByTestId('error-startYear').textContent()).toContain('起始年份 2030 不能晚于截止年份')
    expect(errors).toEqual([])
    await context.close()
  })

  it('creates a plan: years out of order are told under the end year before anything is sent, then it is listed', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/admin/plans', { as: 'admin' })
    await page.getByTestId('admin-plans').waitFor()
    await page.getByText('新建规划').click()
    await page.getByTestId('plan-key').fill('e2e-plan-2026')
    await page.getByTestId('jurisdiction-picker').first().selectOption('360100')
    await page.getByTestId('plan-title').fill('南昌市数据要素发展规划')
    await page.getByTestId('plan-issuer').fill('南昌市人民政府办公室')
    const issued = page.locator('#plan-issued-on')
    await issued.fill('2026-03-15')
    await issued.press('Enter')
    await page.getByTestId('plan-start').fill('2027')
    await page.getByTestId('plan-end').fill('2026')
    await page.getByTestId('plan-source-file').fill('南昌市数据要素发展规划.docx')
    await page.getByTestId('plan-section').fill('一、总体要求')
    await page.getByTestId('plan-quote').fill('到2030年,数据要素市场体系基本建成。')
    await page.getByTestId('plan-create').click()
    // The API's own schema (AdminPlanCreate) judges the form in the page: the message is the server's.
    expect(await page.getByTestId('error-endYear').textContent()).toContain('起始年份不能晚于截止年份')

    await page.getByTestId('plan-start').fill('2026')
    await page.getByTestId('plan-end').fill('2030')
    await page.getByTestId('plan-create').click()
    await page.getByTestId('plan-notice').waitFor()
    const row = page.locator('tr', { has: page.locator('[data-testid=plan-row][data-key=e2e-plan-2026]') })
    expect(await row.textContent()).toContain('2026–2030')
    const admin = await apiAs(stack, 'admin')
    const plan = await admin.get<{ issuedOn: string }>('/api/v1/plans/e2e-plan-2026')
    expect(plan.issuedOn).toBe('2026-03-15')
    expect(errors).toEqual([])
    await context.close()
  })

  it('lets a manager add a channel and subscribe to alerts with it', async () => {
    const { page, context, errors } = await openPortal(browser, stack, '/manager/notifications', {
      as: 'manager',
      width: 390,
      height: 844,
    })
    await page.getByTestId('notifications').waitFor()
    await page.getByText('添加渠道').first().click()
    await page.getByTestId('channel-name').fill('值班群')
    await page.getByTestId('channel-kind').selectOption('webhook')
    // The test stack allows loopback receivers only (no DNS here); a metadata address is refused beside the URL.
    await page.getByTestId('channel-url').fill('http://169.254.169.254/latest')
    await page.getByTestId('channel-secret').fill('short')
    await page.getByTestId('channel-add').click()
    expect(await page.getByTestId('error-config.secret').textContent()).toContain('签名密钥至少16个字符')
    await page.getByTestId('channel-secret').fill('a-long-enough-signing-secret')
    await page.getByTestId('channel-add').click()
    expect(await page.getByTestId('error-config.url').textContent()).toContain('不允许访问')
    await page.getByTestId('channel-url').fill('http://127.0.0.1:9/hook')
    await page.getByTestId('channel-secret').fill('a-long-enough-signing-secret')
    await page.getByTestId('channel-add').click()
    await page.getByTestId('channel-row').filter({ hasText: '值班群' }).waitFor()

    await page.getByText('新建订阅').click()
    await page.getByTestId('subscription-name').fill('南昌严重告警')
    await page.getByLabel('值班群').check()
    await page.getByTestId('subscription-add').click()
    const row = page.getByTestId('subscription-row').filter({ hasText: '南昌严重告警' })
    await row.waitFor()
    expect(await row.textContent()).toContain('值班群')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    expect(errors).toEqual([])
    await context.close()
  })
})
