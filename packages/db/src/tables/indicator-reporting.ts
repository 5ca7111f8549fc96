/** Reporting rules on indicators, added by 20261122T1800_reporting-discipline. */
export interface IndicatorReportingColumns {
  /** Days after the period ends that the report is due; null = the cadence's default. */
  report_grace_days: number | null
  /** Days after the due date after which changes need a reason; null = never locks. */
  lock_after_days: number | null
}
