import { pino } from 'pino'
import { parseBenchOptions, USAGE } from './options.js'
import { formatReport } from './report.js'
import { runIngestBench } from './run-bench.js'
import { optionsOrExit } from './options-or-exit.js'

// `pnpm bench:ingest`: a measurement, so it exits 0 whether it passes or not; only a broken setup
// (bad flags, no database or Redis) exits 1.
const options = optionsOrExit(parseBenchOptions, USAGE)
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
