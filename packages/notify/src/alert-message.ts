/**
 * One indicator × jurisdiction — or one task/milestone — inside a notification; grouped alerts carry
 * several. All text is plain text.
 */
export interface AlertItem {
  /** The indicator's name, or for a task 里程碑「12 …」 (the field keeps its name for the senders' sake). */
  indicatorName: string
  /** What the item is: '指标' when absent, '重点任务' for a task or milestone. */
  subjectLabel?: string
  /**
   * Rows shown instead of 当前值 / 序时进度应达 / 差距 / 目标, which only an indicator has: a task's lead
   * department, latest reported stage and days overdue.
   */
  fields?: [label: string, value: string][]
  jurisdictionName: string
  /** Display unit such as "%", "个", "万元"; "" when the indicator has none. */
  unit: string
  value: number | null
  /** Where the path says the value should be by now (序时进度应达值). */
  expected: number | null
  /** value − expected, signed so that positive means ahead of the path (as @cockpit/domain computes it). */
  gap: number | null
  /** Target as a label, e.g. "≥ 90%". */
  target: string
  /** YYYY-MM-DD. */
  deadline: string | null
  /** Status label as users read it, e.g. "进度滞后". */
  status: string
  link: string
}

export type AlertKind = 'firing' | 'resolved' | 'repeat' | 'escalation' | 'reminder'
export type AlertSeverity = 'critical' | 'warning' | 'info'

/** What every channel renders. */
export interface AlertMessage {
  /** Stable per notification: becomes the e-mail Message-ID and the webhook Idempotency-Key. */
  notificationId: string
  kind: AlertKind
  severity: AlertSeverity
  /** e.g. "【严重】南昌市 政务服务电子证照用证率 低于序时进度". */
  title: string
  items: AlertItem[]
  /** People to @ in DingTalk / WeCom groups, by the mobile number their account is bound to. */
  mentions?: { mobiles: string[] }
  /** ISO instant. */
  occurredAt: string
}
