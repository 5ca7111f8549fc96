import { type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

/**
 * API tokens gain a role: a department's `reporter` token (as before) or a wall screen's `viewer`
 * display key, scoped to one jurisdiction (and its descendants) and to no department.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('api_tokens')
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('reporter'))
    .execute()
  await db.schema
    .alterTable('api_tokens')
    .addColumn('jurisdiction_code', 'text', (c) => c.references('jurisdictions.code'))
    .execute()
  await sql`alter table api_tokens alter column department_id drop not null`.execute(db)
  await sql`alter table api_tokens add constraint api_tokens_role check (role in ('reporter', 'viewer'))`.execute(db)
  await sql`alter table api_tokens add constraint api_tokens_scope check (
    (role = 'reporter' and department_id is not null and jurisdiction_code is null) or
    (role = 'viewer' and department_id is null and jurisdiction_code is not null))`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from api_tokens where role <> 'reporter'`.execute(db)
  await sql`alter table api_tokens drop constraint api_tokens_scope`.execute(db)
  await sql`alter table api_tokens drop constraint api_tokens_role`.execute(db)
  await sql`alter table api_tokens alter column department_id set not null`.execute(db)
  await db.schema.alterTable('api_tokens').dropColumn('jurisdiction_code').execute()
  await db.schema.alterTable('api_tokens').dropColumn('role').execute()
}
