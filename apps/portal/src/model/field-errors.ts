import type { FieldIssue } from '@cockpit/contracts'

/**
 * A refusal's `issues` as messages per field path, so a form can show each next to its field (two
 * messages for one field are joined with ;). Issues about the body as a whole (path '') and a refusal
 * that names no field (a conflict, a scope refusal) stay in `general`.
 */
export function fieldErrors(
  issues: readonly FieldIssue[],
  message: string,
): { fields: Record<string, string>; general: string | null } {
  if (!issues.length) return { fields: {}, general: message }
  const fields: Record<string, string> = {}
  const whole: string[] = []
  for (const { path, message: why } of issues) {
    if (!path) whole.push(why)
    else fields[path] = fields[path] ? `${fields[path]};${why}` : why
  }
  return { fields, general: whole.length ? whole.join('; ') : null }
}

/** The first message for a field or anything below it ("params.threshold" also shows "params.threshold.value"). */
export function errorFor(fields: Record<string, string>, path: string): string | null {
  const hit = Object.keys(fields).find((k) => k === path || k.startsWith(`${path}.`))
  return hit ? fields[hit]! : null
}
