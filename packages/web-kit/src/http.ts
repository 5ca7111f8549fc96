import { createApiClient, type ApiClient } from '@cockpit/api-client'
import type { ApiError, FieldIssue } from '@cockpit/contracts'

/** An API answer that was not 2xx, carrying the error model `{code, message, requestId, issues?}`. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    /** An `ErrorCode` from the server, or `network`/`http_error` when no error body came back. */
    readonly code: string,
    message: string,
    readonly requestId: string | null,
    /** The fields the server named (`ApiError.issues`), for a form to show beside its inputs. */
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message)
    this.name = 'ApiRequestError'
  }
}

/** What to show a person for a failure: the server's Chinese message, else the error's own text. */
export const errorMessage = (e: unknown): string =>
  e instanceof ApiRequestError ? e.message : e instanceof Error ? e.message : String(e)

export interface ApiAccess {
  /** Origin of the API ('' for the page's own origin). */
  baseUrl: string
  /** A display key or department token, sent as a bearer token; absent: the session cookie is used. */
  bearer?: string | null
  /** A browser session's CSRF token (from login or /auth/me), sent on every request so writes pass. */
  csrfToken?: () => string | null
}

export const authHeaders = (access: ApiAccess): Record<string, string> => {
  const csrf = access.csrfToken?.()
  return {
    ...(access.bearer ? { authorization: `Bearer ${access.bearer}` } : {}),
    ...(csrf ? { 'x-csrf-token': csrf } : {}),
  }
}

/** The typed Hono client bound to one API, sending the caller's credentials on every request. */
export function apiClient(access: ApiAccess): ApiClient {
  const base = access.baseUrl || globalThis.location?.origin || 'http://localhost'
  return createApiClient(base, { headers: () => authHeaders(access), init: { credentials: 'same-origin' } })
}

/** The body type of the 2xx members of a typed client response union. */
type OkBody<R> = R extends { ok: true; json(): Promise<infer T> } ? T : never

/** Reads a typed response, turning a non-2xx answer into an ApiRequestError with the server's message. */
export async function readJson<R extends { ok: boolean; status: number; json(): Promise<unknown> }>(
  response: Promise<R>,
): Promise<OkBody<R>> {
  let res: R
  try {
    res = await response
  } catch (e) {
    throw new ApiRequestError(0, 'network', `无法连接服务器:${e instanceof Error ? e.message : String(e)}`, null)
  }
  if (res.ok) return (res.status === 204 ? null : await res.json()) as OkBody<R>
  throw errorFromBody(res.status, await res.json().catch(() => null))
}

/** The server's error model (`ApiError`) as an ApiRequestError; anything else (a proxy's page) by its status. */
export function errorFromBody(status: number, raw: unknown): ApiRequestError {
  const body = (raw && typeof raw === 'object' ? raw : {}) as Partial<ApiError>
  return new ApiRequestError(
    status,
    body.code ?? 'http_error',
    body.message ?? `服务器返回 ${status}`,
    body.requestId ?? null,
    Array.isArray(body.issues) ? body.issues : [],
  )
}

/** Reads a response that answers 204 (no body) on success, throwing the error model otherwise. */
export async function readDone(
  response: Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>,
): Promise<void> {
  await readJson(response as Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>)
}
