import type { FormItemRule } from 'element-plus'

/** What the adapter needs of a zod schema (structural, so the portal does not depend on zod itself). */
export type SchemaLike = {
  safeParse(
    v: unknown,
  ):
    | { success: true }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } }
}

/** The first message per top-level field of the body (`form` for issues about the body as a whole). */
export function issuesByField(schema: SchemaLike, body: unknown): Record<string, string> {
  const parsed = schema.safeParse(body)
  const out: Record<string, string> = {}
  if (parsed.success) return out
  for (const i of parsed.error.issues) out[i.path.length ? String(i.path[0]) : 'form'] ??= i.message
  return out
}

/**
 * ElForm rules from the API's own zod schema: each field is judged by parsing the whole body the form would
 * send (`body()`), so the message under a field is the server's, refinements across fields included.
 */
export function zodRules(
  schema: SchemaLike,
  body: () => unknown,
  fields: readonly string[],
  trigger: 'blur' | 'change' = 'blur',
): Record<string, FormItemRule[]> {
  return Object.fromEntries(
    fields.map((field) => [
      field,
      [
        {
          trigger,
          validator: (_rule: unknown, _value: unknown, callback: (e?: Error) => void) => {
            const message = issuesByField(schema, body())[field]
            callback(message ? new Error(message) : undefined)
          },
        },
      ],
    ]),
  )
}
