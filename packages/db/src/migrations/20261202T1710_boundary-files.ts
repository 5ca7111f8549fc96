import { type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

/**
 * Approved boundary files (审图号 maps) an administrator uploads per jurisdiction: the shapes of its children,
 * cleaned to coordinates and {adcode, name}. Without a row the map falls back to a shipped file or the schematic.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('boundary_files')
    .addColumn('jurisdiction_code', 'text', (c) => c.primaryKey().references('jurisdictions.code'))
    .addColumn('geojson', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('approval_no', 'text')
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('boundary_files').execute()
}
