import { pino } from 'pino'
import { parseBenchOptions, USAGE } from './options.js'
import { formatReport } from './report.js'
import { runIngestBench } from './run-bench.js'

// `pnpm bench:ingest`: a measurement, so it exits 0 whether it passes or not; only a broken setup
// (bad flags, no database or Redis) exits 1.
let options: ReturnType<typeof parseBenchOptions>
try {
  options = parseBenchOptions(process.argv.slice(2), process.env)
} catch (e) {
  console.error(e instanceof Error ? e.message : e)
  console.error(USAGE)
  process.exit(1)
}
if (options === 'help') {
  console.log(USAGE)
  process.exit(0)
}
// Warnings from the API and workers (failed jobs) go to stderr; the figures go to stdout.
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2))
try {
  const result = await runIngestBench(options, logger, (msg) => console.error(`… ${msg}`))
  console.log(formatReport(result))
  process.exit(0)
} catch (e) {
  console.error('bench failed:', e instanceof Error ? (e.stack ?? e.message) : e)
  process.exit(1)
}
