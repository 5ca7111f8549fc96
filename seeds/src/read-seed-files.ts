import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import type { z } from 'zod'
import { type DivisionTree, readDivisionTree } from './division.js'
import { SeedJurisdictionsFile, SeedPlanFile } from './schema.js'

export const seedDataDir = resolve(dirname(fileURLToPath(import.meta.url)), '../data')
/** The published plan texts the seeds cite; beside the clone, absent on a bare clone. */
export const defaultSourceDir = resolve(seedDataDir, '../../../shared/seeds')

export interface SeedData {
  jurisdictions: SeedJurisdictionsFile['jurisdictions']
  /** The provinces' whole tree from the pinned code package. */
  division: DivisionTree
  plans: { file: string; data: SeedPlanFile }[]
}

export class SeedValidationError extends Error {
  constructor(public readonly problems: string[]) {
    super(`seed data is invalid:\n  - ${problems.join('\n  - ')}`)
  }
}

function formatZod(file: string, error: z.ZodError): string[] {
  return error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`)
}

/** Drops every kind of white space so table cells split over lines still match a one-line quote. */
const squash = (s: string) => s.replace(/\s+/g, '')

/**
 * Reads and checks all seed files: shape, unique keys, references that resolve and,
 * when the source documents are at hand, that every cited phrase is in its document.
 */
export function readSeedFiles(opts: { dataDir?: string; sourceDir?: string | null; only?: string } = {}): SeedData {
  const dataDir = opts.dataDir ?? seedDataDir
  const sourceDir = opts.sourceDir === undefined ? defaultSourceDir : opts.sourceDir
  const problems: string[] = []

  const jFile = join(dataDir, 'jurisdictions.yaml')
  const jParsed = SeedJurisdictionsFile.safeParse(parse(readFileSync(jFile, 'utf8')))
  if (!jParsed.success) throw new SeedValidationError(formatZod('jurisdictions.yaml', jParsed.error))
  const jurisdictions = jParsed.data.jurisdictions
  const codes = new Set(jurisdictions.map((j) => j.code))
  for (const j of jurisdictions)
    if (j.parent && !codes.has(j.parent))
      problems.push(`jurisdictions.yaml: ${j.code}: parent ${j.parent} is not listed`)

  const plans: SeedData['plans'] = []
  const planDir = join(dataDir, 'plans')
  const planKeys = new Set<string>()
  for (const file of readdirSync(planDir)
    .filter((f) => f.endsWith('.yaml') && (!opts.only || f === opts.only))
    .sort()) {
    const parsed = SeedPlanFile.safeParse(parse(readFileSync(join(planDir, file), 'utf8')))
    if (!parsed.success) {
      problems.push(...formatZod(file, parsed.error))
      continue
    }
    const p = parsed.data
    if (planKeys.has(p.plan.key)) problems.push(`${file}: plan key ${p.plan.key} is used by another file`)
    planKeys.add(p.plan.key)
    if (!codes.has(p.plan.jurisdiction))
      problems.push(`${file}: plan.jurisdiction ${p.plan.jurisdiction} is not in jurisdictions.yaml`)
    if (p.plan.endYear < p.plan.startYear) problems.push(`${file}: plan.endYear is before startYear`)
    problems.push(...checkReferences(file, p))
    if (sourceDir && existsSync(sourceDir)) problems.push(...checkQuotes(file, p, join(sourceDir, p.plan.sourceFile)))
    plans.push({ file, data: p })
  }
  if (problems.length) throw new SeedValidationError(problems)
  const provinces = jurisdictions.filter((j) => j.level === 'province').map((j) => j.code)
  return { jurisdictions, division: readDivisionTree(jParsed.data.division, provinces), plans }
}

function uniqueKeys(file: string, what: string, keys: string[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const k of keys) {
    if (seen.has(k)) out.push(`${file}: duplicate ${what} key '${k}'`)
    seen.add(k)
  }
  return out
}

function checkReferences(file: string, p: SeedPlanFile): string[] {
  const out = [
    ...uniqueKeys(
      file,
      'department',
      p.departments.map((d) => d.key),
    ),
    ...uniqueKeys(
      file,
      'pillar',
      p.pillars.map((d) => d.key),
    ),
    ...uniqueKeys(
      file,
      'indicator',
      p.indicators.map((d) => d.key),
    ),
    ...uniqueKeys(
      file,
      'task',
      p.tasks.map((d) => d.key),
    ),
  ]
  const depts = new Set(p.departments.map((d) => d.key))
  const pillars = new Set(p.pillars.map((d) => d.key))
  const indicators = new Set(p.indicators.map((d) => d.key))
  const tasks = new Set(p.tasks.map((d) => d.key))
  const refDepts = (where: string, refs: { lead: string[]; cooperating: string[] }) => {
    for (const k of [...refs.lead, ...refs.cooperating])
      if (!depts.has(k)) out.push(`${file}: ${where}: department '${k}' is not listed under departments`)
  }
  for (const i of p.indicators) {
    const where = `indicators.${i.key}`
    if (i.pillar && !pillars.has(i.pillar)) out.push(`${file}: ${where}: pillar '${i.pillar}' is not listed`)
    refDepts(where, i.departments)
    const years = i.targets.map((t) => t.dueDate ?? `${t.year}-12-31`)
    if (new Set(years).size !== years.length) out.push(`${file}: ${where}: two targets share one deadline`)
    for (const t of i.targets)
      if (t.year < p.plan.startYear || t.year > (p.plan.visionYear ?? p.plan.endYear))
        out.push(`${file}: ${where}: target year ${t.year} is outside the plan's horizon`)
    if (i.measure === 'percent')
      for (const t of i.targets)
        if (t.value < 0 || t.value > 100 || (t.valueMax ?? 0) > 100)
          out.push(`${file}: ${where}: a percent target must lie in 0–100`)
  }
  for (const t of p.tasks) {
    const where = `tasks.${t.key}`
    if (t.pillar && !pillars.has(t.pillar)) out.push(`${file}: ${where}: pillar '${t.pillar}' is not listed`)
    if (t.parent && !tasks.has(t.parent)) out.push(`${file}: ${where}: parent task '${t.parent}' is not listed`)
    if (t.parent === t.key) out.push(`${file}: ${where}: a task cannot be its own parent`)
    if (t.indicator && !indicators.has(t.indicator))
      out.push(`${file}: ${where}: indicator '${t.indicator}' is not listed`)
    refDepts(where, t.departments)
  }
  return out
}

function checkQuotes(file: string, p: SeedPlanFile, sourcePath: string): string[] {
  if (!existsSync(sourcePath)) return [`${file}: plan.sourceFile ${p.plan.sourceFile} not found in the source folder`]
  const text = squash(readFileSync(sourcePath, 'utf8'))
  const out: string[] = []
  const check = (where: string, quote: string | undefined) => {
    if (quote && !text.includes(squash(quote)))
      out.push(`${file}: ${where}: quote not found verbatim in ${p.plan.sourceFile}: «${quote}»`)
  }
  check('plan.citation', p.plan.citation.quote)
  for (const x of p.pillars) check(`pillars.${x.key}.citation`, x.citation.quote)
  for (const i of p.indicators) {
    check(`indicators.${i.key}.citation`, i.citation.quote)
    check(`indicators.${i.key}.baseline.citation`, i.baseline?.citation?.quote)
    i.targets.forEach((t, n) => {
      check(`indicators.${i.key}.targets.${n}.citation`, t.citation?.quote)
    })
  }
  for (const t of p.tasks) check(`tasks.${t.key}.citation`, t.citation.quote)
  return out
}
/** Shipped boundary files (`<adcode>.geojson`, see its README); empty of third-party data for now. */
export const shippedGeoDir = resolve(seedDataDir, '../geo')
