export type FileKind = 'xlsx' | 'ole' | 'text'

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean =>
  bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)

const ZIP = [0x50, 0x4b, 0x03, 0x04] as const
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const

/**
 * The kind follows from the bytes, not the name: departments rename .xls to .xlsx, export CSV as
 * "报表.xls", and an encrypted .xlsx is really an OLE container.
 */
export function sniffKind(bytes: Uint8Array): FileKind {
  if (startsWith(bytes, ZIP)) return 'xlsx'
  if (startsWith(bytes, OLE)) return 'ole'
  return 'text'
}

/** The extension as written, lower-cased, without the dot; '' when there is none. */
export function extensionOf(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? ''
  const dot = base.lastIndexOf('.')
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase()
}
