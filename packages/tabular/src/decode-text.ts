import iconv from 'iconv-lite'

export type DecodedText =
  | { ok: true; text: string; encoding: 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be' }
  | { ok: false; message: string }

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/**
 * Decode an uploaded text file. Excel on Chinese Windows saves "CSV (逗号分隔)" in GBK, "CSV UTF-8"
 * with a BOM, and "Unicode 文本" as UTF-16LE with a BOM; WPS and scripts write UTF-8 without one.
 * UTF-8 is tried first because GBK bytes are almost never valid UTF-8, while the reverse often is;
 * GB18030 is the superset of GBK, so it also covers rare characters in place names.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (buf[0] === 0xff && buf[1] === 0xfe) return { ok: true, text: iconv.decode(buf, 'utf-16le'), encoding: 'utf-16le' }
  if (buf[0] === 0xfe && buf[1] === 0xff) return { ok: true, text: iconv.decode(buf, 'utf-16be'), encoding: 'utf-16be' }
  // NUL never occurs in UTF-8 or GBK text; it marks an image, PDF, database or other binary file.
  if (buf.includes(0)) return { ok: false, message: '文件不是文本表格(含有二进制内容),请上传 .xlsx 或 CSV 文件' }
  let text: string
  let encoding: 'utf-8' | 'gb18030' = 'utf-8'
  try {
    text = utf8.decode(buf)
  } catch {
    text = iconv.decode(buf, 'gb18030')
    encoding = 'gb18030'
  }
  // TextDecoder removes one BOM; a second one appears when a tool re-saves a BOM-prefixed file.
  return { ok: true, text: text.replace(/^\uFEFF+/, ''), encoding }
}
