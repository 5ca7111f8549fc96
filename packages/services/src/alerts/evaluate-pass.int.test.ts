import { type AlertRuleInput, AlertRuleInput as RuleSchema } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { testDatabases } from '@cockpit/db/testing'
import { type Kysely, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { EXPECTED_INDICATOR, insertPlan } from '../catalog/test-rows.js'
import { serviceContext } from '../kernel/context.js'
import { adminPrincipal } from '../kernel/principal.js'
import { freshDatabaseEach } from '../kernel/test-database.js'
import { evaluateAlerts } from './evaluate.js'
import { repeatsAndEscalations } from './follow-ups.js'
import { createRule } from './rules.js'

// More series than one chunk of a pass (200), so a pass writes several chunks' batches.
const COUNTIES = 450
const countyCode = (i: number) => String(361001 + i)
const SILENCED = countyCode(0)
const at = (date: string, time = '10:00:00') => new Date(`${date}T${time}+08:00`)
const ctxAt = (date: string, time?: string) => ({ now: at(date, time), asOf: date })
const admin = adminPrincipal('user:test-admin')

interface Fixture {
  manager: number
  channel: number
}

/**
 * 南昌市 and 450 counties under it, one indicator each (a 2025 target) whose January 2025 report is overdue; a manager of the city
 * subscribed on a webhook channel; a missing-report rule with a 60 s group wait; a silence on the first county.
 */
async function fixture(db: Kysely<Database>): Promise<Fixture> {
  await db
    .insertInto('jurisdictions')
    .values({ code: '360100', name: '南昌市', level: 'city', parent_code: null })
    .execute()
  await db
    .insertInto('jurisdictions')
    .values(
      Array.from({ length: COUNTIES }, (_, i) => ({
        code: countyCode(i),
        name: `县${i}`,
        level: 'county' as const,
        parent_code: '360100',
      })),
    )
    .execute()
  const planId = await insertPlan(db, 'nc', '360100', '南昌市人民政府')
  const indicators = await db
    .insertInto('indicators')
    .values(
      Array.from({ length: COUNTIES }, (_, i) => ({
        plan_id: planId,
        key: `i${i}`,
        jurisdiction_code: countyCode(i),
        name: `指标${i}`,
        unit: '%',
        measure: 'percent' as const,
        position: i,
        ...EXPECTED_INDICATOR,
        cadence: 'monthly' as const,
      })),
    )
    .returning(['id', 'jurisdiction_code'])
    .execute()
  await db
    .insertInto('indicator_targets')
    .values(
      indicators.map((ind) => ({
        indicator_id: ind.id,
        year: 2025,
        due_date: '2025-12-31',
        comparator: 'gte' as const,
        value: 90,
        value_max: null,
      })),
    )
    .execute()
  await db
    .insertInto('reporting_periods')
    .values(
      indicators.map((ind) => ({
        indicator_id: ind.id,
        jurisdiction_code: ind.jurisdiction_code,
        period_key: '2025-01',
        period_end: '2025-01-31',
        due_date: '2025-02-10',
        department_id: null,
        first_reported_at: null,
        state: 'overdue' as const,
        reminded_at: null,
        locked_at: null,
      })),
    )
    .execute()
  const { id: manager } = await db
    .insertInto('users')
    .values({
      username: 'nc-leader',
      display_name: '南昌分管领导',
      password_hash: 'scrypt$x',
      role: 'manager',
      department_id: null,
      disabled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db.insertInto('user_jurisdictions').values({ user_id: manager, jurisdiction_code: '360100' }).execute()
  const { id: channel } = await db
    .insertInto('notification_channels')
    .values({
      owner_id: manager,
      name: '督办系统',
      kind: 'webhook',
      config: JSON.stringify({ kind: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 'whsec-0123456789abcdef' }),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('subscriptions')
    .values({ user_id: manager, name: '南昌全部', min_severity: 'warning', channel_ids: [channel], in_app: true })
    .execute()
  await createRule(
    serviceContext(db, admin, at('2025-01-01')),
    RuleSchema.parse({
      name: '逾期未报',
      severity: 'warning',
      params: { kind: 'missing-report', graceDays: 0 },
      groupWaitSeconds: 60,
    }) as AlertRuleInput,
  )
  await db
    .insertInto('silences')
    .values({
      matchers: JSON.stringify({ jurisdictionCode: SILENCED }),
      starts_at: at('2025-01-01'),
      ends_at: at('2026-01-01'),
      reason: '县里系统迁移',
      created_by: null,
    })
    .execute()
  return { manager, channel }
}

const counts = async (db: Kysely<Database>) => {
  const { rows } = await sql<{
    instances: number
    alerts: number
    firing: number
    transitions: number
    notifications: number
    inbox: number
  }>`select (select count(*) from alert_instances)::int as instances,
            (select count(*) from alerts)::int as alerts,
            (select count(*) from alerts where state = 'firing')::int as firing,
            (select count(*) from alert_transitions)::int as transitions,
            (select count(*) from notifications)::int as notifications,
            (select count(*) from inbox_items)::int as inbox`.execute(db)
  return rows[0]!
}

/** Every county's alert opened once: one instance, alert, transition and notification each; the silenced one not in the inbox. */
const OPENED_ONCE = {
  instances: COUNTIES,
  alerts: COUNTIES,
  firing: COUNTIES,
  transitions: COUNTIES,
  notifications: COUNTIES,
  inbox: COUNTIES - 1,
}

describe.each(testDatabases())('an evaluation pass over many series on $name', (target) => {
  let db: Kysely<Database>
  let f: Fixture
  freshDatabaseEach(target, async (opened) => {
    db = opened
    f = await fixture(db)
  })

  it('opens each alert once with one notification and one inbox item, and a second pass opens none', async () => {
    const first = await evaluateAlerts(db, 'all', ctxAt('2025-03-01'))
    expect({ evaluated: first.evaluated, opened: first.opened, transitions: first.transitions }).toEqual({
      evaluated: COUNTIES,
      opened: COUNTIES,
      transitions: COUNTIES,
    })
    expect(new Set(first.events.map((e) => e.alertId)).size).toBe(COUNTIES)
    expect(first.events.every((e) => e.state === 'firing' && e.summary.startsWith('【警告】'))).toBe(true)
    // The silenced county's notification is recorded as silenced and stays out of the inbox.
    expect(await counts(db)).toEqual(OPENED_ONCE)
    const byStatus = await db
      .selectFrom('notifications as n')
      .innerJoin('alerts as a', 'a.id', 'n.alert_id')
      .select(['n.status', 'a.jurisdiction_code', 'n.due_at', 'n.user_id', 'n.channel_id', 'n.kind'])
      .execute()
    expect(byStatus.filter((n) => n.status === 'silenced').map((n) => n.jurisdiction_code)).toEqual([SILENCED])
    expect(byStatus.every((n) => n.user_id === f.manager && n.channel_id === f.channel && n.kind === 'firing')).toBe(
      true,
    )
    // Alerts that start together wait one group_wait and go out as one message: one due time for all.
    const due = new Set(byStatus.filter((n) => n.status === 'pending').map((n) => n.due_at.getTime()))
    expect([...due]).toEqual([at('2025-03-01').getTime() + 60_000])
    expect(first.groups).toHaveLength(COUNTIES - 1)
    const inbox = await db.selectFrom('inbox_items').select(['user_id', 'kind', 'title']).execute()
    expect(
      inbox.every((i) => i.user_id === f.manager && i.kind === 'firing' && i.title.startsWith('【告警·警告】')),
    ).toBe(true)

    const second = await evaluateAlerts(db, 'all', ctxAt('2025-03-01', '10:01:00'))
    expect({ evaluated: second.evaluated, opened: second.opened, transitions: second.transitions }).toEqual({
      evaluated: COUNTIES,
      opened: 0,
      transitions: 0,
    })
    expect(second.groups).toEqual([])
    expect(await counts(db)).toEqual(OPENED_ONCE)
    const evaluatedAt = await db.selectFrom('alert_instances').select('last_evaluated_at').distinct().execute()
    expect(evaluatedAt.map((r) => r.last_evaluated_at.getTime())).toEqual([at('2025-03-01', '10:01:00').getTime()])
  })

  it('opens each alert once when two passes run at once', async () => {
    const [a, b] = await Promise.all([
      evaluateAlerts(db, 'all', ctxAt('2025-03-01')),
      evaluateAlerts(db, 'all', ctxAt('2025-03-01')),
    ])
    expect(a.opened + b.opened).toBe(COUNTIES)
    expect(a.groups.length + b.groups.length).toBe(COUNTIES - 1)
    expect(await counts(db)).toEqual(OPENED_ONCE)
  })

  it('resolves the alerts whose reports came in, each once, and keeps the others firing with their figures', async () => {
    await evaluateAlerts(db, 'all', ctxAt('2025-03-01'))
    const reported = Array.from({ length: COUNTIES / 2 }, (_, i) => countyCode(i * 2))
    await db
      .updateTable('reporting_periods')
      .set({ state: 'reported-late', first_reported_at: at('2025-03-02') })
      .where('jurisdiction_code', 'in', reported)
      .execute()
    const later = ctxAt('2025-03-03')
    const pass = await evaluateAlerts(db, 'all', later)
    expect({ opened: pass.opened, resolved: pass.resolved, transitions: pass.transitions }).toEqual({
      opened: 0,
      resolved: COUNTIES / 2,
      transitions: COUNTIES / 2,
    })
    expect(pass.events.every((e) => e.state === 'resolved' && e.summary.startsWith('【已恢复】'))).toBe(true)
    const alerts = await db.selectFrom('alerts').select(['jurisdiction_code', 'state', 'resolved_at']).execute()
    const resolved = alerts.filter((a) => a.state === 'resolved')
    expect(resolved.map((a) => a.jurisdiction_code).sort()).toEqual(reported.sort())
    expect(resolved.every((a) => a.resolved_at?.getTime() === later.now.getTime())).toBe(true)
    const instances = await db
      .selectFrom('alert_instances')
      .select(['jurisdiction_code', 'state', 'current_alert_id'])
      .execute()
    for (const i of instances)
      expect([i.state, i.current_alert_id === null], i.jurisdiction_code).toEqual(
        reported.includes(i.jurisdiction_code) ? ['normal', true] : ['firing', false],
      )
    const resolvedNotices = await db
      .selectFrom('notifications')
      .select(['status'])
      .where('kind', '=', 'resolved')
      .execute()
    // The silenced county (reported, index 0) is recorded as silenced; each resolution is owed once.
    expect(resolvedNotices).toHaveLength(COUNTIES / 2)
    expect(resolvedNotices.filter((n) => n.status === 'silenced')).toHaveLength(1)

    const again = await evaluateAlerts(db, 'all', ctxAt('2025-03-04'))
    expect({ opened: again.opened, resolved: again.resolved, transitions: again.transitions }).toEqual({
      opened: 0,
      resolved: 0,
      transitions: 0,
    })
    expect(await counts(db)).toMatchObject({ alerts: COUNTIES, firing: COUNTIES / 2, notifications: COUNTIES * 1.5 })
  })

  it("repeats each firing alert once per interval and escalates each once to the parent's managers", async () => {
    await db.updateTable('alert_rules').set({ escalate_after_seconds: 3600 }).execute()
    await evaluateAlerts(db, 'all', ctxAt('2025-03-01'))
    const dayLater = at('2025-03-02', '10:30:00')
    const groups = await repeatsAndEscalations(db, dayLater)
    // The silenced county's alert is neither repeated nor escalated.
    const owed = await db
      .selectFrom('notifications')
      .select(['kind', 'user_id', 'due_at'])
      .where('kind', 'in', ['repeat', 'escalation'])
      .execute()
    expect(owed.filter((n) => n.kind === 'repeat')).toHaveLength(COUNTIES - 1)
    expect(owed.filter((n) => n.kind === 'escalation')).toHaveLength(COUNTIES - 1)
    expect(owed.every((n) => n.user_id === f.manager)).toBe(true)
    expect(new Set(owed.map((n) => n.due_at.getTime())).size).toBe(1)
    expect(groups).toHaveLength(2 * (COUNTIES - 1))
    const escalated = await db
      .selectFrom('alerts')
      .select('escalated_at')
      .where('escalated_at', 'is not', null)
      .execute()
    expect(escalated).toHaveLength(COUNTIES - 1)
    const inbox = await db.selectFrom('inbox_items').select('kind').where('kind', '<>', 'firing').execute()
    expect(inbox.filter((i) => i.kind === 'repeat:1')).toHaveLength(COUNTIES - 1)
    expect(inbox.filter((i) => i.kind === 'escalation')).toHaveLength(COUNTIES - 1)

    // The next run within the same interval owes nothing more.
    expect(await repeatsAndEscalations(db, new Date(dayLater.getTime() + 60_000))).toEqual([])
    expect(await counts(db)).toMatchObject({ notifications: 3 * COUNTIES - 2, inbox: 3 * (COUNTIES - 1) })
  })
})

describe.each(testDatabases())('a sudden-change rule in a pass on $name', (target) => {
  let db: Kysely<Database>
  freshDatabaseEach(target, async (opened) => {
    db = opened
    await fixture(db)
  })

  const report = (county: number, period: string, periodEnd: string, value: number) => ({
    indicator_id: 0,
    jurisdiction_code: countyCode(county),
    period_key: period,
    period_end: periodEnd,
    value,
    submission_id: null,
    item_seq: null,
    source: 'form' as const,
    department_id: null,
    user_id: null,
    token_id: null,
    note: null,
    reason: null,
    reported_at: at('2025-03-01'),
    reviewed_at: null,
    reviewed_by: null,
    review_comment: null,
  })

  it('reads the two newest values in force of each series when a sudden-change rule is enabled', async () => {
    await createRule(
      serviceContext(db, admin, at('2025-01-01')),
      RuleSchema.parse({
        name: '数值突变',
        severity: 'info',
        params: { kind: 'sudden-change', threshold: { mode: 'points', value: 10 } },
      }) as AlertRuleInput,
    )
    const ids = new Map(
      (await db.selectFrom('indicators').select(['id', 'jurisdiction_code']).execute()).map((i) => [
        i.jurisdiction_code,
        i.id,
      ]),
    )
    const rows = [
      // 县1 jumps by 30 points from January to February (a December value and a revised January one before it).
      report(1, '2024-12', '2024-12-31', 10),
      report(1, '2025-01', '2025-01-31', 40),
      report(1, '2025-01', '2025-01-31', 50),
      report(1, '2025-02', '2025-02-28', 80),
      // 县2 moves by 2; 县3's jump is still pending review, so it does not count.
      report(2, '2025-01', '2025-01-31', 50),
      report(2, '2025-02', '2025-02-28', 52),
      report(3, '2025-01', '2025-01-31', 50),
      { ...report(3, '2025-02', '2025-02-28', 90), review_state: 'pending' as const },
    ].map((r) => ({ ...r, indicator_id: ids.get(r.jurisdiction_code)! }))
    for (const r of rows) await db.insertInto('observations').values(r).execute()

    const pass = await evaluateAlerts(db, 'all', ctxAt('2025-03-01'))
    const sudden = await db
      .selectFrom('alerts as a')
      .innerJoin('alert_rules as r', 'r.id', 'a.rule_id')
      .select(['a.jurisdiction_code', 'a.summary'])
      .where('r.kind', '=', 'sudden-change')
      .execute()
    expect(sudden.map((a) => a.jurisdiction_code)).toEqual([countyCode(1)])
    expect(pass.opened).toBe(COUNTIES + 1)
  })
})
