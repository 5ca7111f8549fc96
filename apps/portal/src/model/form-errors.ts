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
