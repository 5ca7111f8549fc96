import { type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

/**
 * Roll-up (汇总): an indicator's value for a parent jurisdiction derived from its direct children's values.
 * `indicator_rollups` holds the rule per indicator; each derived value is an observation (source 'rollup')
 * whose `rollup_provenance` row names the child revisions it was computed from and whether enough children
 * had reported (`complete`). An incomplete roll-up is stored and shown but never drives status or alerts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('indicator_rollups')
    .addColumn('indicator_id', 'integer', (c) => c.primaryKey().references('indicators.id').onDelete('cascade'))
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('weight_indicator_id', 'integer', (c) => c.references('indicators.id'))
    .addColumn('min_coverage', 'numeric', (c) => c.notNull().defaultTo(1))
    .addColumn('own_value', 'text', (c) => c.notNull().defaultTo('derived'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'indicator_rollups_rule',
      sql`rule in ('sum', 'mean', 'weighted-mean', 'min', 'max', 'share-meeting')`,
    )
    .addCheckConstraint('indicator_rollups_coverage', sql`min_coverage >= 0 and min_coverage <= 1`)
    .addCheckConstraint('indicator_rollups_own_value', sql`own_value in ('derived', 'reported')`)
    .addCheckConstraint('indicator_rollups_weight', sql`(rule = 'weighted-mean') = (weight_indicator_id is not null)`)
    .execute()
  await db.schema
    .createTable('rollup_provenance')
    .addColumn('observation_id', 'bigint', (c) => c.primaryKey().references('observations.id').onDelete('cascade'))
    .addColumn('children', 'jsonb', (c) => c.notNull())
    .addColumn('reported', 'integer', (c) => c.notNull())
    .addColumn('expected', 'integer', (c) => c.notNull())
    .addColumn('complete', 'boolean', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rollup_provenance').execute()
  await db.schema.dropTable('indicator_rollups').execute()
}
