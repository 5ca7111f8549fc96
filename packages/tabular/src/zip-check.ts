import { createInflateRaw } from 'node:zlib'

const EOCD_SIGNATURE = 0x06054b50
const CENTRAL_SIGNATURE = 0x02014b50
const LOCAL_SIGNATURE = 0x04034b50
const EOCD_MIN = 22
const MAX_COMMENT = 0xffff

export interface ZipLimits {
  /** Parts in the archive; an honest workbook or document has tens, a few thousand with many pictures. */
  maxEntries: number
  /** Bytes all parts inflate to, counted while inflating (never taken from what the archive declares). */
  maxTotalBytes: number
  /** Inflated ÷ compressed for one part larger than `ratioFloorBytes`; deflate tops out near 1032. */
  maxRatio: number
  ratioFloorBytes: number
}

/** What a reader of the inflated parts learns while they stream past; it may stop the walk by returning a reason. */
export interface PartVisitor {
  chunk(bytes: Buffer): string | undefined
}

export type ZipRefusal =
  | { reason: 'corrupt' }
  | { reason: 'encrypted' }
  | { reason: 'unsupported' }
  | { reason: 'too-many-entries'; entries: number }
  | { reason: 'too-large' }
  | { reason: 'ratio'; entry: string }
  | { reason: 'size-mismatch'; entry: string }
  | { reason: 'visitor'; entry: string; message: string }

export interface ZipEntry {
  name: string
  method: number
  compressedSize: number
  size: number
  dataStart: number
}

export type ZipCheck = { ok: true; entries: ZipEntry[]; inflatedBytes: number } | ({ ok: false } & ZipRefusal)

/**
 * Reads the central directory without trusting it: every entry's data must lie inside the file, and
 * anything zip64, encrypted or compressed other than stored/deflate is refused (no honest xlsx or docx
 * needs them).
 */
export function zipEntries(
  bytes: Uint8Array,
  maxEntries: number,
): { ok: true; entries: ZipEntry[] } | ({ ok: false } & ZipRefusal) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const lowest = Math.max(0, bytes.length - EOCD_MIN - MAX_COMMENT)
  let eocd = -1
  for (let i = bytes.length - EOCD_MIN; i >= lowest; i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i
      break
    }
  }
  if (eocd < 0) return { ok: false, reason: 'corrupt' }
  const count = view.getUint16(eocd + 10, true)
  const dirOffset = view.getUint32(eocd + 16, true)
  if (count === 0xffff || dirOffset === 0xffffffff) return { ok: false, reason: 'unsupported' }
  if (count > maxEntries) return { ok: false, reason: 'too-many-entries', entries: count }
  const entries: ZipEntry[] = []
  let p = dirOffset
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL_SIGNATURE) return { ok: false, reason: 'corrupt' }
    const flags = view.getUint16(p + 8, true)
    const method = view.getUint16(p + 10, true)
    const compressedSize = view.getUint32(p + 20, true)
    const size = view.getUint32(p + 24, true)
    const nameLength = view.getUint16(p + 28, true)
    const localOffset = view.getUint32(p + 42, true)
    if (p + 46 + nameLength > bytes.length) return { ok: false, reason: 'corrupt' }
    const name = Buffer.from(bytes.buffer, bytes.byteOffset + p + 46, nameLength).toString('utf8')
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff)
      return { ok: false, reason: 'unsupported' }
    if (flags & 0x1) return { ok: false, reason: 'encrypted' }
    if (method !== 0 && method !== 8) return { ok: false, reason: 'unsupported' }
    if (localOffset + 30 > bytes.length || view.getUint32(localOffset, true) !== LOCAL_SIGNATURE)
      return { ok: false, reason: 'corrupt' }
    // Readers (JSZip in exceljs among them) skip the local header by its own lengths, then read the
    // central directory's compressed size: the same bytes are checked here.
    const dataStart = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true)
    if (dataStart + compressedSize > bytes.length) return { ok: false, reason: 'corrupt' }
    entries.push({ name, method, compressedSize, size, dataStart })
    p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true)
  }
  return { ok: true, entries }
}

/**
 * Inflates every part of a zip (xlsx, docx) as a stream and refuses it as soon as the bytes actually
 * produced pass a limit: a part may never yield more than it declares (the declared sizes are what a
 * later reader such as exceljs allocates for), the whole archive never more than `maxTotalBytes`, and
 * no large part may compress better than `maxRatio`. Overlapping parts (a "non-recursive" bomb) count
 * once per part, so they hit the total. A visitor sees each part's bytes as they stream (row counts).
 */
export async function checkZip(
  bytes: Uint8Array,
  limits: ZipLimits,
  visitorFor?: (name: string) => PartVisitor | undefined,
): Promise<ZipCheck> {
  const listed = zipEntries(bytes, limits.maxEntries)
  if (!listed.ok) return listed
  const { entries } = listed
  let declared = 0
  for (const e of entries) {
    declared += e.size
    if (e.size > limits.ratioFloorBytes && e.size > Math.max(1, e.compressedSize) * limits.maxRatio)
      return { ok: false, reason: 'ratio', entry: e.name }
  }
  if (declared > limits.maxTotalBytes) return { ok: false, reason: 'too-large' }

  let inflatedBytes = 0
  for (const e of entries) {
    const data = Buffer.from(bytes.buffer, bytes.byteOffset + e.dataStart, e.compressedSize)
    const visitor = visitorFor?.(e.name)
    if (e.method === 0) {
      if (e.compressedSize !== e.size) return { ok: false, reason: 'size-mismatch', entry: e.name }
      inflatedBytes += e.size
      const stop = visitor?.chunk(data)
      if (stop) return { ok: false, reason: 'visitor', entry: e.name, message: stop }
      continue
    }
    const inflated = await inflateCapped(data, e.size, visitor)
    if (inflated.kind === 'over' || inflated.kind === 'short')
      return { ok: false, reason: 'size-mismatch', entry: e.name }
    if (inflated.kind === 'corrupt') return { ok: false, reason: 'corrupt' }
    if (inflated.kind === 'visitor') return { ok: false, reason: 'visitor', entry: e.name, message: inflated.message }
    inflatedBytes += inflated.bytes
    if (inflatedBytes > limits.maxTotalBytes) return { ok: false, reason: 'too-large' }
  }
  return { ok: true, entries, inflatedBytes }
}

type Inflated =
  | { kind: 'ok'; bytes: number }
  | { kind: 'over' }
  | { kind: 'short' }
  | { kind: 'corrupt' }
  | { kind: 'visitor'; message: string }

/** Streams one deflated part, stopping the moment it produces more than `cap` bytes. */
function inflateCapped(data: Buffer, cap: number, visitor: PartVisitor | undefined): Promise<Inflated> {
  return new Promise((resolve) => {
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 })
    let produced = 0
    let settled = false
    const finish = (result: Inflated) => {
      if (settled) return
      settled = true
      inflate.destroy()
      resolve(result)
    }
    inflate.on('data', (chunk: Buffer) => {
      if (settled) return
      produced += chunk.length
      if (produced > cap) return finish({ kind: 'over' })
      const stop = visitor?.chunk(chunk)
      if (stop) finish({ kind: 'visitor', message: stop })
    })
    inflate.on('error', () => finish({ kind: 'corrupt' }))
    inflate.on('end', () => finish(produced === cap ? { kind: 'ok', bytes: produced } : { kind: 'short' }))
    inflate.end(data)
  })
}
