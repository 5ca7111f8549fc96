import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import type { DemoCredential } from '@cockpit/services/access'

/**
 * Only password hashes are stored, so the plain demo passwords are printed when the accounts are
 * created and kept in a file under DATA_DIR (mode 0600) to be printed again on later starts.
 */
export function rememberCredentials(file: string, fresh: DemoCredential[]): DemoCredential[] {
  const known: DemoCredential[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoCredential[]) : []
  const merged = [...known.filter((k) => !fresh.some((f) => f.username === k.username)), ...fresh]
  writeFileSync(file, JSON.stringify(merged, null, 2), { mode: 0o600 })
  chmodSync(file, 0o600)
  return merged
}
