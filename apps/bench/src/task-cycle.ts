// Measures the task half of the reporting cycle at a chosen scale, on PostgreSQL:
//   pnpm bench:task-cycle [--tasks N] [--plans N]
// It creates a fresh schema, N tasks spread over plans 2021–2025 (monthly reporting, a third with a
// milestone date), runs the cycle as of 2025-06-05 (every period is created: the first run), again the
// next day (each task's window only), and prints time, rows and the process's peak memory.
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { createDb, migrateToLatest } from '@cockpit/db'
import { runTaskReportingCycle } from '@cockpit/services/reporting'
import { sql } from 'kysely'
import { DEFAULT_DATABASE_URL } from './options.js'

const { values: a } = parseArgs({
  args: process.argv.slice(2),
  options: { tasks: { type: 'string', default: '20000' }, plans: { type: 'string', default: '200' } },
})
const tasks = Number(a.tasks)
const plans = Number(a.plans)
if (!Number.isInteger(tasks) || tasks <= 0 || !Number.isInteger(plans) || plans <= 0)
  throw new Error('--tasks and --plans take positive integers')

const schema = `bench_${randomBytes(5).toString('hex')}`
const handle = await createDb({
  kind: 'postgres',
  url: process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
  schema,
  poolMax: 4,
})
const db = handle.db
let peakRss = 0
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50)
try {
  await migrateToLatest(db)
  // One jurisdiction, department and plan per plan number; tasks spread evenly, each led by its plan's department.
  await sql`insert into jurisdictions (code, name, level, parent_code) select lpad((100000 + g)::text, 6, '0'), '区划' || g, 'city', null from generate_series(1, ${plans}) g`.execute(
    db,
  )
  await sql`insert into departments (jurisdiction_code, key, name, full_name) select lpad((100000 + g)::text, 6, '0'), 'd', '部门' || g, null from generate_series(1, ${plans}) g`.execute(
    db,
  )
  await sql`
    insert into plans (key, jurisdiction_code, title, doc_number, issuer, issued_on, start_year, end_year, vision_year, source_file, cite_section, cite_quote)
    select 'p' || g, lpad((100000 + g)::text, 6, '0'), '规划' || g, null, '政府', '2021-03-01', 2021, 2025, null, 'f', 's', 'q' from generate_series(1, ${plans}) g`.execute(
    db,
  )
  await sql`
    insert into tasks (plan_id, key, kind, number, title, description, pillar_id, parent_id, indicator_id, due_date, completed_on, position, cite_section, cite_quote)
    select p.id, 't' || g, case when g % 3 = 0 then 'milestone' else 'task' end, null, '任务' || g, null, null, null, null,
           case when g % 3 = 0 then date '2023-12-31' else null end, null, g, 's', 'q'
      from generate_series(1, ${tasks}) g join plans p on p.key = 'p' || (1 + g % ${plans})`.execute(db)
  await sql`insert into task_departments (task_id, department_id, role) select t.id, d.id, 'lead' from tasks t join plans p on p.id = t.plan_id join departments d on d.jurisdiction_code = p.jurisdiction_code`.execute(
    db,
  )

  const run = async (label: string, date: string) => {
    peakRss = process.memoryUsage().rss
    const started = performance.now()
    const r = await runTaskReportingCycle(db, { now: new Date(`${date}T10:00:00+08:00`) })
    const ms = performance.now() - started
    console.log(
      `${label.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(7)} s  tasks ${r.tasks}  periods looked at ${r.periods}  changed ${r.changed}  reminders ${r.reminders}  peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
    )
  }
  console.log(`${tasks} tasks in ${plans} plans (2021–2025, monthly), PostgreSQL schema ${schema}`)
  await run('first run (whole history)', '2025-06-05')
  await run('next day (windows only)', '2025-06-06')
  await run('a month later', '2025-07-06')
  const rows = await sql<{ n: number }>`select count(*)::int as n from reporting_periods`.execute(db)
  console.log(`reporting_periods rows: ${rows.rows[0]?.n}`)
} finally {
  clearInterval(sampler)
  await handle.close({ dropSchema: true })
}
