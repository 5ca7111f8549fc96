import { type IndicatorStatusView, statusLabels, type Direction, type Measure } from '@cockpit/contracts'
import { evaluateStatus, type IndicatorSpec, type Observation } from '@cockpit/domain'
import type { IndicatorTargetRow } from '@cockpit/db'

export function indicatorSpec(
  i: { direction: Direction; measure: Measure; baseline_year: number | null; baseline_value: number | null },
  targets: Pick<IndicatorTargetRow, 'due_date' | 'comparator' | 'value' | 'value_max'>[],
): IndicatorSpec {
  return {
    direction: i.direction,
    measure: i.measure,
    baseline:
      i.baseline_year !== null && i.baseline_value !== null
        ? { date: `${i.baseline_year}-12-31`, value: i.baseline_value }
        : null,
    targets: targets.map((t) => ({
      dueDate: t.due_date,
      comparator: t.comparator,
      value: t.value,
      valueMax: t.value_max,
    })),
  }
}

/** The derived status of one indicator as of a date; never stored by hand. */
export function statusView(spec: IndicatorSpec, observations: Observation[], asOf: string): IndicatorStatusView {
  const r = evaluateStatus(spec, observations, asOf)
  return {
    status: r.status,
    label: statusLabels[r.status],
    asOf,
    latestValue: r.latest?.value ?? null,
    latestPeriodEnd: r.latest?.periodEnd ?? null,
    expected: r.expected,
    gap: r.gap,
    gapRatio: r.gapRatio,
    timeProgress: r.timeProgress,
    completion: r.completion,
    forecast: r.forecast,
    forecastMeets: r.forecastMeets,
    reason: r.reason,
  }
}
