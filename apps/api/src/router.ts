import { OpenAPIHono } from '@hono/zod-openapi'
import type { z } from 'zod'
import { ApiError } from '@cockpit/contracts'
import type { AppEnv } from './env.js'
import { describeIssues, errorBody, issuesOf } from './errors.js'

/** A router whose request validation failures answer 400 in the one error shape. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success)
        return c.json(
          errorBody(c, 'invalid_request', describeIssues(result.target, result.error), issuesOf(result.error)),
          400,
        )
    },
  })
}

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
})

/** What a gated route answers without a caller (401) or to a role it does not serve (403). */
export const deniedResponses = {
  401: jsonContent(ApiError, '未登录或令牌无效'),
  403: jsonContent(ApiError, '无权限'),
} as const

export const errorResponses = {
  400: jsonContent(ApiError, '请求参数无效'),
  404: jsonContent(ApiError, '资源不存在'),
} as const

/**
 * A multipart/form-data request body as the document shows it: the field `file` plus text fields. A plain
 * JSON schema on purpose (not zod), so @hono/zod-openapi adds no validator or 415 gate: the handler reads
 * the form itself and answers a missing file or a wrong content type with 400 in the one error shape.
 */
export function multipartBody(
  fileDescription: string,
  fields: Record<string, { description: string; enum?: string[] }> = {},
) {
  return {
    required: true,
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object' as const,
          required: ['file'],
          properties: {
            file: {
              type: 'string' as const,
              format: 'binary',
              contentMediaType: 'application/octet-stream',
              description: fileDescription,
            },
            ...Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, { type: 'string' as const, ...f }])),
          },
        },
      },
    },
  }
}
