import { describe, expect, it } from 'vitest'
import { checkBoundaryFile, schematicTiles } from './geo.js'

const parent = { code: '360000', name: '江西省' }
const kids = [
  { code: '360200', name: '景德镇市' },
  { code: '360100', name: '南昌市' },
  { code: '360300', name: '萍乡市' },
]
const square = (x: number) => [
  [
    [x, 0],
    [x, 1],
    [x + 1, 1],
    [x + 1, 0],
    [x, 0],
  ],
]
const feature = (adcode: unknown, coordinates: unknown = square(0), extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { adcode, name: '假名', ...extra },
  geometry: { type: 'Polygon', coordinates },
})
const file = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features })

describe('schematicTiles', () => {
  it('gives every child one closed equal square, ordered by adcode, with the tree name', () => {
    const fc = schematicTiles(kids)
    expect(fc.features.map((f) => f.properties)).toEqual([
      { adcode: '360100', name: '南昌市' },
      { adcode: '360200', name: '景德镇市' },
      { adcode: '360300', name: '萍乡市' },
    ])
    for (const f of fc.features) {
      const ring = (f.geometry.coordinates as number[][][])[0]!
      expect(ring).toHaveLength(5)
      expect(ring[0]).toEqual(ring[4])
      const xs = ring.map((p) => p[0]!)
      expect(Math.max(...xs) - Math.min(...xs)).toBeCloseTo(1)
    }
  })
  it('keeps tiles apart and the grid compact for a hundred children', () => {
    const many = Array.from({ length: 100 }, (_, i) => ({ code: String(360101 + i), name: `区${i}` }))
    const fc = schematicTiles(many)
    const corners = new Set(fc.features.map((f) => JSON.stringify((f.geometry.coordinates as number[][][])[0]![0])))
    expect(corners.size).toBe(100)
    const ys = new Set(fc.features.map((f) => (f.geometry.coordinates as number[][][])[0]![0]![1]))
    expect(ys.size).toBeLessThanOrEqual(9)
  })
})

describe('checkBoundaryFile', () => {
  it('keeps only coordinates and {adcode, name}, names from the tree, numeric adcodes accepted', () => {
    const r = checkBoundaryFile(
      file([
        feature(360100, square(0), { onclick: 'alert(1)' }),
        feature('360200', square(2)),
        {
          ...feature('360300', [
            [
              [4, 0, 9],
              [4, 1, 9],
              [5, 1, 9],
              [4, 0, 9],
            ],
          ]),
          script: '<script>',
        },
      ]),
      parent,
      kids,
    )
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.collection.features.map((f) => f.properties)).toEqual([
      { adcode: '360100', name: '南昌市' },
      { adcode: '360200', name: '景德镇市' },
      { adcode: '360300', name: '萍乡市' },
    ])
    expect(JSON.stringify(r.collection)).not.toMatch(/script|alert|假名/)
    expect((r.collection.features[2]!.geometry.coordinates as number[][][])[0]![0]).toEqual([4, 0])
  })
  it('names missing, orphaned and duplicated children in Chinese', () => {
    const r = checkBoundaryFile(file([feature('360100'), feature('360100'), feature('360400')]), parent, kids)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.problems).toEqual([
      '缺少下级区划的边界: 景德镇市(360200)、萍乡市(360300)',
      '以下代码不是江西省(360000)的现行下级区划: 360400',
      '下级区划的边界重复(每个区划只能有一个要素): 南昌市(360100)',
    ])
  })
  it('refuses what is not a FeatureCollection of closed polygons with finite coordinates', () => {
    const problems = (text: string) => {
      const r = checkBoundaryFile(text, parent, kids.slice(1, 2))
      return r.ok ? [] : r.problems
    }
    expect(problems('{nope')).toEqual(['文件不是有效的 JSON(GeoJSON)'])
    expect(problems('{"type":"Feature"}')[0]).toMatch(/FeatureCollection/)
    expect(problems(file([{ ...feature('360200'), geometry: { type: 'Point', coordinates: [1, 2] } }]))[0]).toMatch(
      /Point.*只接受 Polygon 或 MultiPolygon/,
    )
    expect(
      problems(
        file([
          feature('360200', [
            [
              [0, 0],
              [0, 1],
              [1, 1],
              [1, 0],
            ],
          ]),
        ]),
      )[0],
    ).toMatch(/环未闭合/)
    expect(
      problems(
        file([
          feature('360200', [
            [
              [0, 0],
              [0, '1'],
              [1, 1],
              [0, 0],
            ],
          ]),
        ]),
      )[0],
    ).toMatch(/有限数字/)
    expect(
      problems(
        file([
          feature('360200', [
            [
              [0, 0],
              [0, Number.POSITIVE_INFINITY],
              [1, 1],
              [0, 0],
            ],
          ]),
        ]),
      )[0],
    ).toMatch(/有限数字/)
    expect(problems(file([feature('36020')]))[0]).toMatch(/6 位行政区划代码/)
  })
})
