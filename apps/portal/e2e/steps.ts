import { launchChromium } from '@cockpit/browser-testing'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { apiAs, eventually, startPortalStack, type PortalStack } from './portal-stack.js'

/** The portal stack and a Chromium to drive it, as each portal browser test starts (the stack closed if Chromium fails). */
async function startStackAndBrowser(
  opts?: Parameters<typeof startPortalStack>[0],
): Promise<{ stack: PortalStack; browser: Browser }> {
  const stack = await startPortalStack(opts)
  const browser = await launchChromium().catch(async (e: unknown) => {
    await stack.close()
    throw e
  })
  return { stack, browser }
}

/** Closes what `startStackAndBrowser` opened; either may be missing when start-up failed. */
async function closeStackAndBrowser(stack: PortalStack | undefined, browser: Browser | undefined) {
  await browser?.close()
  await stack?.close()
}

/**
 * Makes a critical alert fire on a binding indicator: the admin sets the binding-off-track rule for 南昌, the
 * indicator's lead department reports a value far behind its path for 2024-05, and the manager sees the alert.
 */
export async function fireBindingAlert(stack: PortalStack, indicator: string) {
  const admin = await apiAs(stack, 'admin')
  await admin.post('/api/v1/alert-rules', {
    name: '约束性指标进度滞后',
    severity: 'critical',
    params: { kind: 'binding-off-track' },
    scope: { jurisdictionCode: '360100', bindingOnly: true },
    groupWaitSeconds: 0,
  })
  const dept = await stack.leadToken(indicator)
  await stack.submit(dept.token, [{ indicator, period: '2024-05', value: 31 }])
  const manager = await apiAs(stack, 'manager')
  return eventually(async () =>
    (await manager.get<{ items: { id: string; indicatorId: number }[] }>('/api/v1/alerts?state=firing')).items.find(
      (a) => a.indicatorId === dept.indicatorId,
    ),
  )
}

/**
 * Starts the stack and Chromium before the file's tests (ahead of any later `beforeAll`) and closes both after
 * them; `set` hands them to the test's own variables.
 */
export function usePortalStack(
  set: (started: { stack: PortalStack; browser: Browser }) => void,
  opts?: Parameters<typeof startPortalStack>[0],
) {
  let started: { stack: PortalStack; browser: Browser } | undefined
  beforeAll(async () => {
    started = await startStackAndBrowser(opts)
    set(started)
  })
  afterAll(() => closeStackAndBrowser(started?.stack, started?.browser))
}
