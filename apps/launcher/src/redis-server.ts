import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { Redis } from 'ioredis'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

function findRedisServer(): string | null {
  for (const candidate of ['redis-server', '/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
    const r = spawnSync(candidate, ['--version'], { stdio: 'ignore' })
    if (r.status === 0) return candidate
  }
  return null
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * A redis-server left running on this data folder by a launcher that was killed (kill -9 leaves its child
 * behind): stopped cleanly (SIGTERM flushes the append-only file) so the new one can load the queued jobs.
 * The pid is checked against the process's name and folder, so a reused pid is never signalled.
 */
async function stopLeftover(dir: string): Promise<void> {
  const file = join(dir, 'server.json')
  if (!existsSync(file)) return
  let pid: number
  try {
    pid = (JSON.parse(readFileSync(file, 'utf8')) as { pid: number }).pid
    // redis-server rewrites its command line, but it runs in its --dir: name and working folder identify it.
    if (
      !readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('redis-server') ||
      readlinkSync(`/proc/${pid}/cwd`) !== realpathSync(dir)
    )
      return
  } catch {
    return
  }
  process.kill(pid, 'SIGTERM')
  const deadline = Date.now() + 10_000
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
}

/**
 * Our own redis-server for the embedded default: its own port, its data under DATA_DIR/redis with an
 * append-only file (queued jobs survive a restart), stopped when we stop.
 */
export interface RedisServer {
  url: string
  /** SIGTERM (the append-only file is flushed); a paused server is continued first so it can exit. */
  stop(): Promise<void>
  /** SIGKILL: gone at once, as a crashed server would be. */
  kill(): Promise<void>
  /** SIGSTOP: connections stay open but nothing answers (a stalled server, for fault tests). */
  pause(): void
  /** SIGCONT after `pause`: the server answers what it was sent meanwhile. */
  resume(): void
}

export async function startRedisServer(dataDir: string, opts: { port?: number } = {}): Promise<RedisServer> {
  const bin = findRedisServer()
  if (!bin)
    throw new Error(
      "redis-server not found: run `npm start` (infra/start.sh installs Debian's redis-server) or set REDIS_URL",
    )
  const dir = join(dataDir, 'redis')
  mkdirSync(dir, { recursive: true })
  await stopLeftover(dir)
  const port = opts.port ?? (await freePort())
  const child: ChildProcess = spawn(
    bin,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
      '--logfile',
      join(dir, 'redis.log'),
    ],
    // Its own process group: Ctrl-C in the terminal signals the launcher, which drains its workers and
    // then stops this server; a server killed by the same Ctrl-C left the shutdown waiting on Redis.
    { stdio: 'ignore', detached: true },
  )
  if (child.pid) writeFileSync(join(dir, 'server.json'), JSON.stringify({ pid: child.pid, port }))
  const url = `redis://127.0.0.1:${port}`
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  probe.on('error', () => {})
  const deadline = Date.now() + 10_000
  for (;;) {
    try {
      await probe.connect()
      await probe.ping()
      break
    } catch {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`redis-server did not start on port ${port} (see ${join(dir, 'redis.log')})`)
      probe.disconnect()
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  probe.disconnect()
  const signalAndWait = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGCONT')
    child.kill(signal)
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
  }
  return {
    url,
    stop: () => signalAndWait('SIGTERM'),
    kill: () => signalAndWait('SIGKILL'),
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
  }
}
