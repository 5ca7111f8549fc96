import type { BenchResult } from './run-bench.js'
import { REQUIRED_RATIO } from './run-bench.js'

const fmtRate = (n: number) => Math.round(n).toLocaleString('en-US')
const fmtSec = (n: number) => n.toFixed(2)

/** The printed summary: environment, a small table, the verdict, and any count that was off. */
export function formatReport(r: BenchResult): string {
  const o = r.options
  const n = r.checks.observations === r.checks.floorObservations ? r.checks.floorObservations : r.checks.observations
  const rows: string[][] = [
    ['', 'values', 'seconds', 'values/s', 'node CPU s'],
    [
      'pipeline (API → PG → queue → worker)',
      String(n),
      fmtSec(r.pipeline.seconds),
      fmtRate(r.pipeline.valuesPerSecond),
      fmtSec(r.pipeline.nodeCpuSeconds),
    ],
    [
      '  API acknowledged (last 202)',
      String(n),
      fmtSec(r.pipeline.ackSeconds),
      fmtRate(r.pipeline.ackValuesPerSecond),
      '',
    ],
    [
      'floor (multi-row INSERT)',
      String(n),
      fmtSec(r.floor.seconds),
      fmtRate(r.floor.valuesPerSecond),
      fmtSec(r.floor.nodeCpuSeconds),
    ],
  ]
  const widths = [0, 1, 2, 3, 4].map((c) => Math.max(...rows.map((row) => row[c]!.length)))
  const table = rows.map((row) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '),
  )
  const verdict = `${r.pass ? 'PASS' : 'FAIL'}: pipeline/floor = ${r.ratio.toFixed(2)} (needs ≥ ${REQUIRED_RATIO})`
  return [
    `environment: node ${r.environment.node}, ${r.environment.db}, ${r.environment.cpus} CPUs`,
    `run: ${o.values} values, ${r.batches} requests of ≤${o.batchSize} in ${o.order} order (${o.alignBatches ? 'series-aligned' : 'unaligned'}), client concurrency ${o.concurrency}, worker concurrency ${o.workerConcurrency}`,
    '',
    ...table,
    '',
    verdict,
    '(node CPU: this one process runs the client, the API and the workers; near the seconds column = Node-bound, well below = waiting on PostgreSQL/Redis)',
    `checks: observations ${r.checks.observations}, submissions ${r.checks.processed}/${r.checks.submissions} processed, failed ${r.checks.failed}, accepted ${r.checks.accepted}, rejected ${r.checks.rejected}`,
    ...(r.problems.length ? ['PROBLEMS:', ...r.problems.map((p) => `  ${p}`)] : []),
  ].join('\n')
}
