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
  for (let c: string | null | undefined = code, hops = 0; c && hops < 10; c = parents.get(c), hops++) if (c === ancestor) return true
  return false
}

/** Whether a rule watches this indicator at this jurisdiction. */
export function ruleApplies(rule: AlertRuleRow, ind: IndicatorFacts, jurisdictionCode: string, parents: ParentMap): boolean {
  if (!rule.enabled) return false
  if (rule.indicator_id !== null && rule.indicator_id !== ind.id) return false
  if (rule.pillar_id !== null && rule.pillar_id !== ind.pillarId) return false
  if (rule.plan_id !== null && rule.plan_id !== ind.planId) return false
  if (rule.binding_only && ind.nature !== 'binding') return false
  if (rule.jurisdiction_code !== null) {
    if (rule.include_descendants ? !isWithin(jurisdictionCode, rule.jurisdiction_code, parents) : jurisdictionCode !== rule.jurisdiction_code) return false
  }
  return true
}
