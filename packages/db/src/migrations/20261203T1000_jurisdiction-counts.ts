import { type Kysely, sql } from 'kysely'

// Frozen once landed: Kysely<any>, nothing imported from the app.

/**
 * Each place's count of its own indicators and plans, kept on the jurisdiction row by statement triggers. Every wall
 * and portal page reads the tree with these counts; counted per read they were most of the country's tree (155,000
 * indicators grouped, ~40 ms) for numbers that change only when an administrator or a plan import writes.
 * One statement's rows are counted together (transition tables), so a plan import of 500 indicators is one update.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table jurisdictions
    add column indicator_count integer not null default 0,
    add column plan_count integer not null default 0`.execute(db)
  await sql`update jurisdictions j set indicator_count = c.n
    from (select jurisdiction_code, count(*)::int as n from indicators group by 1) c where c.jurisdiction_code = j.code`.execute(
    db,
  )
  await sql`update jurisdictions j set plan_count = c.n
    from (select jurisdiction_code, count(*)::int as n from plans group by 1) c where c.jurisdiction_code = j.code`.execute(
    db,
  )
  // TG_ARGV[0] names the count column; a branch reads only the transition tables its operation has.
  await sql`create function count_jurisdiction_rows() returns trigger language plpgsql as $$
    begin
      if TG_OP = 'INSERT' then
        execute format('update jurisdictions j set %1$I = j.%1$I + d.n
          from (select jurisdiction_code, count(*)::int as n from new_rows group by 1) d
          where d.jurisdiction_code = j.code', TG_ARGV[0]);
      elsif TG_OP = 'DELETE' then
        execute format('update jurisdictions j set %1$I = j.%1$I - d.n
          from (select jurisdiction_code, count(*)::int as n from old_rows group by 1) d
          where d.jurisdiction_code = j.code', TG_ARGV[0]);
      else
        execute format('update jurisdictions j set %1$I = j.%1$I + d.n
          from (select jurisdiction_code, sum(n)::int as n from (
            select jurisdiction_code, 1 as n from new_rows union all select jurisdiction_code, -1 from old_rows
          ) x group by 1 having sum(n) <> 0) d
          where d.jurisdiction_code = j.code', TG_ARGV[0]);
      end if;
      return null;
    end $$`.execute(db)
  for (const [table, column] of [
    ['indicators', 'indicator_count'],
    ['plans', 'plan_count'],
  ] as const) {
    await sql`create trigger ${sql.id(`${table}_count_insert`)} after insert on ${sql.table(table)}
      referencing new table as new_rows for each statement execute function count_jurisdiction_rows(${sql.lit(column)})`.execute(
      db,
    )
    await sql`create trigger ${sql.id(`${table}_count_delete`)} after delete on ${sql.table(table)}
      referencing old table as old_rows for each statement execute function count_jurisdiction_rows(${sql.lit(column)})`.execute(
      db,
    )
    await sql`create trigger ${sql.id(`${table}_count_update`)} after update on ${sql.table(table)}
      referencing old table as old_rows new table as new_rows
      for each statement execute function count_jurisdiction_rows(${sql.lit(column)})`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['indicators', 'plans']) {
    for (const op of ['insert', 'delete', 'update'])
      await sql`drop trigger ${sql.id(`${table}_count_${op}`)} on ${sql.table(table)}`.execute(db)
  }
  await sql`drop function count_jurisdiction_rows()`.execute(db)
  await sql`alter table jurisdictions drop column indicator_count, drop column plan_count`.execute(db)
}
