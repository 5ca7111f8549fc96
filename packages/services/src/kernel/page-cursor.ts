import { ServiceError } from './errors.js'

// Keyset paging: a page ends at the sort key of its last row, handed to the caller as an opaque token that the
// next request sends back as `after`. One encoding for every paged list.

type Kind = 'string' | 'int'
type KeyOf<K extends readonly Kind[]> = { [I in keyof K]: K[I] extends 'string' ? string : number }

export const encodeCursor = (key: readonly (string | number)[]): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url')

/** The sort key a cursor holds, checked column by column; a forged or stale cursor is 400 naming `after`. */
export function decodeCursor<const K extends readonly Kind[]>(after: string, kinds: K): KeyOf<K> {
  try {
    const key: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'))
    if (
      Array.isArray(key) &&
      key.length === kinds.length &&
      kinds.every((kind, i) => (kind === 'string' ? typeof key[i] === 'string' : Number.isInteger(key[i])))
    )
      return key as KeyOf<K>
  } catch {
    // falls through to the refusal below
  }
  throw new ServiceError('invalid_request', '查询参数 after: 翻页游标无效,请从第一页重新获取', {
    issues: [{ path: 'after', message: '翻页游标无效,请从第一页重新获取' }],
  })
}
