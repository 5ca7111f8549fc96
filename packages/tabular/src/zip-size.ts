const EOCD_SIGNATURE = 0x06054b50
const CENTRAL_SIGNATURE = 0x02014b50
const EOCD_MIN = 22
const MAX_COMMENT = 0xffff

/**
 * Total uncompressed size declared by a zip's central directory, or null when the directory cannot
 * be read (truncated or corrupt file). exceljs inflates every part into memory, so a 1 MB upload
 * that declares gigabytes (a zip bomb) must be turned away before it is loaded. Zip64 archives
 * report Infinity: no honest indicator template needs them.
 */
export function zipUncompressedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const lowest = Math.max(0, bytes.length - EOCD_MIN - MAX_COMMENT)
  let eocd = -1
  for (let i = bytes.length - EOCD_MIN; i >= lowest; i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i
      break
    }
  }
  if (eocd < 0) return null
  const entries = view.getUint16(eocd + 10, true)
  const dirOffset = view.getUint32(eocd + 16, true)
  if (entries === 0xffff || dirOffset === 0xffffffff) return Number.POSITIVE_INFINITY
  let total = 0
  let p = dirOffset
  for (let n = 0; n < entries; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL_SIGNATURE) return null
    const size = view.getUint32(p + 24, true)
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY
    total += size
    p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true)
  }
  return total
}
