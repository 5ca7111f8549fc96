import { Worker } from 'node:worker_threads'
import type { EvidenceKind } from '@cockpit/contracts'
import { checkZip, type ZipLimits } from './zip-check.js'

export type EvidenceCheck = { ok: true } | { ok: false; message: string }

/** An evidence document may carry pictures (stored at ratio ~1) but no part compresses like a bomb. */
export const OFFICE_EVIDENCE_LIMITS: ZipLimits = {
  maxEntries: 5000,
  maxTotalBytes: 100 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
}

const MAIN_PART: Record<'docx' | 'xlsx', string> = { docx: 'word/document.xml', xlsx: 'xl/workbook.xml' }
const LABEL: Record<'docx' | 'xlsx', string> = { docx: 'Word 文档', xlsx: 'Excel 工作簿' }

/**
 * The whole file read by a real parser of its kind, after the cheap first-bytes sniff: an archive is
 * inflated under limits on the bytes it really produces and must hold its format's main part.
 */
export async function inspectEvidence(bytes: Uint8Array, kind: EvidenceKind, fileName: string): Promise<EvidenceCheck> {
  if (kind === 'docx' || kind === 'xlsx') return inspectOffice(bytes, kind, fileName)
  return inspectDocument(bytes, kind, fileName)
}

/** A picture larger than this is refused before decoding (a phone photo is 12–50 megapixels). */
export const MAX_EVIDENCE_MEGAPIXELS = 60
/** A file its parser cannot read within this long is refused (the worker is stopped). */
const DECODE_TIMEOUT_MS = 30_000

const KIND_LABEL: Record<'pdf' | 'png' | 'jpeg', string> = { pdf: 'PDF 文档', png: 'PNG 图片', jpeg: 'JPEG 图片' }

/** Markup a browser would render: never in a real picture, and refused in a PDF too (a polyglot). */
const MARKUP = /<(script|html|body|iframe|svg|object|embed)[\s>/]|<!doctype\s+html/i

/**
 * PDF and pictures: the whole file is decoded by a real parser (pdf.js, pngjs, jpeg-js) in a worker
 * thread, nothing may follow the format's end marker, and no HTML may hide inside. The first bytes
 * alone (what sniffEvidence sees) are not enough: "%PDF-" or a PNG signature followed by a web page
 * would otherwise be stored as a PDF or a picture.
 */
async function inspectDocument(
  bytes: Uint8Array,
  kind: 'pdf' | 'png' | 'jpeg',
  fileName: string,
): Promise<EvidenceCheck> {
  const label = KIND_LABEL[kind]
  const broken = (why: string): EvidenceCheck => ({
    ok: false,
    message: `文件「${fileName}」开头像${label},但${why},请用原软件重新导出后上传`,
  })
  const tail = trailingBytes(bytes, kind)
  if (tail === null) return broken(`找不到${label}的结束标记(文件不完整或不是${label})`)
  if (tail > 0) return broken(`结束标记之后还有 ${tail} 字节其他内容`)
  if (MARKUP.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')))
    return broken('其中夹带了网页(HTML)内容')
  if (kind === 'png') {
    const megapixels = pngMegapixels(bytes)
    if (megapixels !== null && megapixels > MAX_EVIDENCE_MEGAPIXELS)
      return {
        ok: false,
        message: `图片「${fileName}」尺寸过大(约 ${Math.round(megapixels)} 百万像素,上限 ${MAX_EVIDENCE_MEGAPIXELS}),请缩小后上传`,
      }
  }
  const decoded = await decodeInWorker(bytes, kind)
  if (decoded.ok) return { ok: true }
  if (decoded.reason === 'timeout') return broken('在时限内无法读完')
  if (/maxResolutionInMP/.test(decoded.reason))
    return { ok: false, message: `图片「${fileName}」尺寸过大(上限 ${MAX_EVIDENCE_MEGAPIXELS} 百万像素),请缩小后上传` }
  if (/password/i.test(decoded.reason)) return { ok: false, message: `文件「${fileName}」已加密,请取消密码后重新上传` }
  return broken(`无法按${label}完整读取(内容损坏或并非${label})`)
}

/** Bytes after the format's end (whitespace and NUL padding allowed); null when there is no end marker. */
function trailingBytes(bytes: Uint8Array, kind: 'pdf' | 'png' | 'jpeg'): number | null {
  let end = bytes.length
  while (
    end > 0 &&
    (bytes[end - 1] === 0 ||
      bytes[end - 1] === 0x20 ||
      bytes[end - 1] === 0x0a ||
      bytes[end - 1] === 0x0d ||
      bytes[end - 1] === 0x09)
  )
    end--
  if (kind === 'png') {
    // Walk the chunks (length, type, data, CRC) from the signature to IEND.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    for (let at = 8; at + 12 <= bytes.length; ) {
      const length = view.getUint32(at)
      const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!)
      const next = at + 12 + length
      if (next > bytes.length) return null
      if (type === 'IEND') return Math.max(0, end - next)
      at = next
    }
    return null
  }
  const marker = kind === 'jpeg' ? [0xff, 0xd9] : [0x25, 0x25, 0x45, 0x4f, 0x46] // EOI, %%EOF
  const at = lastIndexOf(bytes, marker)
  return at === -1 ? null : Math.max(0, end - (at + marker.length))
}

function lastIndexOf(bytes: Uint8Array, needle: number[]): number {
  outer: for (let i = bytes.length - needle.length; i >= 0; i--) {
    for (let k = 0; k < needle.length; k++) if (bytes[i + k] !== needle[k]) continue outer
    return i
  }
  return -1
}

/** Width × height from the IHDR chunk, in millions of pixels (null when there is no IHDR first). */
function pngMegapixels(bytes: Uint8Array): number | null {
  if (bytes.length < 24 || String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!) !== 'IHDR') return null
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return (view.getUint32(16) * view.getUint32(20)) / 1e6
}

type Decoded = { ok: true } | { ok: false; reason: string }

/** One short-lived worker per file: an evidence upload is rare, and a stuck parser is simply terminated. */
function decodeInWorker(bytes: Uint8Array, kind: 'pdf' | 'png' | 'jpeg'): Promise<Decoded> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./evidence-decode-worker.mjs', import.meta.url), {
      workerData: { kind, bytes, maxMegapixels: MAX_EVIDENCE_MEGAPIXELS },
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    })
    let settled = false
    const settle = (d: Decoded) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      void worker.terminate()
      resolve(d)
    }
    const timer = setTimeout(() => settle({ ok: false, reason: 'timeout' }), DECODE_TIMEOUT_MS)
    worker.once('message', (m: Decoded) => settle(m))
    worker.once('error', (e) => settle({ ok: false, reason: `${e.name}: ${e.message}` }))
    worker.once('exit', (code) => settle({ ok: false, reason: `worker exited with ${code}` }))
  })
}

async function inspectOffice(bytes: Uint8Array, kind: 'docx' | 'xlsx', fileName: string): Promise<EvidenceCheck> {
  const label = LABEL[kind]
  const checked = await checkZip(bytes, OFFICE_EVIDENCE_LIMITS)
  if (!checked.ok) {
    if (checked.reason === 'too-large' || checked.reason === 'ratio' || checked.reason === 'too-many-entries')
      return {
        ok: false,
        message: `文件「${fileName}」解压后内容过大,不像正常的${label},请删除无关内容或另存为 PDF 后上传`,
      }
    if (checked.reason === 'encrypted') return { ok: false, message: `文件「${fileName}」已加密,请取消密码后重新上传` }
    return { ok: false, message: `文件「${fileName}」不是完整有效的${label}(压缩结构损坏或异常),请重新保存后上传` }
  }
  const names = new Set(checked.entries.map((e) => e.name))
  if (!names.has('[Content_Types].xml') || !names.has(MAIN_PART[kind]))
    return { ok: false, message: `文件「${fileName}」不是完整有效的${label}(缺少文档主体),请重新保存后上传` }
  return { ok: true }
}
