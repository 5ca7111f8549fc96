import { type ChildProcess, spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'

const repoRoot = resolve(import.meta.dirname, '../../../..')

/** One pino line as a child process wrote it. */
export interface LogLine {
  level: number
  msg: string
  [key: string]: unknown
}

export interface ChildApp {
  name: string
  process: ChildProcess
  /** Still running (not exited, not killed). */
  alive(): boolean
  /** Every JSON log line so far (non-JSON output is kept as level 0 lines). */
  logs: LogLine[]
  /** Log lines whose `msg` is exactly this. */
  count(msg: string): number
  /** Resolves with the exit code or signal once the process has ended. */
  exited: Promise<number | string>
  kill(signal?: NodeJS.Signals): Promise<void>
}

/**
 * Runs one of the apps (`apps/api/src/main.ts`, `apps/worker/src/main.ts`, `apps/launcher/src/main.ts`) as a
 * real process from source, collecting its pino output so a test can count what it logged.
 */
export function spawnApp(
  name: string,
  script: string,
  env: Record<string, string | undefined>,
  args: string[] = [],
): ChildApp {
  // An undefined value removes the variable (e.g. REDIS_URL, so the launcher starts its own redis-server).
  const merged = Object.fromEntries(
    Object.entries({ ...process.env, LOG_LEVEL: 'info', ...env }).filter(([, v]) => v !== undefined),
  )
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs: LogLine[] = []
  const collect = (line: string) => {
    if (process.env.FAULTS_VERBOSE) console.log(`[${name}] ${line.slice(0, 400)}`)
    try {
      const parsed = JSON.parse(line) as LogLine
      if (typeof parsed.level === 'number') return void logs.push(parsed)
    } catch {
      // not a pino line (the launcher's banner, a crash trace)
    }
    logs.push({ level: 0, msg: line })
  }
  createInterface({ input: child.stdout! }).on('line', collect)
  createInterface({ input: child.stderr! }).on('line', collect)
  const exited = new Promise<number | string>((r) =>
    child.once('exit', (code, signal) => r(code ?? signal ?? 'unknown')),
  )
  let ended = false
  void exited.then(() => (ended = true))
  return {
    name,
    process: child,
    alive: () => !ended,
    logs,
    count: (msg) => logs.filter((l) => l.msg === msg).length,
    exited,
    async kill(signal = 'SIGTERM') {
      if (ended) return
      child.kill(signal)
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))])
      if (!ended) child.kill('SIGKILL')
      await exited
    },
  }
}

/** Polls `url` until it answers 200 (the app is up), or fails with the app's last output. */
export async function waitUntilServing(app: ChildApp, url: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs
  for (;;) {
    if (!app.alive())
      throw new Error(
        `${app.name} exited: ${app.logs
          .slice(-15)
          .map((l) => l.msg)
          .join('\n')}`,
      )
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.status === 200)
      .catch(() => false)
    if (ok) return
    if (Date.now() > until)
      throw new Error(
        `${app.name} not serving ${url} within ${timeoutMs} ms: ${app.logs
          .slice(-15)
          .map((l) => l.msg)
          .join('\n')}`,
      )
    await new Promise((r) => setTimeout(r, 200))
  }
}
