import { createRoute } from '@hono/zod-openapi'
import { ImportTasksBody, ImportTasksResult, ImportValuesBody, SubmissionAccepted } from '@cockpit/contracts'
import { importTaskHistory } from '@cockpit/services/tasks'
import { importValues } from '@cockpit/services/pipeline'
import { createRouter, jsonContent } from '../router.js'
import { adminErrors, adminOnly, committed, jsonBody, limitJsonMb, serviceContext } from './route-helpers.js'
import { IdempotencyHeaders, MAX_JSON_BYTES, submitQueue } from './submissions.js'

// 历史数据导入: what departments reported before the product was in use, counted as reported on time.
const tags = ['管理:历史数据导入']

const values = createRoute({
  method: 'post',
  path: '/values',
  tags,
  summary:
    '导入一个部门的历史指标数值(仅已结束的统计期;按统计期截止日计为按时报送;与普通提交一样逐行校验,返回 202 与提交编号)',
  middleware: [adminOnly, limitJsonMb(MAX_JSON_BYTES)] as const,
  request: { headers: IdempotencyHeaders, ...jsonBody(ImportValuesBody) },
  responses: { 202: jsonContent(SubmissionAccepted, '已接收'), ...adminErrors },
})

const tasks = createRoute({
  method: 'post',
  path: '/tasks',
  tags,
  summary:
    '导入任务与节点的历史进展(按报告期截止日计为按时报送)和已销号记录(牵头单位申请、当日审核通过);全部成功或全部不导入,已有记录的跳过',
  middleware: [adminOnly, limitJsonMb(MAX_JSON_BYTES)] as const,
  request: jsonBody(ImportTasksBody),
  responses: { 201: jsonContent(ImportTasksResult, '已导入'), ...adminErrors },
})

export const adminImportRoutes = createRouter()
  .openapi(values, async (c) => {
    const opts = { idempotencyKey: c.req.valid('header')['idempotency-key'] }
    return c.json(await importValues(serviceContext(c), c.req.valid('json'), opts, submitQueue(c)), 202)
  })
  .openapi(tasks, async (c) => {
    return c.json(await committed(c, importTaskHistory(serviceContext(c), c.req.valid('json'))), 201)
  })
