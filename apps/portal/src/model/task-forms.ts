import { TaskCompletionClaimBody, TaskProgressBody, type TaskStage } from '@cockpit/contracts'

// The progress and claim forms check their input with the server's own zod schemas, so the message a
// user sees before sending is the one the API would answer (a 400 names the same field).

export interface ProgressForm {
  period: string
  stage: TaskStage | ''
  percent: string
  progress: string
  problems: string
  nextSteps: string
  reason: string
}

export type FormCheck<T> = { ok: true; body: T } | { ok: false; errors: Record<string, string> }

const firstByField = (issues: readonly { path: readonly PropertyKey[]; message: string }[]) => {
  const errors: Record<string, string> = {}
  for (const i of issues) {
    const field = i.path.length ? String(i.path[0]) : 'form'
    errors[field] ??= i.message
  }
  return errors
}

const optional = (s: string) => (s.trim() ? s.trim() : undefined)

/** The body of POST /tasks/{id}/progress from the form's text, or each field's message. Evidence ids are added after upload. */
export function checkProgress(form: ProgressForm, departmentId?: number): FormCheck<TaskProgressBody> {
  const errors: Record<string, string> = {}
  if (!form.stage) errors.stage = '请选择进展阶段'
  const percentText = form.percent.trim().replace(/%$/, '')
  const percent = percentText === '' ? undefined : Number(percentText)
  if (percent !== undefined && !Number.isFinite(percent)) errors.percent = '完成百分比应为 0–100 的整数'
  const raw = {
    ...(form.period ? { period: form.period } : {}),
    stage: form.stage || 'in-progress',
    ...(percent !== undefined && Number.isFinite(percent) ? { percent } : {}),
    progress: form.progress,
    problems: optional(form.problems),
    nextSteps: optional(form.nextSteps),
    reason: optional(form.reason),
    ...(departmentId !== undefined ? { departmentId } : {}),
  }
  const parsed = TaskProgressBody.safeParse(raw)
  if (!parsed.success) Object.assign(errors, { ...firstByField(parsed.error.issues), ...errors })
  if (Object.keys(errors).length || !parsed.success) return { ok: false, errors }
  return { ok: true, body: parsed.data }
}

export interface ClaimForm {
  completedOn: string
  note: string
}

/** The body of POST /tasks/{id}/completion; the date may not be after the product date (the server says the same). */
export function checkClaim(form: ClaimForm, today: string): FormCheck<TaskCompletionClaimBody> {
  const parsed = TaskCompletionClaimBody.safeParse({
    ...(form.completedOn ? { completedOn: form.completedOn } : {}),
    note: optional(form.note),
  })
  if (!parsed.success) return { ok: false, errors: firstByField(parsed.error.issues) }
  if (parsed.data.completedOn && today && parsed.data.completedOn > today)
    return { ok: false, errors: { completedOn: `完成日期不能晚于今天(${today})` } }
  return { ok: true, body: parsed.data }
}
