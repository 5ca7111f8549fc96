import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'

/** Browser tests run against the production build, built fresh so a test never sees a stale bundle. */
export default function buildScreen() {
  const root = resolve(import.meta.dirname, '..')
  execFileSync(process.execPath, [resolve(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  })
}
