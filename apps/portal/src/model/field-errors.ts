/**
 * Splits the server's validation message ("请求体 params.threshold.value: 阈值应大于0; 请求体 name: …")
 * into messages per field path, so a form can show each next to its field. Whatever names no field of
 * the body (a conflict, a scope refusal) stays in `general`, verbatim.
 */
export function fieldErrors(message: string): { fields: Record<string, string>; general: string | null } {
  const fields: Record<string, string> = {}
  const rest: string[] = []
  for (const part of message.split('; ')) {
    const m = /^请求体 ([^:\s]+): (.+)$/s.exec(part)
    if (m && m[1] !== '(整体)') fields[m[1]!] = fields[m[1]!] ? `${fields[m[1]!]};${m[2]}` : m[2]!
    else rest.push(part)
  }
  return { fields, general: rest.length ? rest.join('; ') : null }
}

/** The first message for a field or anything below it ("params.threshold" also shows "params.threshold.value"). */
export function errorFor(fields: Record<string, string>, path: string): string | null {
  const hit = Object.keys(fields).find((k) => k === path || k.startsWith(`${path}.`))
  return hit ? fields[hit]! : null
}
