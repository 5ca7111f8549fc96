import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect, sql } from 'kysely'
import { KyselyPGlite } from 'kysely-pglite'
import pg from 'pg'
import type { DbConfig } from './config.js'
import type { Database } from './database.js'
import { serialDialect } from './serial-dialect.js'

const DATE_OID = 1082

// Dates stay 'YYYY-MM-DD' strings: parsing them into JS Dates would shift them by the host's time zone.
pg.types.setTypeParser(DATE_OID, (v: string) => v)
// double precision (701) and int4 (23) already arrive as numbers; bigint counts come from count(*) casts.
pg.types.setTypeParser(20, (v: string) => Number(v))

export interface DbHandle {
  db: Kysely<Database>
  kind: DbConfig['kind']
  /** Closes the pool or PGlite instance (and drops a test schema when asked to). */
  close(opts?: { dropSchema?: boolean }): Promise<void>
}

export async function createDb(config: DbConfig): Promise<DbHandle> {
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
      async close() {
        if (closed) return
        closed = true
        await db.destroy()
        if (!pglite.closed) await pglite.close()
      },
    }
  }

  const schema = config.schema
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name: ${schema}`)
  if (schema) {
    const admin = new pg.Client({ connectionString: config.url })
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
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  })
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  let closed = false
  return {
    db,
    kind: 'postgres',
    async close(opts) {
      if (closed) return
      closed = true
      if (schema && opts?.dropSchema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db)
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
