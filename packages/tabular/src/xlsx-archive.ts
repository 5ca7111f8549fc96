import { inflateRawSync } from 'node:zlib'
import { checkZip, type PartVisitor, type ZipEntry, type ZipLimits, zipEntries } from './zip-check.js'

/**
 * What an uploaded workbook may inflate to. An honest 50 000-row sheet is ~10 MB of XML at a ratio
 * near 12; exceljs holds every part and every cell in memory, so these bound its work before it starts.
 */
export const XLSX_LIMITS: ZipLimits = {
  maxEntries: 2000,
  maxTotalBytes: 100 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
}
/** Cells in all sheets together: 50 000 rows of a 10-column template is 500 000. */
export const DEFAULT_MAX_CELLS = 2_000_000
/** Rows in the sheet's XML may exceed the data rows by titles, blank formatted rows and notes. */
export const XML_ROW_SLACK = 1000

const SHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/
// Tags may carry a namespace prefix (<x:row>, written by the OpenXML SDK); <rowBreaks>, <cols> and
// <conditionalFormatting> must not count.
const ROW_TAG = /<(?:[A-Za-z_][\w.-]*:)?row[\s/>]/g
const CELL_TAG = /<(?:[A-Za-z_][\w.-]*:)?c[\s/>]/g

export type XlsxArchiveCheck = { ok: true } | { ok: false; message: string }

const CORRUPT = 'Excel 文件已损坏或不完整,无法读取,请用 Excel 重新保存后上传'
const TOO_LARGE = 'Excel 文件解压后内容过大,无法读取,请删除无关的工作表或图片后重新上传'

/**
 * Checks an .xlsx before exceljs loads it: limits on the bytes actually inflated (see checkZip), and
 * rows and cells counted in the sheets' XML as it streams, so a 300 000-row sheet is refused before a
 * single cell object exists.
 */
export async function checkXlsxArchive(
  bytes: Uint8Array,
  opts: { maxRows: number; maxCells?: number },
): Promise<XlsxArchiveCheck> {
  const maxXmlRows = opts.maxRows + XML_ROW_SLACK
  const maxCells = opts.maxCells ?? DEFAULT_MAX_CELLS
  let cells = 0
  const visitorFor = (name: string): PartVisitor | undefined => {
    if (!SHEET_PART.test(name)) return undefined
    let rows = 0
    let tail = ''
    return {
      chunk(buf) {
        // latin1 keeps one character per byte: the ASCII tags are found whatever UTF-8 surrounds them.
        const text = tail + buf.toString('latin1')
        const cut = Math.max(0, text.length - 64)
        // Count only tags that start before the carried tail, so none is counted twice.
        rows += countBefore(text, ROW_TAG, cut)
        cells += countBefore(text, CELL_TAG, cut)
        tail = text.slice(cut)
        if (rows > maxXmlRows) return 'rows'
        if (cells > maxCells) return 'cells'
        return undefined
      },
    }
  }
  // Tags in a part's last 64 bytes are never counted: a cap can afford to miss two.
  const checked = await checkZip(bytes, XLSX_LIMITS, visitorFor)
  if (checked.ok) return { ok: true }
  switch (checked.reason) {
    case 'corrupt':
      return { ok: false, message: CORRUPT }
    case 'encrypted':
      return { ok: false, message: 'Excel 文件中的内容已加密,无法读取,请取消密码后另存为 .xlsx 或 CSV 再上传' }
    case 'unsupported':
      return { ok: false, message: 'Excel 文件使用了不支持的压缩方式,无法读取,请用 Excel 重新另存为 .xlsx 后上传' }
    case 'too-many-entries':
      return {
        ok: false,
        message: `Excel 文件包含的部件过多(${checked.entries} 个),无法读取,请删除无关的工作表或图片后重新上传`,
      }
    case 'too-large':
    case 'ratio':
      return { ok: false, message: TOO_LARGE }
    case 'size-mismatch':
      return {
        ok: false,
        message: 'Excel 文件的压缩结构异常(声明的大小与实际内容不符),无法读取,请用 Excel 重新保存后上传',
      }
    case 'visitor': {
      const sheet = sheetName(bytes, checked.entry)
      const where = sheet ? `工作表「${sheet}」` : '工作簿'
      if (checked.message === 'rows')
        return { ok: false, message: `${where}超过 ${opts.maxRows} 行的上限,请拆分为多个文件分批上传` }
      return { ok: false, message: `工作簿的单元格超过 ${maxCells} 个的上限,请只保留填报所需的行和列后重新上传` }
    }
  }
}

function countBefore(text: string, re: RegExp, limit: number): number {
  re.lastIndex = 0
  let n = 0
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m.index >= limit) break
    n++
  }
  return n
}

/** The name people see for a sheet part ("xl/worksheets/sheet1.xml" → "填报"), read from the workbook's own parts. */
function sheetName(bytes: Uint8Array, part: string): string | null {
  const listed = zipEntries(bytes, XLSX_LIMITS.maxEntries)
  if (!listed.ok) return null
  const text = (name: string): string | null => {
    const e = listed.entries.find((x) => x.name === name)
    return e ? smallPart(bytes, e) : null
  }
  const workbook = text('xl/workbook.xml')
  const rels = text('xl/_rels/workbook.xml.rels')
  if (!workbook || !rels) return null
  const target = part.replace(/^xl\//, '')
  const rel = [...rels.matchAll(/<Relationship\b[^>]*>/g)]
    .map((m) => m[0])
    .find((r) => attr(r, 'Target')?.replace(/^\/?xl\//, '') === target)
  const id = rel ? attr(rel, 'Id') : undefined
  if (!id) return null
  const sheet = [...workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)].map((m) => m[0]).find((s) => attr(s, 'r:id') === id)
  return sheet ? decodeXml(attr(sheet, 'name') ?? '') || null : null
}

// Workbook parts are a few KB; the cap keeps a hostile one from mattering.
function smallPart(bytes: Uint8Array, e: ZipEntry): string | null {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset + e.dataStart, e.compressedSize)
  try {
    return (e.method === 0 ? data : inflateRawSync(data, { maxOutputLength: 1024 * 1024 })).toString('utf8')
  } catch {
    return null
  }
}

const attr = (tag: string, name: string): string | undefined =>
  new RegExp(`\\s${name.replace(':', '\\:')}="([^"]*)"`).exec(tag)?.[1]
const decodeXml = (s: string) =>
  s.replace(
    /&(lt|gt|amp|quot|apos);/g,
    (_m, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e] ?? '',
  )
