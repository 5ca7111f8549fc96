import type { AlertRule } from '@cockpit/contracts'
import { describe, expect, it } from 'vitest'
import { blankRuleForm, describeRule, ruleBody, ruleFormOf } from './alert-rule-form.js'

const rule = (over: Partial<AlertRule>): AlertRule =>
  ({
    id: 7,
    name: '数值突变提醒',
    severity: 'warning',
    enabled: true,
    kind: 'sudden-change',
    kindLabel: '数值突变',
    params: { kind: 'sudden-change', threshold: { mode: 'percent', value: 30 } },
    scope: { jurisdictionCode: '360100', includeDescendants: true, bindingOnly: false },
    forPeriods: 1,
    repeatIntervalSeconds: 7200,
    ...over,
  }) as AlertRule

describe('the alert rule form', () => {
  it('sends the kind’s own parameters, hours as seconds, and no 约束性 filter for task rules', () => {
    const { body, errors } = ruleBody({
      ...blankRuleForm(),
      name: '节点临期',
      kind: 'milestone-at-risk',
      bindingOnly: true,
    })
    expect(errors).toEqual({})
    expect(body).toMatchObject({
      params: { kind: 'milestone-at-risk', withinDays: 30 },
      scope: { includeDescendants: true, bindingOnly: false },
      forPeriods: 0,
      repeatIntervalSeconds: 86_400,
    })
    expect(body.scope).not.toHaveProperty('jurisdictionCode')
  })
  it('names each empty or non-numeric field by the body path the server uses', () => {
    const { errors } = ruleBody({ ...blankRuleForm(), toleranceValue: ' ', repeatHours: 'abc' })
    expect(errors).toEqual({
      'params.tolerance': '请填写触发容差(数字)',
      repeatIntervalSeconds: '请填写重复提醒间隔(数字)',
    })
  })
  it('shows a stored rule as it was saved, and the same rule round-trips to the same body', () => {
    const r = rule({})
    const form = ruleFormOf(r)
    expect(form).toMatchObject({
      kind: 'sudden-change',
      thresholdMode: 'percent',
      thresholdValue: '30',
      repeatHours: '2',
    })
    expect(ruleBody(form).body).toMatchObject({
      params: r.params,
      scope: r.scope,
      forPeriods: 1,
      repeatIntervalSeconds: 7200,
    })
  })
  it('describes a rule’s parameters in a few words', () => {
    expect(describeRule(rule({}))).toBe('波动超过 30%')
    expect(describeRule(rule({ kind: 'missing-report', params: { kind: 'missing-report', graceDays: 5 } }))).toBe(
      '宽限 5 天',
    )
    expect(describeRule(rule({ kind: 'target-reached', params: { kind: 'target-reached' } }))).toBe('—')
  })
})
