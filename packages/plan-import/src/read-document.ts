import type { PlanDocument } from './document.js'
import { readDocx } from './read-docx.js'
import { readPdf } from './read-pdf.js'
import { readText } from './read-text.js'
import { PlanImportError } from './refusal.js'

/** Plans run to a few hundred pages at most; 20 MB leaves room for pictures in a docx or pdf. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

/**
 * Reads an uploaded plan by what its bytes are (never only its name): a zip is a docx, %PDF a pdf, an OLE
 * compound file an encrypted (password-protected) Word document or an old .doc, anything else text.
 */
export async function readDocument(
  name: string,
  bytes: Uint8Array,
  opts: { maxBytes?: number } = {},
): Promise<PlanDocument> {
  const max = opts.maxBytes ?? MAX_DOCUMENT_BYTES
  if (bytes.byteLength > max)
    throw new PlanImportError(
      'too-large',
      `文件过大(${(bytes.byteLength / 1048576).toFixed(1)} MB),规划文件不能超过 ${Math.round(max / 1048576)} MB`,
    )
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b)
  if (starts(CFB_MAGIC))
    throw new PlanImportError(
      'encrypted',
      /\.docx$/i.test(name)
        ? '文档设有打开密码(已加密),无法读取,请去除密码后再上传'
        : '不支持旧版 .doc 或加密的 Office 文件,请另存为 .docx(不设密码)后再上传',
    )
  if (starts([0x50, 0x4b, 0x03, 0x04])) return readDocx(bytes)
  if (starts([0x25, 0x50, 0x44, 0x46])) return readPdf(bytes)
  if (/\.(docx?|pdf|xlsx?|pptx?)$/i.test(name))
    throw new PlanImportError('corrupt', '文件已损坏或格式与扩展名不符,无法读取')
  return readText(bytes)
}
