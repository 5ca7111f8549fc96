import { describe, expect, it } from 'vitest'
import { rankingOption, rankingsToShow } from './ranking.js'
import { ranking, rankingRow } from './testing/rankings.js'

const row = rankingRow

describe('ranking panels', () => {
  it('shows the rankings with the most places reported first, keeping the plan order among equals', () => {
    const a = ranking(1, [row('甲', 1, 5), row('乙', 2, 4)])
    const b = ranking(2, [row('甲', 1, 5), row('乙', 2, 4), row('丙', 3, 1)])
    const c = ranking(3, [row('甲', 1, 5), row('乙', 2, 4)])
    const single = ranking(4, [row('甲', 1, 5), row('乙', null, null)])
    expect(rankingsToShow([single, a, b, c], 2).map((r) => r.indicatorId)).toEqual([2, 1])
  })
  it('draws places in rank order with the rank beside the name and says which never reported', () => {
    const option = rankingOption(
      ranking(1, [row('南京市', 1, 92), row('苏州市', 2, 80), row('无锡市', null, null)]),
    ) as {
      yAxis: { data: string[] }
      series: {
        data: { value: number; label?: { formatter: string } }[]
        label: { formatter: (p: { value: number }) => string }
      }[]
    }
    expect(option.yAxis.data).toEqual(['1  南京市', '2  苏州市', '—  无锡市'])
    const bars = option.series[0]!.data
    expect(bars.map((d) => d.value)).toEqual([92, 80, 0])
    expect(option.series[0]!.label.formatter({ value: 92 })).toBe('92%')
    expect(bars[2]!.label?.formatter).toBe('未报送')
  })
})
