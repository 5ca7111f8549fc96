import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import type { Database } from '@cockpit/db'
import { serviceContext, adminPrincipal } from '@cockpit/services/kernel'
import { createDisplayKey, resolveApiToken } from '@cockpit/services/access'
import type { Kysely } from 'kysely'

const launcher = adminPrincipal('system:launcher')

/**
 * The demo's wall-screen key for one jurisdiction: created once, kept (0600) under DATA_DIR so the printed
 * kiosk URL stays the same across restarts, and re-issued if it was revoked.
 */
export async function demoDisplayKey(
  db: Kysely<Database>,
  file: string,
  jurisdictionCode: string,
  now: Date,
): Promise<string> {
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { jurisdictionCode?: string; key?: string }
    if (saved.key && saved.jurisdictionCode === jurisdictionCode && (await resolveApiToken(db, saved.key, now)))
      return saved.key
  }
  const created = await createDisplayKey(serviceContext(db, launcher, now), { jurisdictionCode, name: '演示大屏' })
  writeFileSync(file, JSON.stringify({ jurisdictionCode, key: created.token }, null, 2), { mode: 0o600 })
  return created.token
}
