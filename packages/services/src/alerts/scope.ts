import type { AlertRuleRow, Database } from '@cockpit/db'
import type { Kysely } from 'kysely'

export interface IndicatorFacts {
  id: number
  planId: number
  pillarId: number | null
  nature: 'binding' | 'expected' | 'unclassified'
}

/** child → parent codes, for "this jurisdiction and the ones below it". */
export type ParentMap = Map<string, string | null>

/** Every jurisdiction's parent, read once per evaluation or request. */
export const parentMap = async (db: Kysely<Database>): Promise<ParentMap> =>
  new Map(
    (await db.selectFrom('jurisdictions').select(['code', 'parent_code']).execute()).map((j) => [
      j.code,
      j.parent_code,
    ]),
  )

export function isWithin(code: string, ancestor: string, parents: ParentMap): boolean {
  for (let c: string | null | undefined = code, hops = 0; c && hops < 10; c = parents.get(c), hops++)
    if (c === ancestor) return true
  return false
}

/** A rule limited to a jurisdiction watches it alone, or with the ones below it when it includes descendants. */
function coversJurisdiction(rule: AlertRuleRow, jurisdictionCode: string, parents: ParentMap): boolean {
  if (rule.jurisdiction_code === null) return true
  return rule.include_descendants
    ? isWithin(jurisdictionCode, rule.jurisdiction_code, parents)
    : jurisdictionCode === rule.jurisdiction_code
}

/** Whether a rule watches this indicator at this jurisdiction. */
export function ruleApplies(
  rule: AlertRuleRow,
  ind: IndicatorFacts,
  jurisdictionCode: string,
  parents: ParentMap,
): boolean {
  if (!rule.enabled) return false
  if (rule.indicator_id !== null && rule.indicator_id !== ind.id) return false
  if (rule.pillar_id !== null && rule.pillar_id !== ind.pillarId) return false
  if (rule.plan_id !== null && rule.plan_id !== ind.planId) return false
  if (rule.binding_only && ind.nature !== 'binding') return false
  return coversJurisdiction(rule, jurisdictionCode, parents)
}

export interface TaskScopeFacts {
  kind: 'task' | 'milestone'
  planId: number
  pillarId: number | null
}

/**
 * Whether a task rule watches this task or milestone: the milestone kinds only milestones; a rule limited
 * to an indicator or to binding indicators never a task; plan, pillar and jurisdiction as for indicators.
 */
export function taskRuleApplies(
  rule: AlertRuleRow,
  task: TaskScopeFacts,
  jurisdictionCode: string,
  parents: ParentMap,
): boolean {
  if (!rule.enabled || rule.indicator_id !== null || rule.binding_only) return false
  if ((rule.kind === 'milestone-overdue' || rule.kind === 'milestone-at-risk') && task.kind !== 'milestone')
    return false
  if (rule.pillar_id !== null && rule.pillar_id !== task.pillarId) return false
  if (rule.plan_id !== null && rule.plan_id !== task.planId) return false
  return coversJurisdiction(rule, jurisdictionCode, parents)
}
