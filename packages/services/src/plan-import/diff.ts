import type { PlanProposalFields, ProposalState } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { normaliseName } from '@cockpit/plan-import'
import type { Kysely } from 'kysely'
import { fingerprintOf, type RawProposal } from './build-proposals.js'
import { findDepartment, type StoredDepartment, type StoredPlan } from './stored-plan.js'
import { anyText } from '../kernel/any-of.js'

const same = (a: string, b: string) => normaliseName(a) === normaliseName(b)
const sameSet = (a: string[], b: string[]) => {
  const x = new Set(a.map(normaliseName))
  const y = new Set(b.map(normaliseName))
  return x.size === y.size && [...x].every((n) => y.has(n))
}

/** What is stored already for one proposal: the plan has it unchanged (committed), with other values (changed), or not (new). */
function storedState(p: RawProposal, stored: StoredPlan | null, departments: StoredDepartment[]): ProposalState {
  if (p.kind === 'department')
    return findDepartment(departments, (p.data as PlanProposalFields['department']).name) ? 'committed' : 'new'
  if (!stored) return 'new'
  const file = stored.file
  const names = (keys: string[]) => keys.map((k) => stored.deptName.get(k) ?? k)
  switch (p.kind) {
    case 'plan': {
      const d = p.data as PlanProposalFields['plan']
      const f = file.plan
      const unchanged =
        same(d.title, f.title) &&
        d.docNumber === f.docNumber &&
        (d.issuedOn === null || d.issuedOn === f.issuedOn) &&
        d.startYear === f.startYear &&
        d.endYear === f.endYear
      return unchanged ? 'committed' : 'changed'
    }
    case 'pillar':
      return file.pillars.some((x) => same(x.name, (p.data as PlanProposalFields['pillar']).name)) ? 'committed' : 'new'
    case 'target': {
      const d = p.data as PlanProposalFields['target']
      const ind = file.indicators.find((i) => same(i.name, d.indicator))
      if (!ind) return 'new'
      const t = ind.targets.find((x) => x.year === d.year)
      return t && t.comparator === d.comparator && t.value === d.value && (t.valueMax ?? null) === d.valueMax
        ? 'committed'
        : 'changed'
    }
    case 'milestone': {
      const d = p.data as PlanProposalFields['milestone']
      const m = file.tasks.find((t) => t.kind === 'milestone' && same(t.title, d.title))
      return !m ? 'new' : m.dueDate === d.dueDate ? 'committed' : 'changed'
    }
    case 'task': {
      const d = p.data as PlanProposalFields['task']
      const t = file.tasks.find((x) => x.kind === 'task' && same(x.title, d.title))
      if (!t) return 'new'
      const unchanged =
        sameSet(names(t.departments.lead), d.lead) &&
        sameSet(names(t.departments.cooperating), d.cooperating) &&
        (d.dueDate === null || d.dueDate === t.dueDate)
      return unchanged ? 'committed' : 'changed'
    }
  }
  return 'new'
}

/**
 * Each proposal's state against the jurisdiction's stored plan and its earlier committed imports: what an
 * earlier import committed (as read then, whatever the reviewer edited) or rejected is not proposed again.
 */
export async function proposalStates(
  db: Kysely<Database>,
  proposals: RawProposal[],
  stored: StoredPlan | null,
  departments: StoredDepartment[],
  jurisdictionCode: string | null,
): Promise<Map<string, { state: ProposalState; fingerprint: string }>> {
  const out = new Map<string, { state: ProposalState; fingerprint: string }>()
  const fingerprints = proposals.map((p) => fingerprintOf(p.kind, p.data))
  const earlier = new Map<string, 'accepted' | 'rejected'>()
  if (jurisdictionCode && fingerprints.length) {
    const rows = await db
      .selectFrom('plan_import_proposals as p')
      .innerJoin('plan_imports as i', 'i.id', 'p.import_id')
      .select(['p.fingerprint', 'p.decision', 'p.state'])
      .where('i.jurisdiction_code', '=', jurisdictionCode)
      .where('i.status', '=', 'committed')
      .where('p.fingerprint', '=', anyText([...new Set(fingerprints)]))
      .orderBy('i.id')
      .execute()
    for (const r of rows) {
      if (r.decision === 'accepted' || r.state === 'committed') earlier.set(r.fingerprint, 'accepted')
      else if (r.decision === 'rejected' || r.state === 'rejected-before') earlier.set(r.fingerprint, 'rejected')
    }
  }
  proposals.forEach((p, i) => {
    const fingerprint = fingerprints[i]!
    let state = storedState(p, stored, departments)
    const before = earlier.get(fingerprint)
    if (state !== 'committed' && before === 'accepted') state = 'committed'
    else if (state !== 'committed' && before === 'rejected') state = 'rejected-before'
    out.set(p.id, { state, fingerprint })
  })
  return out
}
