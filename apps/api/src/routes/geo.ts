import { createHash } from 'node:crypto'
import { createRoute } from '@hono/zod-openapi'
import { AdminGeoUploadFields, ApiError, GeoParam, GeoShape, MAX_BOUNDARY_BYTES } from '@cockpit/contracts'
import { invalid } from '@cockpit/services/kernel'
import { deleteBoundaryFile, getGeoShape, putBoundaryFile, type GeoOptions } from '@cockpit/services/catalog'
import { shippedGeoDir } from '@cockpit/seeds'
import type { Context } from 'hono'
import { requireRole } from '../auth.js'
import type { AppEnv } from '../env.js'
import { createRouter, deniedResponses, errorResponses, jsonContent } from '../router.js'
import { adminErrors, adminOnly, limitBody, MULTIPART_SLACK, serviceContext } from './route-helpers.js'

const tags = ['地图边界']
const geoOptions = (c: Context<AppEnv>): GeoOptions => {
  const dir = c.get('deps').geoDir
  return { shippedDir: dir === undefined ? shippedGeoDir : dir }
}

const read = createRoute({
  method: 'get',
  path: '/{adcode}',
  tags,
  summary:
    '一个行政区划的下级区划边界(审图号文件、随附文件或生成的示意图;按 properties.adcode 对应;支持 ETag / If-None-Match)',
  middleware: [requireRole()] as const,
  request: { params: GeoParam },
  responses: {
    200: jsonContent(GeoShape, '下级区划边界'),
    304: { description: '未变化' },
    ...errorResponses,
    ...deniedResponses,
  },
})

export const geoRoutes = createRouter().openapi(read, async (c) => {
  const shape = await getGeoShape(serviceContext(c), c.req.valid('param').adcode, geoOptions(c))
  const body = JSON.stringify(shape)
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
  // private: a display key's answer must not be cached for another caller; no-cache: revalidate (cheap 304).
  const headers = { etag, 'cache-control': 'private, no-cache', vary: 'Authorization, Cookie' }
  const match = c.req.header('if-none-match')
  if (match?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return c.body(null, 304, headers)
  return c.json(shape, 200, headers)
})

const put = createRoute({
  method: 'put',
  path: '/{adcode}',
  tags,
  summary: `上传审图号边界文件(multipart:字段 file 为 GeoJSON FeatureCollection,≤${MAX_BOUNDARY_BYTES / 1024 / 1024} MB;可选字段 approvalNo 为审图号),替换该区划下级的示意图`,
  middleware: [
    adminOnly,
    limitBody(MAX_BOUNDARY_BYTES + MULTIPART_SLACK, `边界文件超过 ${MAX_BOUNDARY_BYTES / 1024 / 1024} MB 上限`),
  ] as const,
  request: { params: GeoParam },
  responses: { 200: jsonContent(GeoShape, '已保存'), 413: jsonContent(ApiError, '文件过大'), ...adminErrors },
})
const remove = createRoute({
  method: 'delete',
  path: '/{adcode}',
  tags,
  summary: '删除审图号边界文件,恢复随附文件或示意图',
  middleware: adminOnly,
  request: { params: GeoParam },
  responses: { 200: jsonContent(GeoShape, '已删除,返回现在使用的边界'), ...adminErrors },
})

export const adminGeoRoutes = createRouter()
  .openapi(put, async (c) => {
    const form = await c.req.parseBody().catch(() => {
      throw invalid('请求体应为 multipart/form-data:字段 file 为 GeoJSON 文件,approvalNo 为审图号(可选)')
    })
    const file = form.file
    if (!(file instanceof File)) throw invalid('请求体 file: 缺少边界文件(multipart 字段 file)')
    const fields = AdminGeoUploadFields.safeParse({
      approvalNo: typeof form.approvalNo === 'string' ? form.approvalNo : undefined,
    })
    if (!fields.success) throw invalid(`请求体 approvalNo: ${fields.error.issues[0]!.message}`)
    const bytes = new Uint8Array(await file.arrayBuffer())
    const upload = { bytes, approvalNo: fields.data.approvalNo ?? null }
    const shape = await putBoundaryFile(serviceContext(c), c.req.valid('param').adcode, upload, geoOptions(c))
    return c.json(shape, 200)
  })
  .openapi(remove, async (c) =>
    c.json(await deleteBoundaryFile(serviceContext(c), c.req.valid('param').adcode, geoOptions(c)), 200),
  )
