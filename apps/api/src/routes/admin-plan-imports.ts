import { createRoute } from '@hono/zod-openapi'
import {
  ApiError,
  PlanImportCommitResult,
  PlanImportDraft,
  PlanImportIdParam,
  PlanProposal,
  PlanProposalBulkPatch,
  PlanProposalParam,
  PlanProposalPatch,
} from '@cockpit/contracts'
import { MAX_DOCUMENT_BYTES, readPlan } from '@cockpit/plan-import'
import { invalid } from '@cockpit/services/kernel'
import {
  commitPlanImport,
  createPlanImport,
  getPlanImport,
  patchProposal,
  patchProposals,
} from '@cockpit/services/plan-import'
import type { Context } from 'hono'
import type { AppEnv } from '../env.js'
import { createRouter, jsonContent, multipartBody } from '../router.js'
import {
  adminErrors,
  adminOnly,
  committed,
  jsonBody,
  limitBody,
  MULTIPART_SLACK,
  serviceContext,
} from './route-helpers.js'

// 规划导入: upload a plan document, review the proposals beside its text, commit them into a tracked plan.
const tags = ['管理:规划导入']
const MAX_MB = Math.round(MAX_DOCUMENT_BYTES / 1048576)

const upload = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: `上传规划文件(multipart 字段 file:.docx、有文字层的 .pdf、.txt/.md,≤${MAX_MB} MB),自动识别规划信息、指标目标、里程碑、重点任务与部门,保存为待审核的导入草稿;已有该规划时只提议差异`,
  middleware: [
    adminOnly,
    limitBody(MAX_DOCUMENT_BYTES + MULTIPART_SLACK, `文件过大:规划文件不能超过 ${MAX_MB} MB`),
  ] as const,
  request: { body: multipartBody('规划文件:.docx、.pdf(有文字层)、.txt 或 .md') },
  responses: { 201: jsonContent(PlanImportDraft, '导入草稿'), 413: jsonContent(ApiError, '文件过大'), ...adminErrors },
})

const read = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: '导入草稿:文件文本与逐条提议(出处、原文、决定与修改)',
  middleware: adminOnly,
  request: { params: PlanImportIdParam },
  responses: { 200: jsonContent(PlanImportDraft, '导入草稿'), ...adminErrors },
})

const patchMany = createRoute({
  method: 'patch',
  path: '/{id}/proposals',
  tags,
  summary: '批量设置提议的决定(accepted/rejected/pending)与修改(全部成功或全部不改)',
  middleware: adminOnly,
  request: { params: PlanImportIdParam, ...jsonBody(PlanProposalBulkPatch) },
  responses: { 200: jsonContent(PlanImportDraft, '已修改'), ...adminErrors },
})

const patchOne = createRoute({
  method: 'patch',
  path: '/{id}/proposals/{proposalId}',
  tags,
  summary: '设置一条提议的决定与修改(修改按该类提议的字段校验)',
  middleware: adminOnly,
  request: { params: PlanProposalParam, ...jsonBody(PlanProposalPatch) },
  responses: { 200: jsonContent(PlanProposal, '已修改'), ...adminErrors },
})

const commit = createRoute({
  method: 'post',
  path: '/{id}/commit',
  tags,
  summary:
    '提交已接受的提议:与管理接口相同的校验,一个事务内写入规划、板块、指标与目标、里程碑、任务与部门,并记入审计日志;未通过校验的提议旁记录原因',
  middleware: adminOnly,
  request: { params: PlanImportIdParam },
  responses: { 201: jsonContent(PlanImportCommitResult, '已提交'), ...adminErrors },
})

async function uploadedDocument(c: Context<AppEnv>) {
  const form = await c.req.parseBody().catch(() => {
    throw invalid('请求体应为 multipart/form-data,文件字段名为 file')
  })
  const file = form.file
  if (!(file instanceof File)) throw invalid('缺少上传文件(multipart 字段 file)')
  if (file.size === 0) throw invalid('上传的文件是空的')
  return { name: (file.name || 'plan.txt').slice(0, 255), bytes: new Uint8Array(await file.arrayBuffer()) }
}

export const adminPlanImportRoutes = createRouter()
  .openapi(upload, async (c) => {
    const { planReadPool } = c.get('deps')
    const file = await uploadedDocument(c)
    const ctx = serviceContext(c)
    const id = await createPlanImport(ctx, file, { readPlan: planReadPool ? planReadPool.readPlan : readPlan })
    return c.json(await getPlanImport(ctx, id), 201)
  })
  .openapi(read, async (c) => c.json(await getPlanImport(serviceContext(c), c.req.valid('param').id), 200))
  .openapi(patchMany, async (c) =>
    c.json(await patchProposals(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(patchOne, async (c) => {
    const { id, proposalId } = c.req.valid('param')
    return c.json(await patchProposal(serviceContext(c), id, proposalId, c.req.valid('json')), 200)
  })
  .openapi(commit, async (c) => {
    const ctx = serviceContext(c)
    const id = c.req.valid('param').id
    const result = await committed(c, commitPlanImport(ctx, id))
    return c.json({ ...result, draft: await getPlanImport(ctx, id) }, 201)
  })
