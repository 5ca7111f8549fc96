/** The menu per role: what each kind of user does at their desk. */
/** `group` gathers entries under a heading in the menu (系统管理: the administrator's console). */
export type MenuEntry = { to: string; label: string; group?: string }
const system = '系统管理'
export const menus: Record<'admin' | 'manager' | 'reporter' | 'viewer', MenuEntry[]> = {
  reporter: [
    { to: '/reporter/indicators', label: '我的指标' },
    { to: '/reporter/tasks', label: '我的任务' },
    { to: '/reporter/upload', label: '模板上传' },
    { to: '/reporter/submissions', label: '我的填报' },
    { to: '/inbox', label: '站内信' },
  ],
  manager: [
    { to: '/manager/alerts', label: '告警' },
    { to: '/manager/tasks', label: '任务督办' },
    { to: '/manager/drill', label: '指标钻取' },
    { to: '/manager/discipline', label: '报送纪律' },
    { to: '/manager/reviews', label: '数值审核' },
    { to: '/manager/bulletin', label: '月度通报' },
    { to: '/manager/notifications', label: '通知订阅' },
    { to: '/inbox', label: '站内信' },
  ],
  viewer: [
    { to: '/manager/tasks', label: '任务督办' },
    { to: '/manager/drill', label: '指标钻取' },
    { to: '/manager/discipline', label: '报送纪律' },
  ],
  admin: [
    { to: '/manager/alerts', label: '告警' },
    { to: '/manager/tasks', label: '任务督办' },
    { to: '/manager/reviews', label: '数值审核' },
    { to: '/manager/bulletin', label: '月度通报' },
    { to: '/manager/notifications', label: '通知订阅' },
    { to: '/admin/indicators', label: '指标与目标', group: system },
    { to: '/admin/jurisdictions', label: '行政区划', group: system },
    { to: '/admin/geo', label: '地图边界', group: system },
    { to: '/admin/plans', label: '规划与板块', group: system },
    { to: '/admin/plan-import', label: '规划导入', group: system },
    { to: '/admin/departments', label: '责任单位', group: system },
    { to: '/admin/tokens', label: '接口令牌', group: system },
    { to: '/admin/alert-rules', label: '告警规则', group: system },
    { to: '/admin/users', label: '用户', group: system },
    { to: '/admin/display-keys', label: '大屏密钥', group: system },
    { to: '/admin/audit', label: '审计日志', group: system },
  ],
}
