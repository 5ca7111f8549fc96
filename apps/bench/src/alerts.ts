import { pino } from 'pino'
import { ALERTS_USAGE, parseAlertBenchOptions } from './alert-options.js'
import { type AlertBenchResult, runAlertBench } from './run-alerts.js'
import { optionsOrExit } from './options-or-exit.js'

// `pnpm bench:alerts`: submission → delivered webhook latency per alert. A measurement, so it exits 0
// whatever the figures (missing or duplicate alerts are printed); only a broken setup exits 1.
const options = optionsOrExit(parseAlertBenchOptions, ALERTS_USAGE)

const ms = (n: number) => (Number.isNaN(n) ? '—' : `${Math.round(n)} ms`)

function format(r: AlertBenchResult): string {
  const lines = [
    `alert latency (submission POST → webhook arrival), ${r.environment.node}, clock ${r.options.clock}, ${r.options.rate}/s, worker concurrency ${r.options.workerConcurrency}`,
    `  alerts:    ${r.seen} of ${r.alerts} seen${r.missing.length ? ` — MISSING ${r.missing.length}` : ''}`,
    `  median:    ${ms(r.medianMs)}`,
    `  p90:       ${ms(r.p90Ms)}`,
    `  worst:     ${ms(r.worstMs)}`,
    `  messages:  ${r.messages} webhook notifications (${r.requests} HTTP requests), ${r.itemsPerMessage.min}–${r.itemsPerMessage.max} alerts each`,
    `  fired once: ${r.duplicates.length ? `NO — ${r.duplicates.length} alerts in several notifications` : 'yes (no alert in two notifications)'}`,
    `  database:  ${r.db.firingAlerts} firing alerts; channel notifications ${JSON.stringify(r.db.notifications)}`,
    `  posting:   ${r.alerts} POSTs over ${r.postSeconds.toFixed(1)} s, 202 after median ${ms(r.postAckMs.median)}, worst ${ms(r.postAckMs.worst)}`,
  ]
  if (r.missing.length)
    lines.push(`  missing: ${r.missing.slice(0, 20).join('; ')}${r.missing.length > 20 ? ' …' : ''}`)
  if (r.duplicates.length) lines.push(`  duplicates: ${r.duplicates.slice(0, 20).join('; ')}`)
  if (r.unexpected.length) lines.push(`  unexpected: ${r.unexpected.slice(0, 20).join('; ')}`)
  return lines.join('\n')
}

// Warnings from the API and workers (failed jobs) go to stderr; the figures go to stdout.
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2))
try {
  const result = await runAlertBench(options, logger, (msg) => console.error(`… ${msg}`))
  console.log(format(result))
  process.exit(0)
} catch (e) {
  console.error('bench failed:', e instanceof Error ? (e.stack ?? e.message) : e)
  process.exit(1)
}
