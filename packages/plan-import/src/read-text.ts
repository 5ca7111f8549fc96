import { decodeText } from '@cockpit/tabular/decode-text'
import { blocksFromLines, type PlanDocument } from './document.js'
import { PlanImportError } from './refusal.js'

/** .txt / .md: UTF-8 or GB18030 (sniffed by the upload reader's decodeText), one paragraph per line. */
export function readText(bytes: Uint8Array): PlanDocument {
  const decoded = decodeText(bytes)
  if (!decoded.ok)
    throw new PlanImportError('not-text', '文件不是文本(含有二进制内容),请上传 .txt、.md、.docx 或带文字层的 .pdf 文件')
  // Markdown: headings and list markers are layout, not words of the plan.
  const text = decoded.text.replace(/^\s{0,3}(#{1,6}\s+|[-*+]\s+(?=\S))/gm, '')
  return { format: 'txt', blocks: blocksFromLines(text), convertedFromTraditional: false }
}
