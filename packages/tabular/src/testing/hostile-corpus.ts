import { deflateRepeated, writeZip, type ZipPart } from './zip-writer.js'

/**
 * The hostile (and careless) files of issue #11, built at test time so nothing large is committed.
 * Each builder says what the file is; the tests beside the readers assert the exact refusal a user sees.
 */

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** A cell as raw sheet XML: numbers as numbers, text inline (no shared-string table needed). */
export function cellXml(ref: string, value: string | number): string {
  if (typeof value === 'number') return `<c r="${ref}"><v>${value}</v></c>`
  return `<c r="${ref}" t="inlineStr"><is><t>${xmlEscape(value)}</t></is></c>`
}

const column = (i: number) => {
  let n = i + 1
  let out = ''
  while (n > 0) {
    const r = (n - 1) % 26
    out = String.fromCharCode(65 + r) + out
    n = Math.floor((n - 1) / 26)
  }
  return out
}

export function rowXml(row: number, values: (string | number)[]): string {
  return `<row r="${row}">${values.map((v, i) => cellXml(`${column(i)}${row}`, v)).join('')}</row>`
}

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
const SHEET_TAIL = '</sheetData></worksheet>'

/** The parts every workbook needs around its sheets. */
function workbookParts(sheets: { name: string; state?: 'hidden' }[]): ZipPart[] {
  const overrides = sheets
    .map(
      (_s, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join('')
  return [
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${overrides}</Types>`,
    },
    {
      name: '_rels/.rels',
      data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets
        .map(
          (s, i) =>
            `<sheet name="${xmlEscape(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`,
        )
        .join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map(
          (_s, i) =>
            `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join('')}</Relationships>`,
    },
  ]
}

/** A workbook written part by part (fast for 300 000 rows, where exceljs would take a minute). */
export function rawXlsx(sheets: { name: string; rows: (string | number)[][]; state?: 'hidden' }[]): Uint8Array {
  return writeZip(
    [
      ...workbookParts(sheets),
      ...sheets.map((s, i) => {
        let xml = SHEET_HEAD
        for (let n = 0; n < s.rows.length; n++) xml += rowXml(n + 1, s.rows[n]!)
        return { name: `xl/worksheets/sheet${i + 1}.xml`, data: xml + SHEET_TAIL }
      }),
    ],
    { level: 1 },
  )
}

export const TEMPLATE_HEADER = ['指标编码', '行政区划代码', '统计期', '数值', '备注']

/** The issue's xlsx: 306 KB on disk, its directory declaring 4 KB, inflating to ~300 MB of sheet XML. */
export async function underReportingBomb(inflatedMb = 300): Promise<Uint8Array> {
  const deflated = await deflateRepeated(
    SHEET_HEAD + rowXml(1, TEMPLATE_HEADER),
    ' '.repeat(1024 * 1024),
    inflatedMb,
    SHEET_TAIL,
  )
  return writeZip([
    ...workbookParts([{ name: '填报' }]),
    { name: 'xl/worksheets/sheet1.xml', deflated, declaredSize: 4096 },
  ])
}

/** The same sheet, honestly declared: its sizes alone are over the limit. */
export async function honestBomb(inflatedMb = 300): Promise<Uint8Array> {
  const deflated = await deflateRepeated(
    SHEET_HEAD + rowXml(1, TEMPLATE_HEADER),
    ' '.repeat(1024 * 1024),
    inflatedMb,
    SHEET_TAIL,
  )
  return writeZip([...workbookParts([{ name: '填报' }]), { name: 'xl/worksheets/sheet1.xml', deflated }])
}

/** 20 MB of spaces in a 20 KB part: within the total, but no honest sheet compresses 1000:1. */
export async function ratioBomb(): Promise<Uint8Array> {
  const deflated = await deflateRepeated(
    SHEET_HEAD + rowXml(1, TEMPLATE_HEADER),
    ' '.repeat(1024 * 1024),
    20,
    SHEET_TAIL,
  )
  return writeZip([...workbookParts([{ name: '填报' }]), { name: 'xl/worksheets/sheet1.xml', deflated }])
}

/** One 5 MB part listed 40 times in the directory: 200 MB inflated from one copy of the data. */
export async function overlappingBomb(): Promise<Uint8Array> {
  const deflated = await deflateRepeated('', 'x'.repeat(1024 * 1024), 5, '')
  return writeZip([...workbookParts([{ name: '填报' }]), { name: 'xl/media/blob.bin', deflated }], { aliases: 39 })
}

/** A workbook of thousands of empty parts. */
export function manyPartsXlsx(parts = 5000): Uint8Array {
  const filler: ZipPart[] = Array.from({ length: parts }, (_v, i) => ({ name: `xl/media/p${i}.bin`, data: '' }))
  return writeZip([
    ...workbookParts([{ name: '填报' }]),
    { name: 'xl/worksheets/sheet1.xml', data: SHEET_HEAD + rowXml(1, TEMPLATE_HEADER) + SHEET_TAIL },
    ...filler,
  ])
}

/** The issue's 300 000-row workbook (about 6 MB): far over the 50 000-row limit. */
export function manyRowsXlsx(rows = 300_000): Uint8Array {
  return rawXlsx([
    {
      name: '填报',
      rows: [
        TEMPLATE_HEADER,
        ...Array.from({ length: rows }, (_v, i) => ['yz/cloud-rate', '321000', '2025-03', i % 1000]),
      ],
    },
  ])
}

/**
 * The most work a refused workbook can cost: 45 000 rows of 10 text cells, inside every archive limit,
 * so the whole sheet is loaded before the reader finds that the header has no 数值 column.
 */
export function headerlessRowsXlsx(rows = 45_000): Uint8Array {
  const header = ['指标编码', '行政区划代码', '统计期', '金额', '备注', '联系人', '电话', '科室', '填报人', '日期']
  return rawXlsx([
    {
      name: '填报',
      rows: [
        header,
        ...Array.from({ length: rows }, (_v, i) => [
          'yz/cloud-rate',
          '321000',
          '2025-03',
          `${i}`,
          `第${i}行备注文字`,
          '张三',
          '0514-8888',
          '数据科',
          '李四',
          '2025-04-01',
        ]),
      ],
    },
  ])
}

/** A workbook of many sheets, none with the template's header (each sheet is a part: under the part limit). */
export function manySheetsXlsx(sheets = 1500): Uint8Array {
  return rawXlsx(Array.from({ length: sheets }, (_v, i) => ({ name: `表${i + 1}`, rows: [['说明'], ['第一行']] })))
}

/** A sheet whose XML nests 100 000 elements inside one cell: a parser that recurses would overflow its stack. */
export function deeplyNestedXlsx(depth = 100_000): Uint8Array {
  const xml = `${SHEET_HEAD}${rowXml(1, TEMPLATE_HEADER)}<row r="2"><c r="A2" t="inlineStr"><is>${'<r>'.repeat(depth)}${'</r>'.repeat(depth)}</is></c></row>${SHEET_TAIL}`
  return writeZip([...workbookParts([{ name: '填报' }]), { name: 'xl/worksheets/sheet1.xml', data: xml }])
}

/** The template's header as CSV text in the given bytes: NUL bytes, invalid UTF-8, or honest GBK. */
export function csvWithNul(): Uint8Array {
  return new Uint8Array(
    Buffer.concat([
      Buffer.from('指标编码,行政区划代码,统计期,数值\nyz/cloud-rate,321000,2025-03,1', 'utf8'),
      Buffer.from([0, 0, 0]),
      Buffer.from('\n', 'utf8'),
    ]),
  )
}

/** Bytes that are neither UTF-8 nor GBK text (a header of 0xFF 0xFE-free high bytes). */
export function csvInvalidUtf8(): Uint8Array {
  return new Uint8Array([
    0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0x2c, 0xf0, 0x28, 0x8c, 0xbc, 0x0a, 0x31, 0x2c, 0x32, 0x0a,
  ])
}

/** The issue's 192 000-row CSV, just under 10 MB. */
export function manyRowsCsv(rows = 192_000): Uint8Array {
  const lines = ['指标编码,行政区划代码,统计期,数值']
  for (let i = 0; i < rows; i++) lines.push(`yz/cloud-rate,321000,2025-03,${i % 100}`)
  return new Uint8Array(Buffer.from(`${lines.join('\n')}\n`, 'utf8'))
}

/** A docx whose document part inflates to 300 MB while the directory declares 4 KB. */
export async function docxBomb(): Promise<Uint8Array> {
  const deflated = await deflateRepeated(
    '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>',
    ' '.repeat(1024 * 1024),
    300,
    '</w:body></w:document>',
  )
  return writeZip([
    {
      name: '[Content_Types].xml',
      data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    },
    { name: 'word/document.xml', deflated, declaredSize: 4096 },
  ])
}

/** A small honest docx: content types, the package relationship and a one-paragraph document. */
export function tinyDocx(text = '佐证材料'): Uint8Array {
  return writeZip([
    {
      name: '[Content_Types].xml',
      data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    },
    {
      name: 'word/document.xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${xmlEscape(text)}</w:t></w:r></w:p></w:body></w:document>`,
    },
  ])
}
