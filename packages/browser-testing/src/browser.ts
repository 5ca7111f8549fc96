import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium (installed by infra/test.sh); never a browser downloaded by a test tool. */
export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath()
  if (!existsSync(executablePath))
    throw new Error(
      `Chromium not found at ${executablePath}: run \`npm test\` (it installs Debian's chromium) or set CHROMIUM_PATH`,
    )
  return chromium.launch({
    executablePath,
    // The machine has no network beyond loopback: background services would only time out.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  })
}
