import type { AlertRuleRow } from '@cockpit/db'

export interface IndicatorFacts {
  id: number
  planId: number
  pillarId: number | null
  nature: 'binding' | 'expected' | 'unclassified'
}

/** child → parent codes, for "this jurisdiction and the ones below it". */
export type ParentMap = Map<string, string | null>

export function isWithin(code: string, ancestor: string, parents: ParentMap): boolean {
  for (let c: string | null | undefined = code, hops = 0; c && hops < 10; c = parents.get(c), hops++)
    if (c === ancestor) return true
  return false
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
  if (rule.jurisdiction_code !== null) {
    if (
      rule.include_descendants
        ? !isWithin(jurisdictionCode, rule.jurisdiction_code, parents)
        : jurisdictionCode !== rule.jurisdiction_code
    )
      return false
  }
  return true
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
  if (rule.jurisdiction_code !== null) {
    if (
      rule.include_descendants
        ? !isWithin(jurisdictionCode, rule.jurisdiction_code, parents)
        : jurisdictionCode !== rule.jurisdiction_code
    )
      return false
  }
  return true
}
