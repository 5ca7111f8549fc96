/** The menu per role: what each kind of user does at their desk. */
export const menus: Record<'admin' | 'manager' | 'reporter' | 'viewer', { to: string; label: string }[]> = {
  reporter: [
    { to: '/reporter/indicators', label: '我的指标' },
    { to: '/reporter/upload', label: '模板上传' },
    { to: '/reporter/submissions', label: '我的填报' },
  ],
  manager: [
    { to: '/manager/alerts', label: '告警' },
    { to: '/manager/drill', label: '指标钻取' },
    { to: '/manager/discipline', label: '报送纪律' },
    { to: '/manager/reviews', label: '数值审核' },
    { to: '/manager/bulletin', label: '月度通报' },
  ],
  viewer: [
    { to: '/manager/drill', label: '指标钻取' },
    { to: '/manager/discipline', label: '报送纪律' },
  ],
  admin: [
    { to: '/admin/indicators', label: '指标与目标' },
    { to: '/admin/users', label: '用户' },
    { to: '/admin/display-keys', label: '大屏密钥' },
    { to: '/admin/audit', label: '审计日志' },
    { to: '/manager/alerts', label: '告警' },
    { to: '/manager/reviews', label: '数值审核' },
    { to: '/manager/bulletin', label: '月度通报' },
  ],
}
