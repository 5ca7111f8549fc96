import { readSeedFiles } from '@cockpit/seeds'
import type { JurisdictionEntry } from './jurisdiction.js'

/** The jurisdiction tree as the seeds load it (pinned code package plus jurisdictions.yaml), without a database. */
export function seedJurisdictions(): JurisdictionEntry[] {
  const data = readSeedFiles({ sourceDir: null })
  const byCode = new Map<string, JurisdictionEntry>()
  for (const u of data.division.units)
    byCode.set(u.code, { code: u.code, name: u.name, level: u.level, parentCode: u.parent })
  for (const j of data.jurisdictions)
    if (!byCode.has(j.code)) byCode.set(j.code, { code: j.code, name: j.name, level: j.level, parentCode: j.parent })
  return [...byCode.values()]
}
