import { createRoute } from '@hono/zod-openapi'
import { Health, Liveness } from '@cockpit/contracts'
import { databaseReachable, healthVerdict } from '@cockpit/services/ops'
import type { Context } from 'hono'
import type { AppEnv } from '../env.js'
import { RETRY_AFTER_SECONDS } from '../errors.js'
import { createRouter, jsonContent } from '../router.js'

const startedAt = Date.now()

/** The full report: database, Redis, worker heartbeats and queue lag, with the verdict. */
async function healthReport(c: Context<AppEnv>): Promise<Health> {
  const { db, dbKind, dbHealth, probeQueues, queueLagLimitMs, version, now, clockRate } = c.get('deps')
  // While the pool knows the server is away, say so at once instead of waiting on a ping.
  const [reachable, queue] = await Promise.all([
    databaseReachable(db, dbHealth && (() => dbHealth.isAvailable())),
    probeQueues ? probeQueues() : null,
  ])
  const verdict = healthVerdict({ database: { reachable }, queue, lagLimitMs: queueLagLimitMs ?? 60_000 })
  // A draining instance (SIGTERM) still answers what it has, but is no longer ready for new traffic.
  const draining = c.get('deps').draining?.() ?? false
  return {
    status: verdict.status,
    ready: reachable && !draining,
    problems: draining ? [...verdict.problems, '本实例正在停止,不再接收新流量'] : verdict.problems,
    database: { kind: dbKind, reachable, unavailableSince: dbHealth?.unavailableSince()?.toISOString() ?? null },
    redis: queue ? queue.redis : null,
    workers: queue?.workers ?? null,
    queues: (queue?.queues ?? []).map((q) => ({
      name: q.name,
      waiting: q.waiting,
      active: q.active,
      delayed: q.delayed,
      failed: q.failed,
      oldestWaitingSeconds: q.oldestWaitingMs === null ? null : Math.round(q.oldestWaitingMs / 100) / 10,
    })),
    version,
    time: now().toISOString(),
    clockRate: clockRate ?? 1,
  }
}

const report = createRoute({
  method: 'get',
  path: '/',
  tags: ['系统'],
  summary: '健康检查:数据库、Redis、后台处理进程与队列积压',
  description:
    'status 为 ok / degraded(可服务,但 Redis 不可达、没有存活的处理进程或队列积压,见 problems)/ unavailable(数据库不可达)。' +
    '仅 unavailable 时答 503(大屏与工作台也从这里读取产品时间,降级时仍须可读);监控告警请看 status 与 problems。',
  responses: { 200: jsonContent(Health, '可服务(ok 或 degraded)'), 503: jsonContent(Health, '数据库不可达') },
})

const ready = createRoute({
  method: 'get',
  path: '/ready',
  tags: ['系统'],
  summary: '就绪检查:本实例能否服务请求(数据库可达)',
  description:
    '数据库不可达或本实例正在停止(收到 SIGTERM 后排空)时答 503 与 Retry-After,编排系统据此暂停向本实例转发流量;Redis 或后台处理进程的问题不影响就绪(提交仍会保存)。',
  responses: { 200: jsonContent(Health, '就绪'), 503: jsonContent(Health, '未就绪:数据库不可达') },
})

const live = createRoute({
  method: 'get',
  path: '/live',
  tags: ['系统'],
  summary: '存活检查:进程能否应答(不检查数据库)',
  description: '只要进程能应答即为 200;数据库故障不会使其失败(重启进程无助于数据库恢复)。',
  responses: { 200: jsonContent(Liveness, '存活') },
})

export const healthRoutes = createRouter()
  .openapi(report, async (c) => {
    const body = await healthReport(c)
    if (body.status !== 'unavailable') return c.json(body, 200)
    c.header('Retry-After', String(RETRY_AFTER_SECONDS))
    return c.json(body, 503)
  })
  .openapi(ready, async (c) => {
    const body = await healthReport(c)
    if (body.ready) return c.json(body, 200)
    c.header('Retry-After', String(RETRY_AFTER_SECONDS))
    return c.json(body, 503)
  })
  .openapi(live, (c) =>
    c.json(
      {
        status: 'ok' as const,
        version: c.get('deps').version,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      },
      200,
    ),
  )
