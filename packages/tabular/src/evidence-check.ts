import type { EvidenceKind } from '@cockpit/contracts'
import { checkZip, type ZipLimits } from './zip-check.js'

export type EvidenceCheck = { ok: true } | { ok: false; message: string }

/** An evidence document may carry pictures (stored at ratio ~1) but no part compresses like a bomb. */
export const OFFICE_EVIDENCE_LIMITS: ZipLimits = { maxEntries: 5000, maxTotalBytes: 100 * 1024 * 1024, maxRatio: 200, ratioFloorBytes: 1024 * 1024 }

const MAIN_PART: Record<'docx' | 'xlsx', string> = { docx: 'word/document.xml', xlsx: 'xl/workbook.xml' }
const LABEL: Record<'docx' | 'xlsx', string> = { docx: 'Word 文档', xlsx: 'Excel 工作簿' }

/**
 * The whole file read by a real parser of its kind, after the cheap first-bytes sniff: an archive is
 * inflated under limits on the bytes it really produces and must hold its format's main part.
 */
export async function inspectEvidence(bytes: Uint8Array, kind: EvidenceKind, fileName: string): Promise<EvidenceCheck> {
  if (kind === 'docx' || kind === 'xlsx') return inspectOffice(bytes, kind, fileName)
  return { ok: true }
}

async function inspectOffice(bytes: Uint8Array, kind: 'docx' | 'xlsx', fileName: string): Promise<EvidenceCheck> {
  const label = LABEL[kind]
  const checked = await checkZip(bytes, OFFICE_EVIDENCE_LIMITS)
  if (!checked.ok) {
    if (checked.reason === 'too-large' || checked.reason === 'ratio' || checked.reason === 'too-many-entries')
      return { ok: false, message: `文件「${fileName}」解压后内容过大,不像正常的${label},请删除无关内容或另存为 PDF 后上传` }
    if (checked.reason === 'encrypted') return { ok: false, message: `文件「${fileName}」已加密,请取消密码后重新上传` }
    return { ok: false, message: `文件「${fileName}」不是完整有效的${label}(压缩结构损坏或异常),请重新保存后上传` }
  }
  const names = new Set(checked.entries.map((e) => e.name))
  if (!names.has('[Content_Types].xml') || !names.has(MAIN_PART[kind])) return { ok: false, message: `文件「${fileName}」不是完整有效的${label}(缺少文档主体),请重新保存后上传` }
  return { ok: true }
}
