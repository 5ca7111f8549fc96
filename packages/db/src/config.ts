/** Where the data lives: PGlite in-process (a folder, or memory), or a PostgreSQL server. */
export type DbConfig =
  | {
      kind: 'pglite'
      /** A folder on disk; null keeps the database in memory (tests). */
      dataDir: string | null
      /** A tarball from PGlite's dumpDataDir to start from (tests clone a migrated template). */
      loadDataDir?: Blob
    }
  | {
      kind: 'postgres'
      url: string
      /** Put every table in this schema (tests use a fresh one per file). */
      schema?: string
      poolMax?: number
      /** Give up connecting after this long (default 5 s): queries fail fast while the server is away. */
      connectTimeoutMs?: number
    }
