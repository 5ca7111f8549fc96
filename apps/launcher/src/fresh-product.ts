import { spawn, type ChildProcess } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/**
 * Starts the launcher (`npm start`) on a fresh data directory as a separate process and answers its URL once
 * it has printed it. The embedded defaults unless `env` says otherwise (e.g. DATABASE_URL for PostgreSQL):
 * the launcher's own redis-server, the demo calendar and simulator.
 */
export async function startFreshProduct(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ url: string; child: ChildProcess }> {
  const {
    DATABASE_URL: _db,
    REDIS_URL: _redis,
    DEMO_CLOCK: _clock,
    DEMO_SPEED: _speed,
    SIMULATE: _sim,
    ...inherited
  } = process.env
  const child = spawn(join(REPO_ROOT, 'node_modules/.bin/tsx'), ['apps/launcher/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...inherited, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((ok, fail) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = /数政驾驶舱已启动\s+(http:\/\/\S+)/.exec(out)
      if (m) ok(m[1]!)
    })
    child.on('exit', (code) => fail(new Error(`the product exited (${code}) before it started:\n${out}`)))
  })
  return { url, child }
}
