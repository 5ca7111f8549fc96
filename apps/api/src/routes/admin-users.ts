import { createRoute } from '@hono/zod-openapi'
import {
  AdminUser,
  AdminUserCreate,
  AdminUserList,
  AdminUserQuery,
  AdminUserUpdate,
  IdParam,
  ResetPasswordResult,
} from '@cockpit/contracts'
import {
  createUser,
  getUser,
  listUsers,
  resetUserPassword,
  setUserDisabled,
  updateUser,
} from '@cockpit/services/access'
import { createRouter, jsonContent } from '../router.js'
import { adminErrors, adminOnly, jsonBody, serviceContext } from './route-helpers.js'

const tags = ['管理:用户']
const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: '用户列表(不含密码散列)',
  middleware: adminOnly,
  request: { query: AdminUserQuery },
  responses: { 200: jsonContent(AdminUserList, '用户'), ...adminErrors },
})
const one = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: '一个用户',
  middleware: adminOnly,
  request: { params: IdParam },
  responses: { 200: jsonContent(AdminUser, '用户'), ...adminErrors },
})
const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: '新建用户(填报员须指定部门,管理者/查看者须指定行政区划,初始密码至少12位)',
  middleware: adminOnly,
  request: jsonBody(AdminUserCreate),
  responses: { 201: jsonContent(AdminUser, '已创建'), ...adminErrors },
})
const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: '修改角色、部门、行政区划与联系方式',
  middleware: adminOnly,
  request: { params: IdParam, ...jsonBody(AdminUserUpdate) },
  responses: { 200: jsonContent(AdminUser, '已修改'), ...adminErrors },
})
const disable = createRoute({
  method: 'post',
  path: '/{id}/disable',
  tags,
  summary: '停用用户(其会话立即失效)',
  middleware: adminOnly,
  request: { params: IdParam },
  responses: { 200: jsonContent(AdminUser, '已停用'), ...adminErrors },
})
const enable = createRoute({
  method: 'post',
  path: '/{id}/enable',
  tags,
  summary: '重新启用用户',
  middleware: adminOnly,
  request: { params: IdParam },
  responses: { 200: jsonContent(AdminUser, '已启用'), ...adminErrors },
})
const reset = createRoute({
  method: 'post',
  path: '/{id}/reset-password',
  tags,
  summary: '重置密码(新密码只返回这一次,原有会话全部失效)',
  middleware: adminOnly,
  request: { params: IdParam },
  responses: { 200: jsonContent(ResetPasswordResult, '新密码'), ...adminErrors },
})

export const adminUserRoutes = createRouter()
  .openapi(list, async (c) => c.json({ items: await listUsers(serviceContext(c), c.req.valid('query')) }, 200))
  .openapi(one, async (c) => c.json(await getUser(serviceContext(c), c.req.valid('param').id), 200))
  .openapi(create, async (c) => c.json(await createUser(serviceContext(c), c.req.valid('json')), 201))
  .openapi(update, async (c) =>
    c.json(await updateUser(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(disable, async (c) => c.json(await setUserDisabled(serviceContext(c), c.req.valid('param').id, true), 200))
  .openapi(enable, async (c) => c.json(await setUserDisabled(serviceContext(c), c.req.valid('param').id, false), 200))
  .openapi(reset, async (c) => {
    // Never cached anywhere on the way back: the password is shown once.
    c.header('cache-control', 'no-store')
    return c.json(await resetUserPassword(serviceContext(c), c.req.valid('param').id), 200)
  })
