import { describe, expect, it } from 'vitest'
import { createParsePool } from './parse-pool.js'
import { readUpload } from './read-upload.js'
import { templateHeaders } from './template.js'

const csv = new Uint8Array(
  Buffer.from('指标编码,行政区划代码,统计期,数值\nyz/cloud-rate,321000,2025-03,2025-03-01\n', 'utf8'),
)

describe('createParsePool', () => {
  it('reads on its thread exactly what the reader returns on the calling thread', async () => {
    const pool = createParsePool({ threads: 1 })
    try {
      const opts = { expectedHeaders: templateHeaders }
      expect(await pool.readUpload(csv, 'a.csv', opts)).toEqual(await readUpload(csv, 'a.csv', opts))
    } finally {
      await pool.close()
    }
  })

  it('refuses a size that is not a positive whole number, and work after it is closed', async () => {
    expect(() => createParsePool({ threads: 0 })).toThrow('parse pool: threads must be a positive integer, got 0')
    const pool = createParsePool({ threads: 1 })
    await pool.close()
    await expect(pool.readUpload(csv, 'a.csv', { expectedHeaders: templateHeaders })).rejects.toThrow(
      'parse pool is closed',
    )
  })
})
