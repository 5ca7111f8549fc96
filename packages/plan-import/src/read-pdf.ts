import { extractText, getDocumentProxy } from 'unpdf'
import { blocksFromLines, joinWrappedLines, type PlanDocument } from './document.js'
import { PlanImportError } from './refusal.js'

/**
 * A PDF's text layer through unpdf (pdf.js). A scan has no text layer: it is refused with a clear message,
 * because reading pictures would need OCR, which the importer does not do.
 */
export async function readPdf(bytes: Uint8Array): Promise<PlanDocument> {
  let pages: string[]
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes))
    pages = (await extractText(pdf, { mergePages: false })).text as string[]
  } catch (e) {
    if (/password/i.test(String((e as Error)?.name ?? '') + String((e as Error)?.message ?? '')))
      throw new PlanImportError('encrypted', 'PDF 设有打开密码,无法读取,请去除密码后再上传')
    throw new PlanImportError('corrupt', 'PDF 文件已损坏,无法读取')
  }
  const text = pages.join('\n')
  if ((text.match(/\p{Script=Han}|[A-Za-z0-9]/gu) ?? []).length < 20)
    throw new PlanImportError(
      'image-only-pdf',
      '该 PDF 没有文字层(可能是扫描件或图片),暂不支持 OCR 识别,请上传带文字层的 PDF 或 .docx 文件',
    )
  return { format: 'pdf', blocks: blocksFromLines(joinWrappedLines(text)), convertedFromTraditional: false }
}
