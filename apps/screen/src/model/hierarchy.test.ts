import { describe, expect, it } from 'vitest'
import { buildHierarchy, worstStatus } from './hierarchy.js'
import type { ScreenIndicator, ScreenJurisdiction } from './types.js'

const j = (code: string, name: string, children: ScreenJurisdiction[] = []): ScreenJurisdiction => ({
  code,
  name,
  level: 'city',
  parentCode: null,
  indicatorCount: 0,
  planCount: 0,
  children,
})
const ind = (id: number, code: string, status: ScreenIndicator['status']['status']) =>
  ({ id, jurisdictionCode: code, status: { status } }) as ScreenIndicator

describe('jurisdiction hierarchy for the wall', () => {
  const tree = [
    j('510000', '四川省', [j('511700', '达州市', [j('511724', '大竹县')])]),
    j('360000', '江西省', [j('360100', '南昌市')]),
  ]
  it('colours each region by the worst status anywhere below it and counts its indicators', () => {
    const h = buildHierarchy(
      tree,
      [ind(1, '511724', 'off-track'), ind(2, '511724', 'achieved'), ind(3, '360100', 'on-track')],
      null,
    )
    expect(h.value).toBe(3)
    expect(h.status).toBe('off-track')
    const sichuan = h.children![0]!
    expect(sichuan).toMatchObject({ name: '四川省', value: 2, status: 'off-track' })
    expect(h.children![1]).toMatchObject({ name: '江西省', value: 1, status: 'on-track' })
  })
  it('draws only the regions with a plan or an indicator below them, not every county of the province', () => {
    const planned = (code: string, name: string, children: ScreenJurisdiction[] = []) => ({
      ...j(code, name, children),
      planCount: 1,
    })
    const full = [
      j('510000', '四川省', [
        j('510100', '成都市', [j('510104', '锦江区')]),
        j('511700', '达州市', [planned('511724', '大竹县'), j('511722', '宣汉县')]),
      ]),
    ]
    const h = buildHierarchy(full, [], full[0]!)
    expect(h.children!.map((c) => c.name)).toEqual(['达州市'])
    expect(h.children![0]!.children!.map((c) => c.name)).toEqual(['大竹县'])
    const withData = buildHierarchy(full, [ind(1, '510104', 'on-track')], null)
    expect(withData.children![0]!.children!.map((c) => c.name)).toEqual(['成都市', '达州市'])
  })
  it('treats a region without data as no-data, not as healthy', () => {
    expect(worstStatus([])).toBe('no-data')
    expect(buildHierarchy(tree, [], tree[0]!).status).toBe('no-data')
  })
})
