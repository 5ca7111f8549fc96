import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { Health, ReportingRates, Task, TaskSummary } from '@cockpit/contracts'
import { addDays, shanghaiDate } from '@cockpit/domain'
import { formatMix, planCounts, taskMix } from '@cockpit/simulator'
import { startFreshProduct } from './fresh-product.js'

// `npm run demo:tasks-mix`: starts the product as `npm start` does (fresh data directory, embedded
// defaults, demo calendar from 2024-01-01 at a day per second), waits until the demo calendar has run
// for two minutes (120 days), and prints what the wall's 重点任务督办 page reads for 江苏 and 扬州:
// the state mix, the tasks and milestones per plan with their reporting cycle, and the on-time rate
// of indicator reports. `--url http://host:port --data-dir data` measures a product already running.

const HELP = `usage: npm run demo:tasks-mix -- [--days 120] [--url http://127.0.0.1:3000 --data-dir data]
  --days      demo days to wait for after the demo's first day (default 120: two minutes at a day per second)
  --url       measure a running product instead of starting a fresh one (its demo credentials from --data-dir)
  --data-dir  where the running product keeps demo-credentials.json (default data)`

const { values: args } = parseArgs({
  options: {
    days: { type: 'string', default: '120' },
    url: { type: 'string' },
    'data-dir': { type: 'string', default: 'data' },
    help: { type: 'boolean' },
  },
})
if (args.help) {
  console.log(HELP)
  process.exit(0)
}
const days = Number(args.days)
if (!Number.isInteger(days) || days < 0) {
  console.error(`--days must be a whole number of days, got ${args.days}`)
  process.exit(2)
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function json<T>(url: string, cookie?: string): Promise<T> {
  // The embedded database runs on the product's event loop: while the history imports, a connection may
  // be dropped. Try again for a while before calling the product gone.
  let res: Response | undefined
  for (let attempt = 1; res === undefined; attempt++) {
    try {
      res = await fetch(url, { headers: cookie ? { cookie } : {} })
    } catch (err) {
      if (attempt >= 20) throw err
      await sleep(1000)
    }
  }
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

async function measure(url: string, dataDir: string): Promise<void> {
  const started = Date.now()
  const first = await json<Health>(`${url}/api/v1/health`)
  const until = addDays('2024-01-01', days)
  if (shanghaiDate(new Date(first.time)) > until)
    console.warn(`the demo calendar is already at ${shanghaiDate(new Date(first.time))}, past ${until}`)
  for (;;) {
    const h = await json<Health>(`${url}/api/v1/health`)
    if (shanghaiDate(new Date(h.time)) >= until) break
    await sleep(250)
  }
  const credentials = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8')) as {
    username: string
    password: string
    role: string
  }[]
  const admin = credentials.find((c) => c.role === 'admin')
  if (!admin) throw new Error(`no admin account in ${join(dataDir, 'demo-credentials.json')}`)
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: admin.username, password: admin.password }),
  })
  if (!login.ok) throw new Error(`login as ${admin.username}: ${login.status}`)
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!

  const all = (await json<{ items: Task[] }>(`${url}/api/v1/tasks`, cookie)).items
  console.log(`\nTasks and milestones per plan (reporting cycle):`)
  for (const p of planCounts(all))
    console.log(
      `  ${p.planKey.padEnd(16)} ${String(p.tasks).padStart(3)} tasks, ${String(p.milestones).padStart(3)} milestones  ${Object.entries(
        p.cadences,
      )
        .map(([c, n]) => `${c} ×${n}`)
        .join(', ')}`,
    )
  console.log(
    `\nThe wall's 重点任务督办 after ${days} demo days (measured ${((Date.now() - started) / 1000).toFixed(0)} s after the product answered):`,
  )
  for (const code of ['320000', '321000']) {
    const summary = await json<TaskSummary>(`${url}/api/v1/tasks/summary?jurisdiction=${code}&limit=100`, cookie)
    const tasks = (await json<{ items: Task[] }>(`${url}/api/v1/tasks?jurisdiction=${code}&descendants=true`, cookie))
      .items
    console.log(`  ${formatMix(taskMix(summary, tasks))}`)
  }
  // Reporting discipline, indicators and tasks apart: everything (history imported as on time), and the
  // periods the demo itself reported.
  for (const [label, query] of [
    ['江苏, all periods', 'jurisdiction=320000'],
    ['all plans, periods ending from 2023-12-31 (reported during the demo)', 'periodFrom=2023-12-31'],
  ] as const) {
    const rates = await json<ReportingRates>(`${url}/api/v1/reporting/rates?${query}`, cookie)
    for (const subject of ['indicator', 'task'] as const) {
      const { due, onTime, late, missing } = rates.totals[subject]
      console.log(
        `  ${label}, ${subject} reports: ${onTime}/${due} on time (${due ? ((100 * onTime) / due).toFixed(1) : '–'}%), ${late} late, ${missing} missing`,
      )
    }
  }
}

if (args.url) await measure(args.url.replace(/\/+$/, ''), resolve(args['data-dir']))
else {
  const dataDir = mkdtempSync(join(tmpdir(), 'cockpit-demo-'))
  const { url, child } = await startFreshProduct(dataDir)
  console.log(`started a fresh demo at ${url} (data in ${dataDir})`)
  try {
    await measure(url, dataDir)
  } finally {
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    await Promise.race([exited, sleep(15_000)])
    rmSync(dataDir, { recursive: true, force: true })
  }
}
