import mammoth from 'mammoth'
import { checkZip } from '@cockpit/tabular/zip-check'
import { type Block, foldFullWidth, type PlanDocument } from './document.js'
import { PlanImportError } from './refusal.js'

/** A plan's docx inflates to a few MB (more with pictures); a zip bomb to gigabytes. Checked while inflating. */
export const DOCX_LIMITS = {
  maxEntries: 2000,
  maxTotalBytes: 200 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
}

/**
 * .docx through mammoth (Word → HTML keeps tables), after the archive is checked the way uploads are
 * (packages/tabular zip-check): entry count, inflated total, compression ratio, encrypted entries. Paragraphs,
 * headings and list items become paragraphs; each table becomes rows of cell texts.
 */
export async function readDocx(bytes: Uint8Array): Promise<PlanDocument> {
  const zip = await checkZip(bytes, DOCX_LIMITS)
  if (!zip.ok) {
    if (zip.reason === 'encrypted')
      throw new PlanImportError('encrypted', '文档已加密(设有密码),无法读取,请去除密码后再上传')
    if (
      zip.reason === 'ratio' ||
      zip.reason === 'too-large' ||
      zip.reason === 'too-many-entries' ||
      zip.reason === 'size-mismatch'
    )
      throw new PlanImportError('zip-bomb', '文档解压后体积异常(疑似压缩炸弹),已拒绝读取')
    throw new PlanImportError('corrupt', '文档已损坏,无法作为 .docx 读取')
  }
  if (!zip.entries.some((e) => e.name === 'word/document.xml'))
    throw new PlanImportError('corrupt', '文件不是 Word 文档(缺少 word/document.xml),请上传 .docx')
  let html: string
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }))
      .value
  } catch {
    throw new PlanImportError('corrupt', '文档已损坏,无法作为 .docx 读取')
  }
  return { format: 'docx', blocks: blocksFromHtml(html), convertedFromTraditional: false }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }
const decode = (s: string) =>
  s
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
      e[0] === '#'
        ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
        : (ENTITIES[e] ?? m),
    )
    .replace(/\s+/g, ' ')
    .trim()
const cellText = (s: string) => foldFullWidth(decode(s))

/** Walks mammoth's HTML: top-level <p>/<h*>/<li> are paragraphs, <table> is rows of cells (nested tables flattened). */
export function blocksFromHtml(html: string): Block[] {
  const blocks: Block[] = []
  const re = /<table[\s\S]*?<\/table>|<(p|h[1-6]|li)\b[^>]*>([\s\S]*?)<\/\1>/gi
  for (const m of html.matchAll(re)) {
    if (m[0].toLowerCase().startsWith('<table')) {
      const rows: string[][] = []
      for (const tr of m[0].matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/gi)) {
        const cells = [...tr[1]!.matchAll(/<t[dh]\b[^>]*>([\s\S]*?)<\/t[dh]>/gi)].map((c) => cellText(c[1]!))
        if (cells.length) rows.push(cells)
      }
      if (rows.length) blocks.push({ kind: 'table', index: blocks.length, rows })
      continue
    }
    const text = cellText(m[2]!)
    if (text) blocks.push({ kind: 'paragraph', index: blocks.length, text })
  }
  return blocks
}
