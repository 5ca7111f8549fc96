import type { Database } from '@cockpit/db'
import {
  CompiledQuery,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely'

/**
 * Notes the slowest statement run through the Kysely instance it is plugged into (from compilation to result,
 * so a wait for a pooled connection counts too), for `--explain`.
 */
export class SlowestQuery implements KyselyPlugin {
  readonly #started = new WeakMap<QueryId, { at: number; node: RootOperationNode }>()
  slowest: { ms: number; node: RootOperationNode } | null = null

  reset() {
    this.slowest = null
  }

  transformQuery({ queryId, node }: PluginTransformQueryArgs): RootOperationNode {
    this.#started.set(queryId, { at: performance.now(), node })
    return node
  }

  async transformResult({ queryId, result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const s = this.#started.get(queryId)
    if (s) {
      const ms = performance.now() - s.at
      if (!this.slowest || ms > this.slowest.ms) this.slowest = { ms, node: s.node }
    }
    return result
  }
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of a statement, first `lines` lines. Only reads are explained: ANALYZE runs the
 * statement, and a write would change the data set (a raw statement counts as a read only if it starts with select).
 */
export async function explainTop(db: Kysely<Database>, node: RootOperationNode, lines = 15): Promise<string[]> {
  const compiled = db.getExecutor().compileQuery(node, { queryId: 'scale-explain' } as QueryId)
  const isRead = node.kind === 'SelectQueryNode' || (node.kind === 'RawNode' && /^\s*select\b/i.test(compiled.sql))
  if (!isRead) return [`(not explained: a write; statement: ${compiled.sql.replace(/\s+/g, ' ').slice(0, 300)})`]
  const plan = await db.executeQuery<{ 'QUERY PLAN': string }>(
    CompiledQuery.raw(`explain (analyze, buffers) ${compiled.sql}`, [...compiled.parameters]),
  )
  return [
    `statement: ${compiled.sql.replace(/\s+/g, ' ').slice(0, 400)}`,
    ...plan.rows.slice(0, lines).map((r) => r['QUERY PLAN']),
  ]
}
