import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect, sql } from 'kysely'
import { KyselyPGlite } from 'kysely-pglite'
import pg from 'pg'
import type { DbConfig } from './config.js'
import type { Database } from './database.js'
import { alwaysAvailable, createDbHealth, type DbHealth, type DbLogger } from './db-health.js'
import { healthDialect } from './health-dialect.js'
import { serialDialect } from './serial-dialect.js'

const DATE_OID = 1082

// Dates stay 'YYYY-MM-DD' strings: parsing them into JS Dates would shift them by the host's time zone.
pg.types.setTypeParser(DATE_OID, (v: string) => v)
// double precision (701) and int4 (23) already arrive as numbers; bigint counts come from count(*) casts.
pg.types.setTypeParser(20, (v: string) => Number(v))

export interface DbHandle {
  db: Kysely<Database>
  kind: DbConfig['kind']
  /** Whether the server can be reached (always, for the embedded PGlite); workers pause on it. */
  health: DbHealth
  /** Closes the pool or PGlite instance (and drops a test schema when asked to). */
  close(opts?: { dropSchema?: boolean }): Promise<void>
}

export interface CreateDbOptions {
  /** Where "database unavailable" / "database back" and dropped connections are logged. */
  logger?: DbLogger
  /** How often to ping a server that went away (default 1 s). */
  probeEveryMs?: number
}

export async function createDb(config: DbConfig, opts: CreateDbOptions = {}): Promise<DbHandle> {
  if (config.kind === 'pglite') {
    const pglite = await PGlite.create({
      ...(config.dataDir ? { dataDir: config.dataDir } : {}),
      ...(config.loadDataDir ? { loadDataDir: config.loadDataDir } : {}),
      parsers: { [DATE_OID]: (v: string) => v, 20: (v: string) => Number(v) },
    })
    const db = new Kysely<Database>({ dialect: serialDialect(new KyselyPGlite(pglite).dialect) })
    let closed = false
    return {
      db,
      kind: 'pglite',
      health: alwaysAvailable(),
      async close() {
        if (closed) return
        closed = true
        await db.destroy()
        if (!pglite.closed) await pglite.close()
      },
    }
  }

  const schema = config.schema
  const connectTimeoutMs = config.connectTimeoutMs ?? 5000
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name: ${schema}`)
  if (schema) {
    const admin = new pg.Client({ connectionString: config.url, connectionTimeoutMillis: connectTimeoutMs })
    // Without a listener a server that goes away during these two statements would kill the process.
    admin.on('error', () => {})
    await admin.connect()
    try {
      await admin.query(`create schema if not exists ${schema}`)
    } finally {
      await admin.end()
    }
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolMax ?? 10,
    // Fail fast: a server that does not answer must not hold every request for the OS's TCP timeout.
    connectionTimeoutMillis: connectTimeoutMs,
    keepAlive: true,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  })
  const health = createDbHealth({
    // Its own short-lived connection: the pool may be full of requests waiting on dead connections.
    ping: async () => {
      const probe = new pg.Client({ connectionString: config.url, connectionTimeoutMillis: connectTimeoutMs })
      probe.on('error', () => {})
      try {
        await probe.connect()
        await probe.query('select 1')
      } finally {
        await probe.end().catch(() => {})
      }
    },
    logger: opts.logger,
    probeEveryMs: opts.probeEveryMs,
  })
  // node-postgres emits 'error' on an idle client (via the pool) or on a checked-out client when the server
  // restarts, fails over, or kills the backend: unheard, that event ends the process. The pool drops the
  // broken client by itself; we note the error so the outage is detected and logged once.
  pool.on('error', (err) => {
    if (!health.reportError(err, 'idle connection'))
      opts.logger?.warn({ err: err.message }, 'database connection error')
  })
  pool.on('connect', (client) => {
    client.on('error', (err) => {
      if (!health.reportError(err, 'connection')) opts.logger?.warn({ err: err.message }, 'database connection error')
    })
  })
  const db = new Kysely<Database>({ dialect: healthDialect(new PostgresDialect({ pool }), health) })
  let closed = false
  return {
    db,
    kind: 'postgres',
    health,
    async close(closeOpts) {
      if (closed) return
      closed = true
      health.close()
      if (schema && closeOpts?.dropSchema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db)
      await db.destroy()
    },
  }
}

/** True when the database answers a trivial query within the timeout. */
export async function pingDb(db: Kysely<Database>, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      sql`select 1`.execute(db).then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs)
      }),
    ])
  } catch {
    return false
  } finally {
    clearTimeout(timer)
  }
}
