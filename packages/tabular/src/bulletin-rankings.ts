import type { IndicatorStatus } from '@cockpit/contracts'
import type ExcelJS from 'exceljs'
import { addRow, addSheet, type Column, finish } from './bulletin-sheet.js'

export interface BulletinRankingRow {
  /** 1-based; null for a place without the value (listed last). */
  rank: number | null
  placeName: string
  latestValue: number | null
  latestPeriodLabel: string | null
  /** Ahead (+) or behind (−) the path as a share of its span. */
  gapRatio: number | null
  status: IndicatorStatus
  statusLabel: string
  /** 0–1 over the periods due; null when none was due. */
  onTimeRate: number | null
}

export interface BulletinRanking {
  indicatorName: string
  unit: string
  measure: 'percent' | 'count' | 'amount' | 'ratio' | string
  parentName: string
  /** Best first. */
  rows: BulletinRankingRow[]
}

export const RANKING_BULLETIN_SHEET = '地区排名'

const COLUMNS: Column[] = [
  { header: '指标名称', width: 30 },
  { header: '上级地区', width: 11 },
  { header: '排名', width: 7 },
  { header: '地区', width: 12 },
  { header: '最新值', width: 12 },
  { header: '统计期', width: 14 },
  { header: '与序时进度差距', width: 14 },
  { header: '状态', width: 10 },
  { header: '按时报送率', width: 11 },
]

/**
 * 地区排名: each indicator's places ranked by value (direction-aware), one filterable table (filter by
 * 指标名称 to read one ranking), with the gap to the path and on-time reporting beside the rank.
 */
export function addRankingBulletinSheet(
  workbook: ExcelJS.Workbook,
  rankings: BulletinRanking[],
  heading: string,
  subtitle: string,
  fills: Record<IndicatorStatus, string>,
  unitFormat: (measure: string, unit: string) => string,
): void {
  const sheet = addSheet(
    workbook,
    RANKING_BULLETIN_SHEET,
    `${heading}地区排名`,
    `${subtitle}  按最新值排名;差距为高于(+)或低于(−)序时进度的幅度;按时报送率看最近 12 个已到期统计期`,
    COLUMNS,
  )
  for (const r of rankings) {
    const fmt = unitFormat(r.measure, r.unit)
    for (const p of r.rows) {
      const row = addRow(
        sheet,
        [
          r.indicatorName,
          r.parentName,
          p.rank,
          p.placeName,
          p.latestValue,
          p.latestPeriodLabel ?? '',
          p.gapRatio,
          p.statusLabel,
          p.onTimeRate,
        ],
        [null, null, '0', null, fmt, null, '+0.0%;-0.0%;0%', null, '0.0%'],
      )
      const status = row.getCell(8)
      status.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fills[p.status] } }
      status.alignment = { horizontal: 'center', vertical: 'middle' }
    }
  }
  finish(sheet, COLUMNS.length)
}
