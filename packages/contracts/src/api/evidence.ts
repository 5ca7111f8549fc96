import { z } from 'zod'

/** One evidence file at most this large; the portal checks the same figure before uploading. */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

export const evidenceTypes = {
  pdf: { contentType: 'application/pdf', ext: 'pdf', label: 'PDF' },
  png: { contentType: 'image/png', ext: 'png', label: 'PNG 图片' },
  jpeg: { contentType: 'image/jpeg', ext: 'jpg', label: 'JPEG 图片' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ext: 'docx',
    label: 'Word(.docx)',
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ext: 'xlsx',
    label: 'Excel(.xlsx)',
  },
} as const
export type EvidenceKind = keyof typeof evidenceTypes
export const EVIDENCE_TYPES_TEXT = 'PDF、PNG、JPEG、Word(.docx)、Excel(.xlsx)'
/** For the file picker only: the server decides by the bytes, never by this. */
export const EVIDENCE_ACCEPT = '.pdf,.png,.jpg,.jpeg,.docx,.xlsx'

const startsWith = (b: Uint8Array, sig: readonly number[]) => sig.every((x, i) => b[i] === x)

function contains(b: Uint8Array, text: string): boolean {
  const needle = Array.from(text, (c) => c.charCodeAt(0))
  outer: for (let i = 0; i + needle.length <= b.length; i++) {
    for (let j = 0; j < needle.length; j++) if (b[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

const extensionOf = (name: string) => (/\.([A-Za-z0-9]{1,10})$/.exec(name)?.[1] ?? '').toLowerCase()

/**
 * What an evidence file really is, judged by its bytes (the client's content type and the extension
 * prove nothing: an executable renamed .pdf is still an executable). Office files are zip archives, so
 * a zip counts as .docx/.xlsx only when named so and holding that format's main part. Pure and
 * browser-safe: the portal runs the same check before uploading. Returns the kind, or why it is refused.
 */
export function sniffEvidence(
  bytes: Uint8Array,
  fileName: string,
): { ok: true; kind: EvidenceKind } | { ok: false; message: string } {
  const refuse = (what: string) => ({
    ok: false as const,
    message: `文件「${fileName}」${what},佐证材料只接受 ${EVIDENCE_TYPES_TEXT}`,
  })
  if (bytes.length === 0) return { ok: false, message: `文件「${fileName}」是空的` }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { ok: true, kind: 'pdf' }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, kind: 'png' }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { ok: true, kind: 'jpeg' }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const ext = extensionOf(fileName)
    if (ext === 'docx' && contains(bytes, 'word/')) return { ok: true, kind: 'docx' }
    if (ext === 'xlsx' && contains(bytes, 'xl/')) return { ok: true, kind: 'xlsx' }
    return refuse('是 zip 压缩包,但不是 Word(.docx)或 Excel(.xlsx)文档')
  }
  if (startsWith(bytes, [0x4d, 0x5a]) || startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46]))
    return refuse('的内容是可执行程序(不论扩展名是什么)')
  return refuse('的内容不是可识别的文档或图片格式(按文件内容判断,不看扩展名)')
}

/**
 * A name safe to store and to send back in Content-Disposition: no path, no control or reserved
 * characters, at most 100 characters, ending in the extension of the detected type.
 */
export function safeEvidenceName(fileName: string, kind: EvidenceKind): string {
  const base = fileName.split(/[\\/]/).pop() ?? ''
  let name = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this strips
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 100)
  const ext = evidenceTypes[kind].ext
  const have = extensionOf(name)
  const fits = have === ext || (kind === 'jpeg' && have === 'jpeg')
  if (!fits) name = `${name || '佐证材料'}.${ext}`
  return name
}

export const EvidenceFile = z.object({
  id: z.string().uuid(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  departmentId: z.number().int().nullable(),
  createdAt: z.string(),
})
export type EvidenceFile = z.infer<typeof EvidenceFile>
/** How an observation revision names its evidence (the download is /api/v1/evidence/{id}). */
export const EvidenceRef = z.object({ id: z.string().uuid(), fileName: z.string(), size: z.number().int() })
export type EvidenceRef = z.infer<typeof EvidenceRef>
export const EvidenceIdParam = z.object({ id: z.string().uuid('佐证材料编号应为 UUID') })
