import { z } from 'zod'
import { IndicatorStatus } from '../domain-enums.js'
import { IdParam, IsoDate, JurisdictionCode } from './common.js'

export const rankingKeys = ['value', 'gap', 'on-time'] as const
export const RankingKey = z.enum(rankingKeys)
export type RankingKey = z.infer<typeof RankingKey>
export const rankingKeyLabels: Record<RankingKey, string> = {
  value: '按数值',
  gap: '按序时进度差距',
  'on-time': '按按时报送率',
}

export const RankingParams = IdParam
export const RankingQuery = z.object({
  /** Whose children are ranked: the indicator's own jurisdiction (default) or a place below it. */
  parent: JurisdictionCode.optional(),
  by: RankingKey.optional(),
  asOf: IsoDate.optional(),
})
export type RankingQuery = z.infer<typeof RankingQuery>

export const RankingRow = z.object({
  code: z.string(),
  name: z.string(),
  /** 1-based; places without the figure ranked by are unranked (null) and listed last. */
  rank: z.number().int().nullable(),
  ranks: z.object({
    value: z.number().int().nullable(),
    gap: z.number().int().nullable(),
    onTime: z.number().int().nullable(),
  }),
  status: IndicatorStatus,
  statusLabel: z.string(),
  latestValue: z.number().nullable(),
  latestPeriodKey: z.string().nullable(),
  expected: z.number().nullable(),
  /** Ahead (+) or behind (−) the path, as a share of the path's span; direction-aware. */
  gapRatio: z.number().nullable(),
  onTime: z.object({ due: z.number().int(), onTime: z.number().int(), rate: z.number().nullable() }),
})
export type RankingRow = z.infer<typeof RankingRow>

export const IndicatorRanking = z.object({
  indicatorId: z.number().int(),
  indicatorName: z.string(),
  unit: z.string(),
  direction: z.enum(['higher', 'lower']),
  parentCode: z.string(),
  parentName: z.string(),
  by: RankingKey,
  asOf: z.string(),
  /** The periods the on-time rate looks at (the last ones due by asOf that any place reported). */
  onTimeWindow: z.array(z.string()),
  rows: z.array(RankingRow),
})
export type IndicatorRanking = z.infer<typeof IndicatorRanking>

export const JurisdictionRankingsQuery = z.object({
  jurisdiction: JurisdictionCode,
  by: RankingKey.optional(),
  /** How many places below must have a value for an indicator to be listed (default 2: a ranking; the map asks for 1). */
  minPlaces: z.coerce.number({ message: '应为正整数' }).int('应为正整数').min(1, '应为正整数').max(1000).optional(),
  asOf: IsoDate.optional(),
})
export type JurisdictionRankingsQuery = z.infer<typeof JurisdictionRankingsQuery>
/** Every indicator (of the jurisdiction or above it) that at least `minPlaces` places directly below it have a value for. */
export const JurisdictionRankings = z.object({ jurisdiction: z.string(), items: z.array(IndicatorRanking) })
export type JurisdictionRankings = z.infer<typeof JurisdictionRankings>
