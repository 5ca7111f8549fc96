/**
 * Boundary shapes of a jurisdiction's children: the schematic tile map the product ships instead of third-party
 * shapes, and the checks an uploaded (or shipped) GeoJSON file must pass. Pure, so the API, the seed-folder test
 * and any front end run the same rules. Shapes are keyed by adcode, never matched by name.
 */

export type Position = [number, number]
export type PolygonCoords = Position[][]
export interface BoundaryGeometry {
  type: 'Polygon' | 'MultiPolygon'
  coordinates: PolygonCoords | PolygonCoords[]
}
export interface BoundaryFeature {
  type: 'Feature'
  properties: { adcode: string; name: string }
  geometry: BoundaryGeometry
}
export interface BoundaryCollection {
  type: 'FeatureCollection'
  features: BoundaryFeature[]
}
export interface PlaceRef {
  code: string
  name: string
}

/** Side of a schematic tile and the gap between tiles, in the schematic's own planar units. */
const TILE = 1
const GAP = 0.12

/**
 * One equal square per child in a compact grid ordered by adcode (row by row, top to bottom), in a plain planar
 * space (not longitude/latitude). Rings run counter-clockwise and are closed, as RFC 7946 asks.
 */
export function schematicTiles(children: readonly PlaceRef[]): BoundaryCollection {
  const kids = [...children].sort((a, b) => a.code.localeCompare(b.code))
  // Wider than tall: the map panel is landscape.
  const cols = Math.max(1, Math.ceil(Math.sqrt(kids.length * 1.5)))
  const features = kids.map((k, i): BoundaryFeature => {
    const x = (i % cols) * (TILE + GAP)
    const y = -Math.floor(i / cols) * (TILE + GAP)
    const ring: Position[] = [
      [x, y],
      [x, y - TILE],
      [x + TILE, y - TILE],
      [x + TILE, y],
      [x, y],
    ]
    return {
      type: 'Feature',
      properties: { adcode: k.code, name: k.name },
      geometry: { type: 'Polygon', coordinates: [ring] },
    }
  })
  return { type: 'FeatureCollection', features }
}

export type BoundaryCheck = { ok: true; collection: BoundaryCollection } | { ok: false; problems: string[] }

const MAX_LISTED = 8
const listNames = (places: PlaceRef[]) => {
  const shown = places
    .slice(0, MAX_LISTED)
    .map((p) => `${p.name}(${p.code})`)
    .join('、')
  return places.length > MAX_LISTED ? `${shown} 等 ${places.length} 个` : shown
}
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A ring's positions as numbers only (a third ordinate is dropped); null with the reason when it is not a closed ring. */
function cleanRing(raw: unknown, where: string, problems: string[]): Position[] | null {
  if (!Array.isArray(raw) || raw.length < 4) {
    problems.push(`${where}: 环至少需要 4 个坐标点`)
    return null
  }
  const out: Position[] = []
  for (const p of raw) {
    if (
      !Array.isArray(p) ||
      p.length < 2 ||
      p.length > 3 ||
      !p.every((n) => typeof n === 'number' && Number.isFinite(n))
    ) {
      problems.push(`${where}: 坐标应为 2 个(或 3 个)有限数字`)
      return null
    }
    out.push([p[0] as number, p[1] as number])
  }
  const a = out[0]!
  const b = out[out.length - 1]!
  if (a[0] !== b[0] || a[1] !== b[1]) {
    problems.push(`${where}: 环未闭合(首尾坐标应相同)`)
    return null
  }
  return out
}

function cleanPolygon(raw: unknown, where: string, problems: string[]): PolygonCoords | null {
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push(`${where}: 多边形至少需要一个环`)
    return null
  }
  const rings = raw.map((r, k) => cleanRing(r, `${where} 环 ${k + 1}`, problems))
  return rings.every((r) => r !== null) ? (rings as PolygonCoords) : null
}

function cleanGeometry(raw: unknown, where: string, problems: string[]): BoundaryGeometry | null {
  if (!isObject(raw)) {
    problems.push(`${where}: 缺少 geometry`)
    return null
  }
  if (raw.type === 'Polygon') {
    const c = cleanPolygon(raw.coordinates, where, problems)
    return c && { type: 'Polygon', coordinates: c }
  }
  if (raw.type === 'MultiPolygon') {
    if (!Array.isArray(raw.coordinates) || raw.coordinates.length === 0) {
      problems.push(`${where}: MultiPolygon 至少需要一个多边形`)
      return null
    }
    const polys = raw.coordinates.map((p, k) => cleanPolygon(p, `${where} 多边形 ${k + 1}`, problems))
    return polys.every((p) => p !== null) ? { type: 'MultiPolygon', coordinates: polys as PolygonCoords[] } : null
  }
  problems.push(
    `${where}: 几何类型 ${JSON.stringify(String(raw.type)).slice(0, 40)} 不支持(只接受 Polygon 或 MultiPolygon)`,
  )
  return null
}

/**
 * Checks a boundary file for `parent` against its non-retired children and rebuilds it from what it may keep:
 * numeric coordinates and {adcode, name}, the name taken from the tree (never from the file). Every feature's
 * properties.adcode must be one of the children, and every child needs exactly one feature.
 */
export function checkBoundaryFile(text: string, parent: PlaceRef, children: readonly PlaceRef[]): BoundaryCheck {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return { ok: false, problems: ['文件不是有效的 JSON(GeoJSON)'] }
  }
  if (!isObject(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features))
    return { ok: false, problems: ['文件应为 GeoJSON FeatureCollection(type 为 "FeatureCollection",含 features 数组)'] }
  const byCode = new Map(children.map((c) => [c.code, c]))
  const problems: string[] = []
  const seen = new Map<string, number>()
  const orphans: string[] = []
  const features: BoundaryFeature[] = []
  doc.features.forEach((f: unknown, i: number) => {
    const where = `第 ${i + 1} 个要素`
    if (!isObject(f) || f.type !== 'Feature') {
      problems.push(`${where}: 应为 type 为 "Feature" 的对象`)
      return
    }
    const props = isObject(f.properties) ? f.properties : {}
    const rawCode = props.adcode
    const code =
      typeof rawCode === 'number' && Number.isInteger(rawCode)
        ? String(rawCode)
        : typeof rawCode === 'string'
          ? rawCode.trim()
          : ''
    if (!/^\d{6}$/.test(code)) {
      problems.push(`${where}: properties.adcode 应为 6 位行政区划代码`)
      return
    }
    const geometry = cleanGeometry(f.geometry, `${where}(${code})`, problems)
    const child = byCode.get(code)
    if (!child) {
      orphans.push(code)
      return
    }
    seen.set(code, (seen.get(code) ?? 0) + 1)
    if (geometry && seen.get(code) === 1)
      features.push({ type: 'Feature', properties: { adcode: code, name: child.name }, geometry })
  })
  const missing = children.filter((c) => !seen.has(c.code))
  const duplicated = children.filter((c) => (seen.get(c.code) ?? 0) > 1)
  if (missing.length) problems.push(`缺少下级区划的边界: ${listNames(missing)}`)
  if (orphans.length) {
    const uniq = [...new Set(orphans)]
    problems.push(
      `以下代码不是${parent.name}(${parent.code})的现行下级区划: ${uniq.slice(0, MAX_LISTED).join('、')}${uniq.length > MAX_LISTED ? ` 等 ${uniq.length} 个` : ''}`,
    )
  }
  if (duplicated.length) problems.push(`下级区划的边界重复(每个区划只能有一个要素): ${listNames(duplicated)}`)
  if (problems.length) return { ok: false, problems }
  features.sort((a, b) => a.properties.adcode.localeCompare(b.properties.adcode))
  return { ok: true, collection: { type: 'FeatureCollection', features } }
}
