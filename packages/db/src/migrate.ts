import { type Kysely, type MigrationResultSet, Migrator, sql } from 'kysely'
import { migrations } from './migrations/index.js'

/** Applies every pending migration; throws with the failing migration's name and cause. */
// biome-ignore lint/suspicious/noExplicitAny: migrations run on the schema they build, not on the app's Database type
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Name the schema: without it Kysely takes a migration table in ANY schema as ours (tests keep one
  // schema per file in one database) and then fails to find it on the search path.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db)
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(rows[0]?.schema ? { migrationTableSchema: rows[0].schema } : {}),
  })
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error) {
    throw new Error(
      `migration ${failed?.migrationName ?? '(unknown)'} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    )
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
