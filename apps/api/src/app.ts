import { createRoute } from '@hono/zod-openapi'
import { csrf } from 'hono/csrf'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { authenticate, requireCaller, requireRole } from './auth.js'
import { apiSecurityHeaders } from './content-security.js'
import { QUEUE_BOARD_PATH, queueBoard } from './queue-board.js'
import { mountStaticSites } from './static-sites.js'
import { buildDocument, OPENAPI_PATH } from './openapi/document.js'
import type { AppDeps } from './env.js'
import { onError, onNotFound } from './errors.js'
import { createRouter } from './router.js'
import { adminDepartmentRoutes } from './routes/admin-departments.js'
import { adminIndicatorRoutes } from './routes/admin-indicators.js'
import { adminJurisdictionRoutes, adminPillarRoutes, adminPlanRoutes } from './routes/admin-plans.js'
import { adminUserRoutes } from './routes/admin-users.js'
import { adminImportRoutes } from './routes/admin-imports.js'
import { adminPlanImportRoutes } from './routes/admin-plan-imports.js'
import { alertRoutes, alertRuleRoutes, silenceRoutes } from './routes/alerts.js'
import { auditRoutes } from './routes/audit.js'
import { authRoutes } from './routes/auth.js'
import { departmentRoutes } from './routes/departments.js'
import { displayKeyRoutes } from './routes/display-keys.js'
import { evidenceRoutes } from './routes/evidence.js'
import { adminGeoRoutes, geoRoutes } from './routes/geo.js'
import { eventRoutes } from './routes/events.js'
import { healthRoutes } from './routes/health.js'
import { metricsRoutes } from './routes/metrics.js'
import { indicatorRoutes } from './routes/indicators.js'
import { jurisdictionRankingRoutes, rankingRoutes } from './routes/rankings.js'
import { jurisdictionRoutes } from './routes/jurisdictions.js'
import { planRoutes } from './routes/plans.js'
import { submissionRoutes } from './routes/submissions.js'
import { reportingRoutes, sourceRoutes } from './routes/reporting.js'
import { reportRoutes } from './routes/reports.js'
import { reviewRoutes } from './routes/reviews.js'
import { taskRoutes } from './routes/tasks.js'
import { taskCompletionRoutes } from './routes/task-completions.js'
import { adminTaskRoutes } from './routes/admin-tasks.js'
import { channelRoutes, inboxRoutes, subscriptionRoutes } from './routes/subscriptions.js'
import { tokenRoutes } from './routes/tokens.js'
import { jsonCompression, jsonEtag } from './http-caching.js'
import { readSnapshots } from './read-snapshots.js'
import { tokenCache } from './token-cache.js'

/** Builds the API; routes are chained so `AppType` carries every route for the typed client. */
export function createApp(deps: AppDeps) {
  const app = createRouter()
  app.use(requestId())
  app.use(secureHeaders())
  app.use('/api/*', apiSecurityHeaders)
  // Compression wraps the ETag check, so the tag is computed on the JSON itself.
  app.use('/api/v1/*', jsonCompression, jsonEtag)
  app.use(async (c, next) => {
    c.set('deps', deps)
    const started = performance.now()
    await next()
    // By route pattern (`c.req.routePath`, e.g. /api/v1/indicators/:id), never the raw path: bounded labels.
    deps.metrics?.observeRequest(c.req.method, c.req.routePath, c.res.status, (performance.now() - started) / 1000)
    deps.logger.debug(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    )
  })
  app.use(authenticate(tokenCache(deps.tokenCache)))
  app.use('/api/v1/*', requireCaller)
  app.use('/api/v1/*', readSnapshots(deps.events, deps.snapshots).middleware)
  if (deps.queues?.length) {
    // bull-board's own UI cannot send our CSRF header; an Origin check guards its writes instead.
    app.use(`${QUEUE_BOARD_PATH}/*`, csrf(), requireRole('admin'))
    app.route(QUEUE_BOARD_PATH, queueBoard(deps.queues))
  }
  if (deps.staticSites?.length) mountStaticSites(app, deps.staticSites)
  app.onError(onError)
  app.notFound(onNotFound)

  const routes = app
    .route('/api/v1/health', healthRoutes)
    .route('/api/v1/jurisdictions', jurisdictionRoutes)
    .route('/api/v1/geo', geoRoutes)
    .route('/api/v1/plans', planRoutes)
    .route('/api/v1/departments', departmentRoutes)
    .route('/api/v1/indicators', indicatorRoutes)
    .route('/api/v1/indicators', rankingRoutes)
    .route('/api/v1/rankings', jurisdictionRankingRoutes)
    .route('/api/v1/tasks', taskRoutes)
    .route('/api/v1/task-completions', taskCompletionRoutes)
    .route('/api/v1/auth', authRoutes)
    .route('/api/v1/tokens', tokenRoutes)
    .route('/api/v1/display-keys', displayKeyRoutes)
    .route('/api/v1/submissions', submissionRoutes)
    .route('/api/v1/evidence', evidenceRoutes)
    .route('/api/v1/reporting', reportingRoutes)
    .route('/api/v1/sources', sourceRoutes)
    .route('/api/v1/alerts', alertRoutes)
    .route('/api/v1/alert-rules', alertRuleRoutes)
    .route('/api/v1/silences', silenceRoutes)
    .route('/api/v1/channels', channelRoutes)
    .route('/api/v1/subscriptions', subscriptionRoutes)
    .route('/api/v1/inbox', inboxRoutes)
    .route('/api/v1/events', eventRoutes)
    .route('/api/v1/reports', reportRoutes)
    .route('/api/v1/reviews', reviewRoutes)
    .route('/api/v1/admin/jurisdictions', adminJurisdictionRoutes)
    .route('/api/v1/admin/plans', adminPlanRoutes)
    .route('/api/v1/admin/pillars', adminPillarRoutes)
    .route('/api/v1/admin/departments', adminDepartmentRoutes)
    .route('/api/v1/admin/indicators', adminIndicatorRoutes)
    .route('/api/v1/admin/tasks', adminTaskRoutes)
    .route('/api/v1/admin/users', adminUserRoutes)
    .route('/api/v1/admin/imports', adminImportRoutes)
    .route('/api/v1/admin/plan-imports', adminPlanImportRoutes)
    .route('/api/v1/admin/geo', adminGeoRoutes)
    .route('/api/v1/audit', auditRoutes)
    .route('/api/v1/metrics', metricsRoutes)

  // The document describes itself too (public, like health and login); built once, on first request.
  let document: ReturnType<typeof buildDocument> | null = null
  const documentRoute = createRoute({
    method: 'get',
    path: OPENAPI_PATH,
    tags: ['系统'],
    summary: '本接口的 OpenAPI 3.1 文档',
    responses: {
      200: {
        description: 'OpenAPI 文档',
        content: { 'application/json': { schema: { type: 'object', description: 'OpenAPI 3.1 文档' } } },
      },
    },
  })
  routes.openapi(documentRoute, (c) => {
    document ??= buildDocument(routes, { version: deps.version })
    return c.json(document as object, 200)
  })
  return routes
}

export type AppType = ReturnType<typeof createApp>
