import { createRoute, z } from '@hono/zod-openapi'
import {
  ApiError,
  Submission,
  SubmissionAccepted,
  SubmissionIdParam,
  SubmissionList,
  SubmissionListQuery,
  SubmissionPreview,
  SubmitValuesBody,
} from '@cockpit/contracts'
import { invalid, type SubmitQueue } from '@cockpit/services/kernel'
import { getSubmission, listSubmissions, previewUpload, submitUpload, submitValues } from '@cockpit/services/pipeline'
import type { Context } from 'hono'
import { requireRole } from '../auth.js'
import type { AppEnv } from '../env.js'
import { createRouter, jsonContent, multipartBody } from '../router.js'
import { limitJsonMb, serviceContext } from './route-helpers.js'

export const MAX_JSON_BYTES = 5 * 1024 * 1024
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

/** The upload's form: the file and the all-or-nothing switch (read by `uploadedFile`). */
const uploadForm = multipartBody('填报文件:Excel(.xlsx)或 CSV(UTF-8 或 GB18030),表头见本单位模板', {
  allOrNothing: { description: '为 true(或 1)时任何一行有错则整批拒收', enum: ['true', 'false', '1', '0'] },
})

/** Idempotency-Key for token and API callers (submissions, task progress, completion claims). */
export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, 'Idempotency-Key 应为1–200个可见 ASCII 字符')
    .optional(),
})

/** Where a stored submission goes: the ingest queue, its outage logged once at debug (the sweeper catches up). */
export function submitQueue(c: Context<AppEnv>): SubmitQueue {
  const deps = c.get('deps')
  return {
    enqueue: deps.enqueueIngest,
    // Debug: the producers log a Redis outage once, not once per submission it defers to the sweeper.
    logWarn: (msg, err) =>
      deps.logger.debug({ err: err instanceof Error ? err.message : err, requestId: c.get('requestId') }, msg),
  }
}

const submit = createRoute({
  method: 'post',
  path: '/',
  tags: ['数据填报'],
  summary: '提交一条或一批指标数值(持久化后返回 202 与提交编号)',
  middleware: [requireRole('admin', 'reporter'), limitJsonMb(MAX_JSON_BYTES)] as const,
  request: {
    headers: IdempotencyHeaders,
    body: { content: { 'application/json': { schema: SubmitValuesBody } }, required: true },
  },
  responses: {
    202: jsonContent(SubmissionAccepted, '已接收'),
    400: jsonContent(ApiError, '请求无效'),
    401: jsonContent(ApiError, '未认证'),
    403: jsonContent(ApiError, '无权填报'),
    409: jsonContent(ApiError, 'Idempotency-Key 冲突'),
  },
})

const upload = createRoute({
  method: 'post',
  path: '/upload',
  tags: ['数据填报'],
  summary: '上传 Excel(.xlsx)或 CSV 填报文件(multipart 字段 file;allOrNothing=true 则有错全拒)',
  middleware: [requireRole('admin', 'reporter'), limitJsonMb(MAX_UPLOAD_BYTES)] as const,
  request: { headers: IdempotencyHeaders, body: uploadForm },
  responses: {
    202: jsonContent(SubmissionAccepted, '已接收'),
    400: jsonContent(ApiError, '请求无效'),
    413: jsonContent(ApiError, '文件过大'),
  },
})

const preview = createRoute({
  method: 'post',
  path: '/preview',
  tags: ['数据填报'],
  summary: '预览上传文件:按入库时的同一套规则逐行解析、校验,返回将接收的行与逐行错误,不保存任何内容',
  middleware: [requireRole('admin', 'reporter'), limitJsonMb(MAX_UPLOAD_BYTES)] as const,
  request: { body: uploadForm },
  responses: {
    200: jsonContent(SubmissionPreview, '预览'),
    400: jsonContent(ApiError, '请求无效'),
    413: jsonContent(ApiError, '文件过大'),
  },
})

/** The multipart form both the upload and its preview take: field file, optional allOrNothing. */
async function uploadedFile(c: Context<AppEnv>) {
  const form = await c.req.parseBody().catch(() => {
    throw invalid('请求体应为 multipart/form-data,文件字段名为 file')
  })
  const file = form.file
  if (!(file instanceof File)) throw invalid('缺少上传文件(multipart 字段 file)')
  if (file.size === 0) throw invalid('上传的文件是空的')
  const allOrNothing = form.allOrNothing === 'true' || form.allOrNothing === '1'
  const bytes = new Uint8Array(await file.arrayBuffer())
  return { bytes, name: file.name.slice(0, 255), type: file.type.slice(0, 100), allOrNothing }
}

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['数据填报'],
  summary: '本单位的提交记录与处理状态',
  middleware: [requireRole('admin', 'reporter')] as const,
  request: { query: SubmissionListQuery },
  responses: { 200: jsonContent(SubmissionList, '提交记录') },
})

const one = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['数据填报'],
  summary: '一次提交的处理状态与逐行错误',
  middleware: [requireRole('admin', 'reporter')] as const,
  request: { params: SubmissionIdParam },
  responses: {
    200: jsonContent(Submission, '提交'),
    403: jsonContent(ApiError, '无权查看'),
    404: jsonContent(ApiError, '不存在'),
  },
})

export const submissionRoutes = createRouter()
  .openapi(submit, async (c) => {
    const opts = { idempotencyKey: c.req.valid('header')['idempotency-key'], channel: 'api' as const }
    return c.json(await submitValues(serviceContext(c), c.req.valid('json'), opts, submitQueue(c)), 202)
  })
  .openapi(upload, async (c) => {
    const { allOrNothing, ...file } = await uploadedFile(c)
    const opts = { idempotencyKey: c.req.valid('header')['idempotency-key'], allOrNothing }
    return c.json(await submitUpload(serviceContext(c), file, opts, submitQueue(c)), 202)
  })
  .openapi(preview, async (c) => {
    const { allOrNothing, ...file } = await uploadedFile(c)
    const opts = { allOrNothing, readUpload: c.get('deps').parsePool.readUpload }
    return c.json(await previewUpload(serviceContext(c), file, opts), 200)
  })
  .openapi(list, async (c) => c.json({ items: await listSubmissions(serviceContext(c), c.req.valid('query')) }, 200))
  .openapi(one, async (c) => c.json(await getSubmission(serviceContext(c), c.req.valid('param').id), 200))
