/**
 * What a system integrating with us does, written only against the client generated from the served
 * OpenAPI document: `generated/schema.d.ts` is written by openapi-typescript when
 * apps/api/src/generated-client.int.test.ts runs, then this file is type-checked against it (tsc) and run
 * against the API listening on a loopback port. Kept outside src/ (and out of the package's typecheck)
 * because the types it imports exist only at test time.
 */
import createClient from 'openapi-fetch'
import type { components, paths } from './generated/schema.js'

type ApiError = components['schemas']['ApiError']

export interface FlowInput {
  baseUrl: string
  admin: { username: string; password: string }
  /** The department whose token is issued, and another one (out of the token's scope). */
  department: { jurisdiction: string; key: string; other: string }
  idempotencyKey: string
}

/** What the flow saw, for the test to assert. */
export interface FlowResult {
  tokenPrefix: string
  submissionId: string
  replayedId: string
  replayed: boolean
  finalState: string
  acceptedCount: number
  indicatorId: number
  period: string
  value: number
  historyValues: number[]
  withoutToken: { status: number; error: ApiError | undefined }
  outOfScope: { status: number; error: ApiError | undefined }
  wrongRole: { status: number; error: ApiError | undefined }
}

const fail = (what: string, status: number, error: unknown): never => {
  throw new Error(`${what}: ${status} ${JSON.stringify(error)}`)
}

export async function integratorFlow(input: FlowInput): Promise<FlowResult> {
  const anonymous = createClient<paths>({ baseUrl: input.baseUrl })

  // The administrator signs in (a session cookie plus the CSRF token the API returns) …
  const login = await anonymous.POST('/api/v1/auth/login', {
    body: { username: input.admin.username, password: input.admin.password },
  })
  if (!login.data) return fail('login', login.response.status, login.error)
  const cookie = (login.response.headers.get('set-cookie') ?? '').split(';')[0]!
  const admin = createClient<paths>({
    baseUrl: input.baseUrl,
    headers: { cookie, 'x-csrf-token': login.data.csrfToken },
  })

  // … finds the department and issues its token.
  const departments = await admin.GET('/api/v1/departments', {
    params: { query: { jurisdiction: input.department.jurisdiction } },
  })
  if (!departments.data) return fail('departments', departments.response.status, departments.error)
  const department = departments.data.items.find((d) => d.key === input.department.key)
  const other = departments.data.items.find((d) => d.key === input.department.other)
  if (!department || !other) throw new Error(`departments ${input.department.key}/${input.department.other} not found`)
  const issued = await admin.POST('/api/v1/tokens', { body: { departmentId: department.id, name: '数据共享平台接入' } })
  if (!issued.data) return fail('issue token', issued.response.status, issued.error)

  // The department's system, with its token: one of its own indicators, and a period of its cadence.
  const dept = createClient<paths>({
    baseUrl: input.baseUrl,
    headers: { authorization: `Bearer ${issued.data.token}` },
  })
  const owned = await dept.GET('/api/v1/indicators', {
    params: { query: { department: department.id, jurisdiction: input.department.jurisdiction } },
  })
  if (!owned.data) return fail('indicators', owned.response.status, owned.error)
  const indicator =
    owned.data.items.find((i) => i.cadence === 'monthly') ??
    owned.data.items.find((i) => i.cadence === 'quarterly') ??
    owned.data.items[0]
  if (!indicator) throw new Error('the department owns no indicator')
  const period = indicator.cadence === 'monthly' ? '2024-05' : indicator.cadence === 'quarterly' ? '2024-Q1' : '2023'
  const value = indicator.measure === 'percent' ? 61.5 : 615

  // A batch with an Idempotency-Key, sent twice as a retrying client would: one submission.
  const batch = { items: [{ indicator: indicator.id, period, value, note: '数据共享平台推送' }] }
  const submitted = await dept.POST('/api/v1/submissions', {
    params: { header: { 'idempotency-key': input.idempotencyKey } },
    body: batch,
  })
  if (!submitted.data) return fail('submit', submitted.response.status, submitted.error)
  const again = await dept.POST('/api/v1/submissions', {
    params: { header: { 'idempotency-key': input.idempotencyKey } },
    body: batch,
  })
  if (!again.data) return fail('submit again', again.response.status, again.error)

  // Poll the submission until it is processed (or failed).
  let submission = (await dept.GET('/api/v1/submissions/{id}', { params: { path: { id: submitted.data.id } } })).data
  for (
    let i = 0;
    i < 300 && submission && (submission.state === 'received' || submission.state === 'processing');
    i++
  ) {
    await new Promise((r) => setTimeout(r, 100))
    submission = (await dept.GET('/api/v1/submissions/{id}', { params: { path: { id: submitted.data.id } } })).data
  }
  if (!submission) throw new Error('submission not readable')

  // The indicator's history now holds the value.
  const history = await dept.GET('/api/v1/indicators/{id}/observations', { params: { path: { id: indicator.id } } })
  if (!history.data) return fail('history', history.response.status, history.error)
  const historyValues = history.data.periods
    .filter((p) => p.periodKey === period)
    .flatMap((p) => p.revisions.map((r) => r.value))

  // Refusals, in the shared error shape: no token (401), another department's reporting (403), an admin-only route (403).
  const withoutToken = await anonymous.GET('/api/v1/submissions', { params: { query: {} } })
  const outOfScope = await dept.GET('/api/v1/reporting/rates', { params: { query: { department: other.id } } })
  const wrongRole = await dept.GET('/api/v1/audit', { params: { query: {} } })

  return {
    tokenPrefix: issued.data.prefix,
    submissionId: submitted.data.id,
    replayedId: again.data.id,
    replayed: again.data.replayed,
    finalState: submission.state,
    acceptedCount: submission.acceptedCount,
    indicatorId: indicator.id,
    period,
    value,
    historyValues,
    withoutToken: { status: withoutToken.response.status, error: withoutToken.error },
    outOfScope: { status: outOfScope.response.status, error: outOfScope.error },
    wrongRole: { status: wrongRole.response.status, error: wrongRole.error },
  }
}
