import { ApiRequestError } from '@cockpit/web-kit'
import { shallowRef } from 'vue'
import { fieldErrors } from './field-errors.js'
import { notice } from './notice.js'

/** A form's server errors: per body field (shown next to the field) and the rest (shown above the buttons). */
export function useFormErrors() {
  const fields = shallowRef<Record<string, string>>({})
  const general = shallowRef<string | null>(null)
  return {
    fields,
    general,
    clear() {
      fields.value = {}
      general.value = null
    },
    show(e: unknown) {
      if (e instanceof ApiRequestError) {
        const split = fieldErrors(e.issues, e.message)
        fields.value = split.fields
        general.value = split.general
      } else {
        fields.value = {}
        general.value = String(e)
      }
    },
  }
}

/** Mobiles typed one per line or separated by commas, spaces or 、. */
export const splitList = (text: string) =>
  text
    .split(/[\s,,、;;]+/)
    .map((s) => s.trim())
    .filter(Boolean)

export type FormErrors = ReturnType<typeof useFormErrors>

/** What a save announces once the page shows its result: an ElMessage with a test id (see `notice`). */
export interface SaveNotice {
  text: string
  testId: string
}

/**
 * A form's save: runs once its ElForm rules (the zod contract) pass, then `after` (reload the list), then
 * announces what `save` returned — after the reload, so what the message says is already on the page.
 * A refusal from the server goes under its fields. Resolves whether it saved.
 */
export async function submitForm(
  form: { validate: () => Promise<unknown> } | undefined,
  errors: FormErrors,
  save: () => Promise<SaveNotice | undefined>,
  after: () => Promise<void> = async () => {},
): Promise<boolean> {
  errors.clear()
  if (form && !(await form.validate().catch(() => false))) return false
  let saved: SaveNotice | undefined
  try {
    saved = await save()
  } catch (e) {
    errors.show(e)
    return false
  }
  await after()
  if (saved) notice(saved.text, saved.testId)
  return true
}
