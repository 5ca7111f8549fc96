import { createRoute } from '@hono/zod-openapi'
import { ApiError, EvidenceFile, EvidenceIdParam, MAX_EVIDENCE_BYTES } from '@cockpit/contracts'
import { invalid } from '@cockpit/services/kernel'
import { readEvidence, storeEvidence } from '@cockpit/services/evidence'
import { requireRole } from '../auth.js'
import { createRouter, jsonContent, multipartBody } from '../router.js'
import { limitBody, MULTIPART_SLACK, serviceContext } from './route-helpers.js'

const upload = createRoute({
  method: 'post',
  path: '/',
  tags: ['数据填报'],
  summary:
    '上传一份佐证材料(multipart 字段 file,≤10 MB;PDF、PNG、JPEG、.docx、.xlsx,按文件内容识别),返回编号供填报时引用',
  middleware: [
    requireRole('admin', 'reporter'),
    limitBody(MAX_EVIDENCE_BYTES + MULTIPART_SLACK, `佐证材料超过 ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB 上限`),
  ] as const,
  request: { body: multipartBody('佐证材料:PDF、PNG、JPEG、.docx 或 .xlsx,≤10 MB(按文件内容识别类型)') },
  responses: {
    201: jsonContent(EvidenceFile, '已保存'),
    400: jsonContent(ApiError, '文件类型不允许或请求无效'),
    401: jsonContent(ApiError, '未认证'),
    403: jsonContent(ApiError, '无权上传'),
    413: jsonContent(ApiError, '文件过大'),
  },
})

const download = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['数据填报'],
  summary: '下载佐证材料(上传单位、辖区内的管理员和系统管理员可下载)',
  middleware: [requireRole('admin', 'manager', 'reporter')] as const,
  request: { params: EvidenceIdParam },
  responses: {
    200: {
      description: '文件',
      content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
    },
    401: jsonContent(ApiError, '未认证'),
    403: jsonContent(ApiError, '无权查看'),
    404: jsonContent(ApiError, '不存在'),
  },
})

/** An ASCII stand-in for old clients; everyone else reads filename* (RFC 5987). */
const asciiName = (name: string) => name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_')
// encodeURIComponent leaves ' ( ) * as they are; RFC 5987 wants them escaped too.
const rfc5987 = (name: string) =>
  encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)

export const evidenceRoutes = createRouter()
  .openapi(upload, async (c) => {
    const form = await c.req.parseBody().catch(() => {
      throw invalid('请求体应为 multipart/form-data,文件字段名为 file')
    })
    const file = form.file
    if (!(file instanceof File)) throw invalid('缺少佐证材料文件(multipart 字段 file)')
    const bytes = new Uint8Array(await file.arrayBuffer())
    const named = { bytes, name: file.name || '佐证材料' }
    return c.json(await storeEvidence(serviceContext(c), named, c.get('deps').parsePool.inspectEvidence), 201)
  })
  .openapi(download, async (c) => {
    const file = await readEvidence(serviceContext(c), c.req.valid('param').id)
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${asciiName(file.fileName)}"; filename*=UTF-8''${rfc5987(file.fileName)}`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    })
  })
