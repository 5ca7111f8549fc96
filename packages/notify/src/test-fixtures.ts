import type { AlertItem, AlertMessage } from './alert-message.js'

/** Messages shared by the tests; not exported from the package. */
export const lagItem: AlertItem = {
  indicatorName: '政务服务电子证照用证率',
  jurisdictionName: '南昌市',
  unit: '%',
  value: 72.5,
  expected: 80,
  gap: -7.5,
  target: '≥ 90%',
  deadline: '2025-12-31',
  status: '进度滞后',
  link: 'https://cockpit.example.cn/indicators/12?j=360100',
}

export const missingItem: AlertItem = {
  indicatorName: '一网通办事项数<script>alert(1)</script>',
  jurisdictionName: '九江市',
  unit: '万件',
  value: null,
  expected: null,
  gap: null,
  target: '≥ 2万件',
  deadline: null,
  status: '暂无数据',
  link: 'javascript:alert(1)',
}

export const firingMessage = (overrides: Partial<AlertMessage> = {}): AlertMessage => ({
  notificationId: 'ntf-20250630-0001',
  kind: 'firing',
  severity: 'critical',
  title: '【严重】南昌市 政务服务电子证照用证率 低于序时进度',
  items: [lagItem],
  occurredAt: '2025-06-30T06:05:00.000Z',
  ...overrides,
})

/** A milestone overdue: no measured values, its own rows instead. */
export const taskItem: AlertItem = {
  indicatorName: '里程碑「3.2 建成全市统一的电子证照库」',
  subjectLabel: '重点任务',
  fields: [
    ['牵头单位', '市数据局'],
    ['最新进展', '滞后(原因：招标延期)'],
    ['逾期天数', '12 天'],
  ],
  jurisdictionName: '扬州市',
  unit: '',
  value: null,
  expected: null,
  gap: null,
  target: '按期完成并销号',
  deadline: '2024-06-30',
  status: '逾期未完成',
  link: 'https://cockpit.example.cn/tasks/31',
}
