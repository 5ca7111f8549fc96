import { ApiRequestError } from '@cockpit/web-kit'
import { shallowRef } from 'vue'
import { fieldErrors } from './field-errors.js'

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

/**
 * A form's save: runs once its ElForm rules (the zod contract) pass, then `after` (reload the list);
 * a refusal from the server goes under its fields. Resolves whether it saved.
 */
export async function submitForm(
  form: { validate: () => Promise<unknown> } | undefined,
  errors: FormErrors,
  save: () => Promise<void>,
  after: () => Promise<void> = async () => {},
): Promise<boolean> {
  errors.clear()
  if (form && !(await form.validate().catch(() => false))) return false
  try {
    await save()
  } catch (e) {
    errors.show(e)
    return false
  }
  await after()
  return true
}
