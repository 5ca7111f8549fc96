import { type AlertRule, type AlertRuleKind, isTaskAlertRuleKind, type Severity } from '@cockpit/contracts'

export const kindHelp: Record<AlertRuleKind, string> = {
  'below-path': '实际值落后于序时进度超过容差时触发;回到恢复阈值以内才解除(恢复阈值应小于触发阈值)。',
  'forecast-miss': '按已有数据外推,期末预测值差目标超过余量百分比时触发。',
  'binding-off-track': '约束性指标进度滞后即触发,无需参数。',
  'missing-report': '报送期截止后超过宽限天数仍未报送时触发。',
  'sudden-change': '相邻两期数值变化超过阈值(绝对值或百分比)时触发。',
  'target-reached': '目标达成时发出提示,无需参数。',
  'milestone-overdue':
    '里程碑过了完成日期仍未销号(管理者审核通过完成申请)即触发;销号后自动恢复。适用于重点任务的里程碑。',
  'milestone-at-risk': '里程碑距完成日期不足设定天数,且最新进展为"未启动"或"滞后"、或最近一期未报送进展时触发。',
  'task-report-missing': '重点任务或里程碑的牵头单位连续设定期数未报送进展时触发;最近一期报送后恢复。',
}

type GapMode = 'points' | 'remaining-percent'

/** One form for create and edit; numbers are kept as typed so an empty field is caught before sending. */
export const blankRuleForm = () => ({
  name: '',
  severity: 'warning' as Severity,
  enabled: true,
  kind: 'below-path' as AlertRuleKind,
  toleranceMode: 'points' as GapMode,
  toleranceValue: '5',
  recoveryMode: 'points' as GapMode,
  recoveryValue: '3',
  marginPercent: '10',
  minObservations: '3',
  graceDays: '7',
  withinDays: '30',
  periods: '2',
  thresholdMode: 'percent' as 'points' | 'percent',
  thresholdValue: '30',
  jurisdictionCode: '',
  includeDescendants: true,
  bindingOnly: false,
  forPeriods: '0',
  repeatHours: '24',
})
export type AlertRuleForm = ReturnType<typeof blankRuleForm>

/** A stored rule as the form shows it (the kind's own parameters over the defaults of the others). */
export function ruleFormOf(r: AlertRule): AlertRuleForm {
  // biome-ignore lint/suspicious/noExplicitAny: params differ per rule kind; each field is read and coerced below
  const p = r.params as Record<string, any>
  const f: AlertRuleForm = {
    ...blankRuleForm(),
    name: r.name,
    severity: r.severity,
    enabled: r.enabled,
    kind: r.kind,
    jurisdictionCode: r.scope.jurisdictionCode ?? '',
    includeDescendants: r.scope.includeDescendants,
    bindingOnly: r.scope.bindingOnly,
    forPeriods: String(r.forPeriods),
    repeatHours: String(r.repeatIntervalSeconds / 3600),
  }
  if (p.tolerance) Object.assign(f, { toleranceMode: p.tolerance.mode, toleranceValue: String(p.tolerance.value) })
  if (p.recovery) Object.assign(f, { recoveryMode: p.recovery.mode, recoveryValue: String(p.recovery.value) })
  for (const k of ['marginPercent', 'minObservations', 'graceDays', 'withinDays', 'periods'] as const)
    if (p[k] !== undefined) f[k] = String(p[k])
  if (p.threshold) Object.assign(f, { thresholdMode: p.threshold.mode, thresholdValue: String(p.threshold.value) })
  return f
}

/**
 * The body PUT/POST /alert-rules takes, and the fields left empty or not numbers (by body path, as the
 * server names them). The server checks everything else; its messages land next to the same fields.
 */
export function ruleBody(form: AlertRuleForm): { body: Record<string, unknown>; errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  const num = (field: string, text: string, label: string): number | undefined => {
    const n = Number(String(text).trim())
    if (String(text).trim() === '' || !Number.isFinite(n)) {
      errors[field] = `请填写${label}(数字)`
      return undefined
    }
    return n
  }
  const params = (): Record<string, unknown> => {
    switch (form.kind) {
      case 'below-path':
        return {
          kind: form.kind,
          tolerance: { mode: form.toleranceMode, value: num('params.tolerance', form.toleranceValue, '触发容差') },
          recovery: { mode: form.recoveryMode, value: num('params.recovery', form.recoveryValue, '恢复阈值') },
        }
      case 'forecast-miss':
        return {
          kind: form.kind,
          marginPercent: num('params.marginPercent', form.marginPercent, '余量百分比'),
          minObservations: num('params.minObservations', form.minObservations, '最少数据期数'),
        }
      case 'missing-report':
        return { kind: form.kind, graceDays: num('params.graceDays', form.graceDays, '宽限天数') }
      case 'sudden-change':
        return {
          kind: form.kind,
          threshold: { mode: form.thresholdMode, value: num('params.threshold', form.thresholdValue, '波动阈值') },
        }
      case 'milestone-at-risk':
        return { kind: form.kind, withinDays: num('params.withinDays', form.withinDays, '临期天数') }
      case 'task-report-missing':
        return { kind: form.kind, periods: num('params.periods', form.periods, '连续缺报期数') }
      default:
        return { kind: form.kind }
    }
  }
  const body = {
    name: form.name,
    severity: form.severity,
    enabled: form.enabled,
    params: params(),
    // Task rules watch tasks and milestones: 约束性 applies only to indicators.
    scope: {
      ...(form.jurisdictionCode ? { jurisdictionCode: form.jurisdictionCode } : {}),
      includeDescendants: form.includeDescendants,
      bindingOnly: isTaskAlertRuleKind(form.kind) ? false : form.bindingOnly,
    },
    forPeriods: num('forPeriods', form.forPeriods, '连续期数'),
    repeatIntervalSeconds: Math.round((num('repeatIntervalSeconds', form.repeatHours, '重复提醒间隔') ?? 0) * 3600),
  }
  return { body, errors }
}

/** A rule's parameters in a few words, for the list. */
export function describeRule(r: AlertRule): string {
  // biome-ignore lint/suspicious/noExplicitAny: params differ per rule kind; each field is read and coerced below
  const p = r.params as Record<string, any>
  const unit = (m: string) => (m === 'points' ? '个百分点/单位' : m === 'percent' ? '%' : '% 剩余差距')
  switch (r.kind) {
    case 'below-path':
      return `容差 ${p.tolerance?.value}${unit(p.tolerance?.mode)},恢复 ${p.recovery?.value}${unit(p.recovery?.mode)}`
    case 'forecast-miss':
      return `余量 ${p.marginPercent}%,至少 ${p.minObservations} 期数据`
    case 'missing-report':
      return `宽限 ${p.graceDays} 天`
    case 'sudden-change':
      return `波动超过 ${p.threshold?.value}${unit(p.threshold?.mode)}`
    case 'milestone-at-risk':
      return `到期前 ${p.withinDays} 天内`
    case 'task-report-missing':
      return `连续 ${p.periods} 期未报进展`
    default:
      return '—'
  }
}
