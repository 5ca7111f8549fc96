import type { Indicator } from '@cockpit/contracts'

/** What the simulator needs of an indicator, as the public API describes it. */
export type SimIndicator = Pick<
  Indicator,
  | 'id'
  | 'planKey'
  | 'jurisdictionCode'
  | 'unit'
  | 'measure'
  | 'direction'
  | 'cadence'
  | 'baseline'
  | 'targets'
  | 'departments'
> & {
  /** A rolled-up indicator (汇总) whose own value is derived: the simulator reports its children's values instead. */
  rollup?: Pick<NonNullable<Indicator['rollup']>, 'rule' | 'ownValue'> | null
}

/** A plan's horizon: values may be reported for periods in startYear..endYear. */
export interface Horizon {
  startYear: number
  endYear: number
}

export interface Catalog {
  indicators: SimIndicator[]
  /** By plan key. */
  horizons: Map<string, Horizon>
  /** Direct children of each jurisdiction (GET /api/v1/jurisdictions), for rolled-up indicators. */
  children?: ReadonlyMap<string, string[]>
}

/** The department that reports an indicator: its first lead department the simulator holds a token for. */
export function reporterOf(
  indicator: Pick<SimIndicator, 'departments'>,
  withToken: ReadonlySet<number>,
): number | null {
  return indicator.departments.find((d) => d.role === 'lead' && withToken.has(d.id))?.id ?? null
}
