import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'

export type CopyValue = string | number | Date | null

/** One field in COPY's text format: \N for null, and the format's own escapes for backslash, tab and newlines. */
function field(v: CopyValue): string {
  if (v === null) return '\\N'
  if (v instanceof Date) return v.toISOString()
  if (typeof v === 'number') return String(v)
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
}

/**
 * Streams generated rows into a table with COPY FROM STDIN: rows are turned into text in chunks as the server
 * takes them (the stream's backpressure), so memory stays flat whatever the count. Returns the rows copied.
 */
export async function copyRows(
  client: pg.PoolClient | pg.Client,
  table: string,
  columns: string[],
  rows: Iterable<CopyValue[]>,
): Promise<number> {
  const it = rows[Symbol.iterator]()
  let count = 0
  const source = new Readable({
    read() {
      let chunk = ''
      for (let n = 0; n < 2000; n++) {
        const next = it.next()
        if (next.done) {
          if (chunk) this.push(chunk)
          this.push(null)
          return
        }
        chunk += `${next.value.map(field).join('\t')}\n`
        count++
      }
      this.push(chunk)
    },
  })
  const sink = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`))
  await pipeline(source, sink)
  return count
}
