import { type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

/**
 * Plan imports (规划导入): an administrator uploads a plan document; the importer's proposals (plan metadata,
 * pillars, targets, milestones, tasks, departments) are kept as a draft with the document's text blocks, each
 * proposal with its source span, quote, decision and edits, until the draft is committed into a plan.
 * `fingerprint` is the proposal as read (before edits): a later import of the same jurisdiction compares its
 * proposals with those of committed drafts, so what was committed or rejected before is not proposed again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plan_imports')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('txt', 'docx', 'pdf')`))
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('jurisdiction_code', 'text', (c) => c.references('jurisdictions.code'))
    .addColumn('plan_id', 'integer', (c) => c.references('plans.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft', 'committed')`))
    .addColumn('converted_from_traditional', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('blocks', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('committed_at', 'timestamptz')
    .execute()
  await db.schema
    .createIndex('plan_imports_jurisdiction')
    .on('plan_imports')
    .columns(['jurisdiction_code', 'status'])
    .execute()
  await db.schema
    .createTable('plan_import_proposals')
    .addColumn('import_id', 'integer', (c) => c.notNull().references('plan_imports.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('plan', 'pillar', 'target', 'milestone', 'task', 'department')`),
    )
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('new', 'changed', 'committed', 'rejected-before')`),
    )
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('edits', 'jsonb')
    .addColumn('decision', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`decision in ('pending', 'accepted', 'rejected')`),
    )
    .addColumn('quote', 'text', (c) => c.notNull())
    .addColumn('source', 'jsonb', (c) => c.notNull())
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('plan_import_proposals_pk', ['import_id', 'id'])
    .execute()
  await db.schema
    .createIndex('plan_import_proposals_fingerprint')
    .on('plan_import_proposals')
    .column('fingerprint')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plan_import_proposals').execute()
  await db.schema.dropTable('plan_imports').execute()
}
