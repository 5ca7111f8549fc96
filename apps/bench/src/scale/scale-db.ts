import { createDb, type DbHandle } from '@cockpit/db'
import { sql } from 'kysely'
import pg from 'pg'

export const SCALE_DATABASE = 'cockpit_scale'

/**
 * Bumped whenever the generator changes what it writes, so `--reuse` never measures a data set built by an
 * older generator.
 */
export const DATA_VERSION = 1

/** What the `scale_bench_meta` table records about the data set in the database. */
export interface ScaleMeta {
  scale: number
  dataVersion: number
  builtAt: Date
  /** The product clock the data set was built for (its reporting states and statuses are as of this instant). */
  now: Date
  jurisdictions: number
  series: number
  observations: number
  loadSeconds: number
}

/** The URL of another database on the same server. */
export function databaseUrl(base: string, name: string): string {
  const url = new URL(base)
  url.pathname = `/${name}`
  return url.toString()
}

async function onServer<T>(base: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5000 })
  client.on('error', () => {})
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/** Creates the database when absent (connecting to the database of `base` to do so); returns whether it was created. */
export function ensureDatabase(base: string, name: string): Promise<boolean> {
  return onServer(base, async (c) => {
    const found = await c.query('select 1 from pg_database where datname = $1', [name])
    if (found.rowCount) return false
    await c.query(`create database ${pg.escapeIdentifier(name)}`)
    return true
  })
}

export function dropDatabase(base: string, name: string): Promise<void> {
  return onServer(base, async (c) => {
    await c.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`)
  })
}

export const openScaleDb = (url: string): Promise<DbHandle> => createDb({ kind: 'postgres', url, poolMax: 6 })

/** The data set's record, or null when the database holds none (new, or a build that never finished). */
export async function readMeta(handle: DbHandle): Promise<ScaleMeta | null> {
  const exists = await sql<{ t: string | null }>`select to_regclass('scale_bench_meta')::text as t`.execute(handle.db)
  if (!exists.rows[0]?.t) return null
  const { rows } = await sql<{
    scale: number
    data_version: number
    built_at: Date
    product_now: Date
    jurisdictions: number
    series: number
    observations: number
    load_seconds: number
  }>`select * from scale_bench_meta limit 1`.execute(handle.db)
  const r = rows[0]
  return r
    ? {
        scale: r.scale,
        dataVersion: r.data_version,
        builtAt: r.built_at,
        now: r.product_now,
        jurisdictions: r.jurisdictions,
        series: r.series,
        observations: Number(r.observations),
        loadSeconds: r.load_seconds,
      }
    : null
}

/** Written last, once the whole data set is in: a build that died half-way leaves no record and is rebuilt. */
export async function writeMeta(handle: DbHandle, m: ScaleMeta): Promise<void> {
  await sql`create table if not exists scale_bench_meta (
    scale double precision not null, data_version integer not null, built_at timestamptz not null,
    product_now timestamptz not null, jurisdictions integer not null, series integer not null,
    observations bigint not null, load_seconds double precision not null)`.execute(handle.db)
  await sql`delete from scale_bench_meta`.execute(handle.db)
  await sql`insert into scale_bench_meta values (${m.scale}, ${m.dataVersion}, ${m.builtAt}, ${m.now},
    ${m.jurisdictions}, ${m.series}, ${m.observations}, ${m.loadSeconds})`.execute(handle.db)
}
