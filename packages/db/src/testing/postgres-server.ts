import { execFile, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import pg from 'pg'

/**
 * A PostgreSQL server of a test's own (Debian's binaries, a temporary data folder, a free loopback port),
 * so a fault test may restart or stop it without touching the shared one. initdb and postgres refuse to
 * run as root: as root (CI) they run as the `postgres` OS user, on a folder chowned to it.
 */
export interface PostgresServer {
  port: number
  /** A URL for a database on it (trust authentication, user postgres). */
  url(database?: string): string
  createDatabase(name: string): Promise<string>
  /** `pg_ctl restart -m <mode>`: immediate is a crash (every backend killed, recovery on start). */
  restart(mode?: 'immediate' | 'fast'): Promise<void>
  stop(mode?: 'immediate' | 'fast'): Promise<void>
  start(): Promise<void>
  /** Stops the server and deletes its folder. */
  close(): Promise<void>
}

/** The folder holding initdb, postgres and pg_ctl: on PATH, else the newest /usr/lib/postgresql/<v>/bin. */
export function findPostgresBin(env: Record<string, string | undefined> = process.env): string | null {
  for (const dir of (env.PATH ?? '').split(delimiter))
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] ? join(root, versions[0], 'bin') : null
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0))
    })
  })
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = findPostgresBin()
  if (!bin)
    throw new Error("PostgreSQL server binaries not found (install Debian's postgresql package): initdb, pg_ctl")
  const asRoot = process.getuid?.() === 0
  const dir = mkdtempSync(join(tmpdir(), 'cockpit-pg-'))
  if (asRoot) {
    const ids = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim())
    const uid = ids('-u')
    if (!Number.isInteger(uid) || uid <= 0)
      throw new Error('running as root needs a `postgres` OS user to run initdb and postgres')
    chownSync(dir, uid, ids('-g'))
  }
  const data = join(dir, 'data')
  const run = (tool: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const [cmd, full] = asRoot
        ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]]
        : [join(bin, tool), args]
      execFile(cmd, full as string[], { cwd: dir, timeout: 60_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${tool} ${args.join(' ')} failed: ${err.message}\n${stderr || stdout}`)) : resolve(),
      )
    })

  await run('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
    '--no-instructions',
  ])
  const port = await freePort()
  // fsync off: a crash here is a killed process, never a lost OS cache; it keeps restarts quick.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`
  await run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start'])
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`
  let running = true
  return {
    port,
    url,
    async createDatabase(name) {
      const admin = new pg.Client({ connectionString: url() })
      admin.on('error', () => {})
      await admin.connect()
      try {
        await admin.query(`create database ${name}`)
      } finally {
        await admin.end()
      }
      return url(name)
    },
    async restart(mode = 'immediate') {
      // -l again: without it the new postmaster would hold our pipe open and the call would never end.
      await run('pg_ctl', [
        '-D',
        data,
        '-l',
        join(dir, 'server.log'),
        '-m',
        mode,
        '-w',
        '-t',
        '60',
        '-o',
        options,
        'restart',
      ])
      running = true
    },
    async stop(mode = 'immediate') {
      await run('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop'])
      running = false
    },
    async start() {
      await run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start'])
      running = true
    },
    async close() {
      if (running) await run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
