import { describe, expect, it } from 'vitest'
import { splitList, submitForm, useFormErrors } from './form-errors.js'

const form = (valid: boolean) => ({
  validate: () => (valid ? Promise.resolve(true) : Promise.reject(new Error('invalid'))),
})

describe('submitForm', () => {
  it('saves and reloads once the rules pass', async () => {
    const done: string[] = []
    const ok = await submitForm(
      form(true),
      useFormErrors(),
      async () => void done.push('save'),
      async () => void done.push('load'),
    )
    expect(ok).toBe(true)
    expect(done).toEqual(['save', 'load'])
  })
  it('neither saves nor reloads while a rule fails', async () => {
    const done: string[] = []
    const ok = await submitForm(
      form(false),
      useFormErrors(),
      async () => void done.push('save'),
      async () => void done.push('load'),
    )
    expect(ok).toBe(false)
    expect(done).toEqual([])
  })
  it('shows a refusal that is not about a field above the buttons, and does not reload', async () => {
    const errors = useFormErrors()
    let loaded = false
    const ok = await submitForm(
      undefined,
      errors,
      async () => {
        throw new Error('网络中断')
      },
      async () => {
        loaded = true
      },
    )
    expect(ok).toBe(false)
    expect(loaded).toBe(false)
    expect(errors.general.value).toContain('网络中断')
  })
  it('clears the errors of the previous attempt', async () => {
    const errors = useFormErrors()
    errors.general.value = '旧的错误'
    await submitForm(form(true), errors, async () => undefined)
    expect(errors.general.value).toBeNull()
  })
})

describe('splitList', () => {
  it('splits mobiles on new lines, commas, spaces and 、', () => {
    expect(splitList('13800000000、13900000000\n13700000000, ')).toEqual(['13800000000', '13900000000', '13700000000'])
  })
})
