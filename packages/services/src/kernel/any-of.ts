import { type RawBuilder, sql } from 'kysely'

// A list compared with `in (...)` costs one bind parameter per element, and PostgreSQL refuses a statement with more
// than 65,535 of them: a list built from query results (every indicator of the country) must go as one array.

/** `col = anyInt(ids)`: integer or bigint ids (bigint ones arrive as strings) as one `bigint[]` parameter. */
export function anyInt<T extends number | string>(ids: Iterable<T>): RawBuilder<T> {
  return sql<T>`any(${sql.val([...ids])}::bigint[])`
}

/** `col = anyText(codes)`: strings (codes, keys, period keys) as one `text[]` parameter. */
export function anyText(values: Iterable<string>): RawBuilder<string> {
  return sql<string>`any(${sql.val([...values])}::text[])`
}

/** `col = anyUuid(ids)`: uuid keys (submissions, evidence files) as one `uuid[]` parameter. */
export function anyUuid(ids: Iterable<string>): RawBuilder<string> {
  return sql<string>`any(${sql.val([...ids])}::uuid[])`
}
