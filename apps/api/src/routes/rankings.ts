import { createRoute } from '@hono/zod-openapi'
import {
  IndicatorRanking,
  JurisdictionRankings,
  JurisdictionRankingsQuery,
  RankingParams,
  RankingQuery,
} from '@cockpit/contracts'
import { indicatorRanking, jurisdictionRankings } from '@cockpit/services/reports'
import { requireRole } from '../auth.js'
import { createRouter, deniedResponses, errorResponses, jsonContent } from '../router.js'
import { serviceContext } from './route-helpers.js'

const ranking = createRoute({
  method: 'get',
  path: '/{id}/ranking',
  tags: ['指标'],
  summary: '地区排名:同一指标在下级地区间按数值、序时进度差距或按时报送率排名',
  middleware: [requireRole()] as const,
  request: { params: RankingParams, query: RankingQuery },
  responses: { 200: jsonContent(IndicatorRanking, '地区排名'), ...errorResponses, ...deniedResponses },
})

// Mounted beside indicatorRoutes under /api/v1/indicators: a read of one indicator across places.
export const rankingRoutes = createRouter().openapi(ranking, async (c) =>
  c.json(await indicatorRanking(serviceContext(c), c.req.valid('param').id, c.req.valid('query')), 200),
)

const forJurisdiction = createRoute({
  method: 'get',
  path: '/',
  tags: ['指标'],
  summary: '一个地区的全部地区排名:下级地区中至少两个有数值的每个指标,按数值、序时进度差距或按时报送率排名',
  middleware: [requireRole()] as const,
  request: { query: JurisdictionRankingsQuery },
  responses: { 200: jsonContent(JurisdictionRankings, '地区排名'), ...errorResponses, ...deniedResponses },
})

export const jurisdictionRankingRoutes = createRouter().openapi(forJurisdiction, async (c) =>
  c.json(await jurisdictionRankings(serviceContext(c), c.req.valid('query')), 200),
)
