import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib'

/** One part of a hand-built archive. `declaredSize` lets a test lie in the headers, as a zip bomb does. */
export interface ZipPart {
  name: string
  data?: Uint8Array | string
  /** Already deflated bytes (built by `deflateRepeated`), with the size they really inflate to. */
  deflated?: { bytes: Uint8Array; size: number; crc: number }
  declaredSize?: number
  stored?: boolean
}

/**
 * Writes a zip from parts, the way the hostile corpus needs it: honest by default, or with sizes that
 * under-report (`declaredSize`), several directory entries pointing at one part's data (`aliases`),
 * or thousands of parts. Only what the tests need: no zip64, no comments.
 */
export function writeZip(parts: ZipPart[], opts: { aliases?: number; level?: number } = {}): Uint8Array {
  const locals: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const part of parts) {
    const raw =
      part.data === undefined
        ? Buffer.alloc(0)
        : Buffer.from(typeof part.data === 'string' ? Buffer.from(part.data, 'utf8') : part.data)
    const method = part.stored ? 0 : 8
    const compressed = part.deflated
      ? Buffer.from(part.deflated.bytes)
      : method === 0
        ? raw
        : deflateRawSync(raw, { level: opts.level ?? 6 })
    const size = part.deflated ? part.deflated.size : raw.length
    const crc = part.deflated ? part.deflated.crc : crc32(raw)
    const declared = part.declaredSize ?? size
    const name = Buffer.from(part.name, 'utf8')
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt32LE(crc >>> 0, 14)
    local.writeUInt32LE(compressed.length, 18)
    local.writeUInt32LE(declared, 22)
    local.writeUInt16LE(name.length, 26)
    const copies = 1 + (opts.aliases ?? 0)
    for (let i = 0; i < copies; i++) {
      const alias = i === 0 ? name : Buffer.from(`${part.name}.${i}`, 'utf8')
      const entry = Buffer.alloc(46)
      entry.writeUInt32LE(0x02014b50, 0)
      entry.writeUInt16LE(20, 4)
      entry.writeUInt16LE(20, 6)
      entry.writeUInt16LE(0x0800, 8)
      entry.writeUInt16LE(method, 10)
      entry.writeUInt32LE(crc >>> 0, 16)
      entry.writeUInt32LE(compressed.length, 20)
      entry.writeUInt32LE(declared, 24)
      entry.writeUInt16LE(alias.length, 28)
      entry.writeUInt32LE(offset, 42)
      // Aliases point back at the first copy's data: one compressed part inflated many times.
      central.push(entry, alias)
    }
    locals.push(local, name, compressed)
    offset += local.length + name.length + compressed.length
  }
  const dir = Buffer.concat(central)
  const eocd = Buffer.alloc(22)
  const count = central.length / 2
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(Math.min(count, 0xffff), 8)
  eocd.writeUInt16LE(Math.min(count, 0xffff), 10)
  eocd.writeUInt32LE(dir.length, 12)
  eocd.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...locals, dir, eocd]))
}

/**
 * Deflates `head`, then `chunk` repeated `times`, then `tail`, streaming, so a 300 MB part is built
 * from a 1 MB buffer without holding 300 MB at once.
 */
export async function deflateRepeated(
  head: string,
  chunk: string,
  times: number,
  tail: string,
): Promise<{ bytes: Uint8Array; size: number; crc: number }> {
  const deflate = createDeflateRaw({ level: 9 })
  const out: Buffer[] = []
  deflate.on('data', (b: Buffer) => out.push(b))
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve)
    deflate.on('error', reject)
  })
  const headBuf = Buffer.from(head, 'utf8')
  const chunkBuf = Buffer.from(chunk, 'utf8')
  const tailBuf = Buffer.from(tail, 'utf8')
  let crc = crc32(headBuf)
  const write = (b: Buffer) =>
    deflate.write(b) ? Promise.resolve() : new Promise<void>((r) => deflate.once('drain', () => r()))
  await write(headBuf)
  for (let i = 0; i < times; i++) {
    await write(chunkBuf)
    crc = crc32(chunkBuf, crc)
  }
  await write(tailBuf)
  crc = crc32(tailBuf, crc)
  deflate.end()
  await done
  return {
    bytes: new Uint8Array(Buffer.concat(out)),
    size: headBuf.length + chunkBuf.length * times + tailBuf.length,
    crc,
  }
}
