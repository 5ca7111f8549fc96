import type { SeedData } from '@cockpit/seeds'

type SeedPlanFile = SeedData['plans'][number]['data']
import type { PlanProposals } from '../src/extract.js'
import { nameSimilarity } from '../src/similarity.js'
import { simplify } from '../src/traditional.js'

export interface Score {
  expected: number
  proposed: number
  matched: number
  recall: number
  precision: number
  misses: string[]
  extras: string[]
}

const score = (expected: number, proposed: number, matched: number, misses: string[], extras: string[]): Score => ({
  expected,
  proposed,
  matched,
  recall: expected ? matched / expected : 1,
  precision: proposed ? matched / proposed : 1,
  misses,
  extras,
})

/** One-to-one matching, most similar pairs first. */
function match<E, P>(
  expected: E[],
  proposed: P[],
  sim: (e: E, p: P) => number,
  threshold: number,
): Map<number, number> {
  const pairs: [number, number, number][] = []
  expected.forEach((e, i) => {
    proposed.forEach((p, j) => {
      const s = sim(e, p)
      if (s >= threshold) pairs.push([s, i, j])
    })
  })
  pairs.sort((a, b) => b[0] - a[0])
  const byExpected = new Map<number, number>()
  const used = new Set<number>()
  for (const [, i, j] of pairs) {
    if (byExpected.has(i) || used.has(j)) continue
    byExpected.set(i, j)
    used.add(j)
  }
  return byExpected
}

/** A target matches when year, comparator, value (and upper bound), unit agree and the names are alike. */
export function scoreTargets(seed: SeedPlanFile, got: PlanProposals): Score {
  const expected = seed.indicators.flatMap((i) => i.targets.map((t) => ({ name: i.name, unit: i.unit, ...t })))
  const m = match(
    expected,
    got.targets,
    (e, p) =>
      e.year === p.year &&
      e.comparator === p.comparator &&
      e.value === p.value &&
      (e.valueMax ?? null) === (p.valueMax ?? null) &&
      e.unit === p.unit
        ? nameSimilarity(e.name, p.indicator)
        : 0,
    0.34,
  )
  const hit = new Set(m.values())
  return score(
    expected.length,
    got.targets.length,
    m.size,
    expected
      .filter((_, i) => !m.has(i))
      .map(
        (e) =>
          `${e.name} ${e.comparator} ${e.value}${e.valueMax !== undefined ? `-${e.valueMax}` : ''}${e.unit} @${e.year}`,
      ),
    got.targets
      .filter((_, j) => !hit.has(j))
      .map((p) => `${p.indicator} ${p.comparator} ${p.value}${p.unit} @${p.year} [${p.rule}]`),
  )
}

/** A milestone matches on its due date and its title (or quote) overlapping the seed's. */
export function scoreMilestones(seed: SeedPlanFile, got: PlanProposals): Score {
  const expected = seed.tasks.filter((t) => t.kind === 'milestone')
  const m = match(
    expected,
    got.milestones,
    // Seed quotes are verbatim from the source (Traditional for 江苏); proposals quote the converted text.
    (e, p) =>
      e.dueDate === p.dueDate
        ? Math.max(nameSimilarity(e.title, p.title), nameSimilarity(simplify(e.citation.quote), p.quote))
        : 0,
    0.5,
  )
  const hit = new Set(m.values())
  return score(
    expected.length,
    got.milestones.length,
    m.size,
    expected.filter((_, i) => !m.has(i)).map((e) => `${e.dueDate} ${e.title}`),
    got.milestones.filter((_, j) => !hit.has(j)).map((p) => `${p.dueDate} ${p.title} [${p.rule}]`),
  )
}

/** A task matches on its title; departments are scored apart: the lead departments must name the same bodies. */
export function scoreTasks(seed: SeedPlanFile, got: PlanProposals): Score & { leadsAgree: number; allAgree: number } {
  const expected = seed.tasks.filter((t) => t.kind === 'task')
  const names = new Map(seed.departments.map((d) => [d.key, d.name]))
  const m = match(
    expected,
    got.tasks,
    (e, p) => Math.max(nameSimilarity(e.title, p.title), nameSimilarity(simplify(e.citation.quote), p.quote)),
    0.6,
  )
  let leadsAgree = 0
  let allAgree = 0
  const same = (keys: string[], have: string[]) => {
    const want = keys.map((k) => names.get(k) ?? k)
    return want.length === have.length && want.every((w) => have.some((h) => nameSimilarity(w, h) >= 0.8))
  }
  for (const [i, j] of m) {
    const lead = same(expected[i]!.departments.lead, got.tasks[j]!.lead)
    if (lead) leadsAgree++
    if (lead && same(expected[i]!.departments.cooperating, got.tasks[j]!.cooperating)) allAgree++
  }
  const hit = new Set(m.values())
  return {
    ...score(
      expected.length,
      got.tasks.length,
      m.size,
      expected.filter((_, i) => !m.has(i)).map((e) => `${e.number ?? ''} ${e.title}`),
      got.tasks.filter((_, j) => !hit.has(j)).map((p) => `${p.number} ${p.title}`),
    ),
    leadsAgree,
    allAgree,
  }
}
