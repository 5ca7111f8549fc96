import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { homeOf, useSessionStore } from './stores/session.js'

type Role = 'admin' | 'manager' | 'reporter' | 'viewer'
declare module 'vue-router' {
  interface RouteMeta {
    /** Roles that may open the page; absent: any signed-in user. */
    roles?: Role[]
    title?: string
    public?: boolean
  }
}

const reporter: Role[] = ['reporter', 'admin']
const manager: Role[] = ['manager', 'admin', 'viewer']
const admin: Role[] = ['admin']

export const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('./pages/LoginPage.vue'), meta: { public: true, title: '登录' } },
  // The guard below sends '/' to the signed-in role's home.
  { path: '/', component: () => import('./pages/NotFoundPage.vue') },
  {
    path: '/reporter/indicators',
    component: () => import('./pages/reporter/MyIndicatorsPage.vue'),
    meta: { roles: reporter, title: '我的指标' },
  },
  {
    path: '/reporter/indicators/:id',
    component: () => import('./pages/reporter/IndicatorHistoryPage.vue'),
    props: true,
    meta: { roles: reporter, title: '数据历史' },
  },
  {
    path: '/reporter/upload',
    component: () => import('./pages/reporter/UploadPage.vue'),
    meta: { roles: reporter, title: '模板上传' },
  },
  {
    path: '/reporter/tasks',
    component: () => import('./pages/reporter/MyTasksPage.vue'),
    meta: { roles: reporter, title: '我的任务' },
  },
  {
    path: '/reporter/tasks/:id',
    component: () => import('./pages/TaskDetailPage.vue'),
    props: true,
    meta: { roles: reporter, title: '任务详情' },
  },
  {
    path: '/reporter/submissions',
    component: () => import('./pages/reporter/SubmissionsPage.vue'),
    meta: { roles: reporter, title: '我的填报' },
  },
  {
    path: '/manager/alerts',
    component: () => import('./pages/manager/AlertsPage.vue'),
    meta: { roles: manager, title: '告警' },
  },
  {
    path: '/manager/alerts/:id',
    component: () => import('./pages/manager/AlertDetailPage.vue'),
    props: true,
    meta: { roles: manager, title: '告警详情' },
  },
  {
    path: '/manager/tasks',
    component: () => import('./pages/manager/TaskSupervisionPage.vue'),
    meta: { roles: manager, title: '任务督办' },
  },
  {
    path: '/manager/tasks/:id',
    component: () => import('./pages/TaskDetailPage.vue'),
    props: true,
    meta: { roles: manager, title: '任务详情' },
  },
  {
    path: '/manager/bulletin',
    component: () => import('./pages/manager/BulletinPage.vue'),
    meta: { roles: ['manager', 'admin'], title: '月度通报' },
  },
  {
    path: '/admin/indicators',
    component: () => import('./pages/admin/IndicatorsPage.vue'),
    meta: { roles: admin, title: '指标与目标' },
  },
  {
    path: '/admin/indicators/:id',
    component: () => import('./pages/admin/IndicatorEditPage.vue'),
    props: true,
    meta: { roles: admin, title: '修改目标' },
  },
  {
    path: '/admin/audit',
    component: () => import('./pages/admin/AuditPage.vue'),
    meta: { roles: admin, title: '审计日志' },
  },
  {
    path: '/manager/reviews',
    component: () => import('./pages/manager/ReviewsPage.vue'),
    meta: { roles: ['manager', 'admin'], title: '数值审核' },
  },
  {
    path: '/manager/discipline',
    component: () => import('./pages/manager/DisciplinePage.vue'),
    meta: { roles: manager, title: '报送纪律' },
  },
  {
    path: '/admin/users',
    component: () => import('./pages/admin/UsersPage.vue'),
    meta: { roles: admin, title: '用户' },
  },
  {
    path: '/admin/display-keys',
    component: () => import('./pages/admin/DisplayKeysPage.vue'),
    meta: { roles: admin, title: '大屏密钥' },
  },
  {
    path: '/admin/jurisdictions',
    component: () => import('./pages/admin/JurisdictionsPage.vue'),
    meta: { roles: admin, title: '行政区划' },
  },
  {
    path: '/admin/geo',
    component: () => import('./pages/admin/GeoPage.vue'),
    meta: { roles: admin, title: '地图边界' },
  },
  {
    path: '/admin/plans',
    component: () => import('./pages/admin/PlansPage.vue'),
    meta: { roles: admin, title: '规划与板块' },
  },
  {
    path: '/admin/departments',
    component: () => import('./pages/admin/DepartmentsPage.vue'),
    meta: { roles: admin, title: '责任单位' },
  },
  {
    path: '/admin/tokens',
    component: () => import('./pages/admin/TokensPage.vue'),
    meta: { roles: admin, title: '接口令牌' },
  },
  {
    path: '/admin/alert-rules',
    component: () => import('./pages/admin/AlertRulesPage.vue'),
    meta: { roles: admin, title: '告警规则' },
  },
  {
    path: '/manager/notifications',
    component: () => import('./pages/manager/NotificationsPage.vue'),
    meta: { roles: ['manager', 'admin'], title: '通知订阅' },
  },
  {
    path: '/manager/drill',
    component: () => import('./pages/manager/DrillPage.vue'),
    meta: { roles: manager, title: '指标钻取' },
  },
  { path: '/inbox', component: () => import('./pages/InboxPage.vue'), meta: { title: '站内信' } },
  { path: '/:rest(.*)*', component: () => import('./pages/NotFoundPage.vue'), meta: { title: '页面不存在' } },
]

/** History mode under /portal/ (the API answers index.html for any path below it). */
export function createPortalRouter() {
  const router = createRouter({ history: createWebHistory('/portal/'), routes })
  router.beforeEach(async (to) => {
    const session = useSessionStore()
    if (to.meta.public) return true
    const me = await session.restore().catch(() => null)
    if (!me) return { path: '/login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
    if (to.path === '/') return homeOf(me.role)
    if (to.meta.roles && !to.meta.roles.includes(me.role)) return homeOf(me.role)
    return true
  })
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · 数政驾驶舱` : '数政驾驶舱 · 工作台'
  })
  return router
}
