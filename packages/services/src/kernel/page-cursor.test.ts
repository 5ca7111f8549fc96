import { describe, expect, it } from 'vitest'
import { ServiceError } from './errors.js'
import { decodeCursor, encodeCursor } from './page-cursor.js'

const KEY = ['string', 'string', 'int', 'int'] as const

describe('keyset page cursors', () => {
  it('gives back the sort key it was made from, as a token safe in a query string', () => {
    const token = encodeCursor(['320000', '江苏-2025', 7, 1234])
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodeCursor(token, KEY)).toEqual(['320000', '江苏-2025', 7, 1234])
  })

  it.each([
    ['not base64 JSON', 'bm90IGpzb24'],
    ['too few columns', encodeCursor(['320000', 'p', 7])],
    ['a column of the wrong kind', encodeCursor(['320000', 'p', '7', 1234])],
    ['a fraction where an integer goes', encodeCursor(['320000', 'p', 7.5, 1234])],
  ])('refuses %s with 400 naming the after parameter', (_what, token) => {
    let error: unknown
    try {
      decodeCursor(token, KEY)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ServiceError)
    expect(error).toMatchObject({ code: 'invalid_request', issues: [{ path: 'after' }] })
  })
})
