import { type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

/**
 * Evidence (佐证材料) a department uploads to back a reported value: the bytes are kept in the database
 * beside the values they support (no file store to back up separately), with the detected type, size
 * and hash. A JSON submission item may name one; the observation it becomes keeps the link.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('evidence_files')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('token_id', 'integer', (c) => c.references('api_tokens.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('evidence_files_uploader', sql`user_id is not null or token_id is not null`)
    .execute()
  await db.schema
    .createIndex('evidence_files_department')
    .on('evidence_files')
    .columns(['department_id', 'created_at'])
    .execute()
  await db.schema
    .alterTable('observations')
    .addColumn('evidence_id', 'uuid', (c) => c.references('evidence_files.id'))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('observations').dropColumn('evidence_id').execute()
  await db.schema.dropTable('evidence_files').execute()
}
