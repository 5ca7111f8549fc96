import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import type { HeaderSpec } from './header-spec.js'
import { csvGrid } from './read-csv.js'
import { readUpload, type ReadUploadResult } from './read-upload.js'
import { parseReportedValue } from './value.js'

const specs: HeaderSpec[] = [
  { field: 'indicator', aliases: ['指标编码'], required: true },
  { field: 'period', aliases: ['统计期'], required: true },
  { field: 'value', aliases: ['数值', '填报值', '本期值', 'value'], required: true },
  { field: 'note', aliases: ['备注'], required: false },
]

const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'))
const gbk = (s: string): Uint8Array => new Uint8Array(iconv.encode(s, 'gbk'))
const withPrefix = (prefix: number[], body: Uint8Array): Uint8Array => new Uint8Array([...prefix, ...body])

async function xlsx(fill: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  fill(wb)
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer)
}

function sheetOf(r: ReadUploadResult) {
  if (!r.ok) throw new Error(`expected ok, got: ${r.message}`)
  return r.sheet
}
const messageOf = (r: ReadUploadResult): string => (r.ok ? '(ok)' : r.message)
const texts = (r: ReadUploadResult, field: string) => sheetOf(r).rows.map((row) => row.cells[field]?.text)

const CSV = '指标编码,统计期,数值,备注\nyz-cloud,2025年3月,80%,按时报送\nyz-items,2025年3月,"1,234",\n'

describe('readUpload with CSV', () => {
  it('reads GBK CSV with Chinese headers, as Excel on Chinese Windows saves it', async () => {
    const r = await readUpload(gbk(CSV), '填报.csv', { expectedHeaders: specs })
    const sheet = sheetOf(r)
    expect(sheet.headerRow).toBe(1)
    expect(sheet.headers).toEqual(['指标编码', '统计期', '数值', '备注'])
    expect(sheet.rows).toEqual([
      {
        row: 2,
        cells: {
          indicator: { raw: 'yz-cloud', text: 'yz-cloud', percentFormatted: false },
          period: { raw: '2025年3月', text: '2025年3月', percentFormatted: false },
          value: { raw: '80%', text: '80%', percentFormatted: false },
          note: { raw: '按时报送', text: '按时报送', percentFormatted: false },
        },
      },
      {
        row: 3,
        cells: {
          indicator: { raw: 'yz-items', text: 'yz-items', percentFormatted: false },
          period: { raw: '2025年3月', text: '2025年3月', percentFormatted: false },
          value: { raw: '1,234', text: '1,234', percentFormatted: false },
          note: { raw: null, text: '', percentFormatted: false },
        },
      },
    ])
  })

  it('reads the same rows from UTF-8 with a BOM, without a BOM, with a doubled BOM, and GB18030 rare characters', async () => {
    const expected = await readUpload(gbk(CSV), 'a.csv', { expectedHeaders: specs })
    for (const bytes of [utf8(CSV), withPrefix([0xef, 0xbb, 0xbf], utf8(CSV)), utf8(`\uFEFF\uFEFF${CSV}`)]) {
      expect(await readUpload(bytes, 'a.csv', { expectedHeaders: specs })).toEqual(expected)
    }
    const rare = new Uint8Array(iconv.encode(CSV.replace('按时报送', '𠮷'), 'gb18030'))
    expect(texts(await readUpload(rare, 'a.csv', { expectedHeaders: specs }), 'note')).toEqual(['𠮷', ''])
  })

  it('reads UTF-16LE tab-separated text, as Excel saves "Unicode 文本"', async () => {
    const text = '指标编码\t统计期\t数值\t备注\r\nyz-cloud\t2025年3月\t80%\t按时报送\r\nyz-items\t2025年3月\t1234\t\r\n'
    const bytes = withPrefix([0xff, 0xfe], new Uint8Array(iconv.encode(text, 'utf-16le')))
    expect(texts(await readUpload(bytes, 'a.txt', { expectedHeaders: specs }), 'value')).toEqual(['80%', '1234'])
  })

  it('accepts a full-width comma or a tab as the delimiter when the header row uses it', async () => {
    const fullWidth = '指标编码，统计期，数值\nyz-cloud，2025-03，80\n'
    expect(texts(await readUpload(utf8(fullWidth), 'a.csv', { expectedHeaders: specs }), 'value')).toEqual(['80'])
    const tabs = '指标编码\t统计期\t数值\nyz-cloud\t2025-03\t1,234\n'
    expect(texts(await readUpload(utf8(tabs), 'a.csv', { expectedHeaders: specs }), 'value')).toEqual(['1,234'])
  })

  it('detects a semicolon or tab separator from the header, even when the fields hold commas', async () => {
    const semicolons = '扬州市填报表;;\n指标编码;统计期;数值;备注\nyz-cloud;2025-03;1,5;按时, 完整\n'
    const r = await readUpload(utf8(semicolons), 'a.csv', { expectedHeaders: specs })
    expect(texts(r, 'value')).toEqual(['1,5'])
    expect(texts(r, 'note')).toEqual(['按时, 完整'])
    const tabs = '指标编码\t统计期\t数值\t备注\nyz-cloud\t2025-03\t1,234\t甲,乙\n'
    expect(texts(await readUpload(utf8(tabs), 'a.csv', { expectedHeaders: specs }), 'note')).toEqual(['甲,乙'])
  })

  it('stops splitting a CSV as soon as it holds more filled rows than the limit allows', async () => {
    const csv = `指标编码,统计期,数值\n${'a,2025-03,1\n'.repeat(5000)}`
    expect(messageOf(await readUpload(utf8(csv), 'a.csv', { expectedHeaders: specs, maxRows: 10 }))).toBe(
      '数据超过 10 行的上限,请拆分为多个文件分批上传',
    )
    // The splitter itself gives up at the cap instead of returning every record.
    expect(csvGrid(csv, ',', { maxFilledRecords: 100 })).toEqual({ ok: false, overCap: true })
    expect(csvGrid(csv, ',', { maxFilledRecords: 5001 }).ok).toBe(true)
  })

  it('keeps a quoted field with line breaks in one cell and numbers rows as Excel shows them', async () => {
    const csv = '指标编码,统计期,数值,备注\na,2025-03,1,"第一行\n第二行"\nb,2025-03,2,\n'
    const sheet = sheetOf(await readUpload(utf8(csv), 'a.csv', { expectedHeaders: specs }))
    expect(sheet.rows.map((r) => [r.row, r.cells.note?.text])).toEqual([
      [2, '第一行\n第二行'],
      [3, ''],
    ])
  })

  it('tolerates ragged rows and stray quotes inside a field', async () => {
    const csv = '指标编码,统计期,数值,备注\na,2025-03,1\nb,2025-03,2,5"屏,extra\n'
    const sheet = sheetOf(await readUpload(utf8(csv), 'a.csv', { expectedHeaders: specs }))
    expect(sheet.rows.map((r) => r.cells.note?.text)).toEqual(['', '5"屏'])
  })

  it('finds the header below title rows and skips blank rows and trailing notes', async () => {
    const csv = [
      '扬州市2025年3月指标填报表,,,',
      '',
      '指标编码*,统计期(必填),\u3000数值 *,备注',
      'a,2025-03,1,',
      ',,,',
      '',
      'b,2025-03,2,',
      '填表说明：数值请填写数字,,,',
      'c,2025-03,3,',
    ].join('\r\n')
    const r = await readUpload(utf8(csv), 'a.csv', { expectedHeaders: specs })
    const sheet = sheetOf(r)
    expect(sheet.headerRow).toBe(3)
    expect(sheet.fieldHeaders).toEqual({ indicator: '指标编码', period: '统计期', value: '数值', note: '备注' })
    expect(sheet.rows.map((row) => [row.row, row.cells.indicator?.text])).toEqual([
      [4, 'a'],
      [7, 'b'],
    ])
    expect(r.ok && r.warnings).toEqual(['第8行起为填表说明等附注,已忽略'])
  })

  it('ignores unknown columns with a warning and keys cells by field', async () => {
    const csv = '序号,指标编码,统计期,VALUE,联系人\n1,a,2025-03,5,张三\n'
    const r = await readUpload(utf8(csv), 'a.csv', { expectedHeaders: specs })
    expect(sheetOf(r).rows[0]?.cells).toEqual({
      indicator: { raw: 'a', text: 'a', percentFormatted: false },
      period: { raw: '2025-03', text: '2025-03', percentFormatted: false },
      value: { raw: '5', text: '5', percentFormatted: false },
    })
    expect(r.ok && r.warnings).toEqual(['已忽略无法识别的列「序号」(A列)', '已忽略无法识别的列「联系人」(E列)'])
  })

  it('uses the first of two columns matching one field and says so', async () => {
    const csv = '指标编码,统计期,数值,本期值\na,2025-03,5,6\n'
    const r = await readUpload(utf8(csv), 'a.csv', { expectedHeaders: specs })
    expect(texts(r, 'value')).toEqual(['5'])
    expect(r.ok && r.warnings).toEqual(['第1行有多列可作为「数值」(C列、D列),已使用C列'])
  })

  it('names a missing required column and the names it may have', async () => {
    const r = await readUpload(utf8('指标编码,统计期,金额\na,2025-03,5\n'), 'a.csv', { expectedHeaders: specs })
    expect(messageOf(r)).toBe('未找到必填列「数值」(可用列名: 数值、填报值、本期值、value)')
  })

  it('reports an unclosed quote', async () => {
    const r = await readUpload(utf8('指标编码,统计期,数值\na,2025-03,"5\n'), 'a.csv', { expectedHeaders: specs })
    expect(messageOf(r)).toContain('未闭合的双引号')
  })

  it('keeps a <script> remark and a formula-looking value as inert text', async () => {
    const csv = '指标编码,统计期,数值,备注\na,2025-03,"=cmd|\' /C calc\'!A0",<script>alert(1)</script>\n'
    const row = sheetOf(await readUpload(utf8(csv), 'a.csv', { expectedHeaders: specs })).rows[0]
    expect(row?.cells.note).toEqual({
      raw: '<script>alert(1)</script>',
      text: '<script>alert(1)</script>',
      percentFormatted: false,
    })
    expect(row?.cells.value?.raw).toBe("=cmd|' /C calc'!A0")
    expect(parseReportedValue(row?.cells.value?.raw, 'quantity').ok).toBe(false)
  })
})

describe('readUpload with xlsx', () => {
  const titled = (wb: ExcelJS.Workbook): ExcelJS.Worksheet => {
    const ws = wb.addWorksheet('填报')
    ws.getCell('A1').value = '扬州市2025年3月指标填报表'
    ws.mergeCells('A1:E1')
    ws.getCell('A2').value = '填报单位：市数据局'
    ws.mergeCells('A2:E2')
    ws.getRow(3).values = ['指标编码*', '统计期（必填）', '数值*', '备注', '联系人']
    return ws
  }

  it('finds the header below merged title rows and numbers data rows from the file', async () => {
    const bytes = await xlsx((wb) => {
      const ws = titled(wb)
      ws.getRow(4).values = ['yz-cloud', '2025年3月', 80, '按时']
      ws.getRow(6).values = ['yz-items', '2025-Q1', 25]
    })
    const r = await readUpload(bytes, '填报.xlsx', { expectedHeaders: specs })
    const sheet = sheetOf(r)
    expect(sheet.headerRow).toBe(3)
    expect(sheet.headers).toEqual(['指标编码*', '统计期（必填）', '数值*', '备注', '联系人'])
    expect(sheet.rows.map((row) => [row.row, row.cells.indicator?.text, row.cells.value?.raw])).toEqual([
      [4, 'yz-cloud', 80],
      [6, 'yz-items', 25],
    ])
    expect(r.ok && r.warnings).toEqual(['已忽略无法识别的列「联系人」(E列)'])
  })

  it('resolves rich text, hyperlinks, cached formula results, dates and error values', async () => {
    const bytes = await xlsx((wb) => {
      const ws = titled(wb)
      ws.getCell('A4').value = { richText: [{ text: 'yz-', font: { bold: true } }, { text: 'cloud' }] }
      ws.getCell('B4').value = new Date(Date.UTC(2025, 2, 1))
      ws.getCell('C4').value = { formula: 'SUM(1,2)', result: 3 }
      ws.getCell('D4').value = { text: '附件', hyperlink: 'https://example.gov.cn/a' }
      ws.getCell('A5').value = 'yz-err'
      ws.getCell('B5').value = '2025-03'
      ws.getCell('C5').value = { formula: '1/0', result: { error: '#DIV/0!' } }
    })
    const rows = sheetOf(await readUpload(bytes, 'a.xlsx', { expectedHeaders: specs })).rows
    expect(rows[0]?.cells).toEqual({
      indicator: { raw: 'yz-cloud', text: 'yz-cloud', percentFormatted: false },
      period: { raw: new Date(Date.UTC(2025, 2, 1)), text: '2025-03-01', percentFormatted: false },
      value: { raw: 3, text: '3', percentFormatted: false },
      note: { raw: '附件', text: '附件', percentFormatted: false },
    })
    expect(rows[1]?.cells.value).toEqual({ raw: '#DIV/0!', text: '#DIV/0!', percentFormatted: false })
  })

  it('uses a formula without a cached result as empty and warns with row and column', async () => {
    const bytes = await xlsx((wb) => {
      const ws = titled(wb)
      ws.getRow(4).values = ['yz-cloud', '2025-03']
      ws.getCell('C4').value = { formula: 'A1*2' }
    })
    const r = await readUpload(bytes, 'a.xlsx', { expectedHeaders: specs })
    expect(sheetOf(r).rows[0]?.cells.value).toEqual({ raw: null, text: '', percentFormatted: false })
    expect(r.ok && r.warnings).toContain(
      '第4行「数值」列是公式,但文件中没有保存计算结果,已按空值处理(请在 Excel 中打开并保存后重新上传)',
    )
  })

  it('marks a percent-formatted number, and not a number with a literal % in its format', async () => {
    const bytes = await xlsx((wb) => {
      const ws = titled(wb)
      ws.getRow(4).values = ['a', '2025-03', 0.8]
      ws.getCell('C4').numFmt = '0.0%'
      ws.getRow(5).values = ['b', '2025-03', 80]
      ws.getCell('C5').numFmt = '0"%"'
    })
    const rows = sheetOf(await readUpload(bytes, 'a.xlsx', { expectedHeaders: specs })).rows
    expect(rows[0]?.cells.value).toEqual({ raw: 0.8, text: '80%', percentFormatted: true })
    expect(rows[1]?.cells.value).toEqual({ raw: 80, text: '80', percentFormatted: false })
    const v = rows[0]?.cells.value
    expect(parseReportedValue(v?.raw, 'percent', { percentFormatted: v?.percentFormatted })).toEqual({
      ok: true,
      value: 80,
    })
  })

  it('skips blank rows, rows with only formatting, and notes after the data', async () => {
    const bytes = await xlsx((wb) => {
      const ws = titled(wb)
      ws.getRow(4).values = ['a', '2025-03', 1]
      ws.getCell('C5').border = { top: { style: 'thin' } }
      ws.getRow(6).values = ['', '  ', null]
      ws.getRow(7).values = ['b', '2025-03', 2]
      ws.getCell('A9').value = '注：数值请填写数字'
      ws.mergeCells('A9:E9')
      ws.getRow(10).values = ['1. 百分比填写百分数']
    })
    const r = await readUpload(bytes, 'a.xlsx', { expectedHeaders: specs })
    expect(sheetOf(r).rows.map((row) => row.row)).toEqual([4, 7])
    expect(r.ok && r.warnings).toContain('第9行起为填表说明等附注,已忽略')
  })

  it('does not read a header cell merged down into the next row as data', async () => {
    const bytes = await xlsx((wb) => {
      const ws = wb.addWorksheet('填报')
      ws.getRow(1).values = ['指标编码', '统计期', '数值', '备注']
      ws.mergeCells('A1:A2')
      ws.mergeCells('B1:B2')
      ws.mergeCells('C1:C2')
      ws.mergeCells('D1:D2')
      ws.getRow(3).values = ['a', '2025-03', 1]
    })
    expect(sheetOf(await readUpload(bytes, 'a.xlsx', { expectedHeaders: specs })).rows.map((row) => row.row)).toEqual([
      3,
    ])
  })

  it('reads the first visible worksheet', async () => {
    const bytes = await xlsx((wb) => {
      const hidden = wb.addWorksheet('字典', { state: 'hidden' })
      hidden.getRow(1).values = ['指标编码', '统计期', '数值']
      hidden.getRow(2).values = ['hidden', '2025-03', 1]
      const ws = wb.addWorksheet('填报')
      ws.getRow(1).values = ['指标编码', '统计期', '数值']
      ws.getRow(2).values = ['visible', '2025-03', 1]
    })
    const r = await readUpload(bytes, 'a.xlsx', { expectedHeaders: specs })
    expect(texts(r, 'indicator')).toEqual(['visible'])
    expect(r.ok && r.warnings).toEqual(['已跳过隐藏的工作表「字典」,读取工作表「填报」'])
  })

  it('keeps a formula-injection string and a <script> remark as inert text', async () => {
    const bytes = await xlsx((wb) => {
      const ws = titled(wb)
      ws.getRow(4).values = ['a', '2025-03', "=cmd|' /C calc'!A0", '<script>alert(1)</script>']
    })
    const row = sheetOf(await readUpload(bytes, 'a.xlsx', { expectedHeaders: specs })).rows[0]
    expect(row?.cells.note?.text).toBe('<script>alert(1)</script>')
    const value = parseReportedValue(row?.cells.value?.raw, 'percent')
    expect(value.ok).toBe(false)
    expect(value.ok ? '' : value.message).toContain('疑似公式')
  })

  it('names the missing required column', async () => {
    const bytes = await xlsx((wb) => {
      wb.addWorksheet('填报').getRow(1).values = ['指标编码', '数值']
    })
    expect(messageOf(await readUpload(bytes, 'a.xlsx', { expectedHeaders: specs }))).toBe(
      '工作表「填报」:未找到必填列「统计期」(可用列名: 统计期)',
    )
  })

  it('reads the sheet that has the needed columns when the workbook opens on an instructions sheet', async () => {
    const bytes = await xlsx((wb) => {
      wb.addWorksheet('填报说明').getRow(1).values = ['请在「数据」工作表中填写,数值填数字']
      wb.addWorksheet('字典', { state: 'hidden' }).getRow(1).values = ['指标编码', '统计期', '数值']
      wb.addWorksheet('汇总').getRow(1).values = ['指标', '合计']
      const ws = wb.addWorksheet('数据')
      ws.getRow(1).values = ['指标编码', '统计期', '数值']
      ws.getRow(2).values = ['yz-cloud', '2025-03', 80]
    })
    const r = await readUpload(bytes, 'a.xlsx', { expectedHeaders: specs })
    expect(texts(r, 'indicator')).toEqual(['yz-cloud'])
    expect(r.ok && r.warnings).toEqual([
      '已跳过隐藏的工作表「字典」,读取工作表「数据」',
      '工作表「填报说明」、「汇总」中没有填报表头,已读取工作表「数据」',
    ])
  })

  it('names the sheet that came closest, and the others, when no sheet has the needed columns', async () => {
    const bytes = await xlsx((wb) => {
      wb.addWorksheet('说明').getRow(1).values = ['填报须知']
      wb.addWorksheet('本月数据').getRow(1).values = ['指标编码', '统计期', '金额']
    })
    expect(messageOf(await readUpload(bytes, 'a.xlsx', { expectedHeaders: specs }))).toBe(
      '工作表「本月数据」:未找到必填列「数值」(可用列名: 数值、填报值、本期值、value)(工作表「说明」中也没有找到)',
    )
  })

  it('names the sheet that is over the row limit', async () => {
    const bytes = await xlsx((wb) => {
      const ws = wb.addWorksheet('数据')
      ws.getRow(1).values = ['指标编码', '统计期', '数值']
      for (let i = 2; i <= 4; i++) ws.getRow(i).values = ['a', '2025-03', i]
    })
    expect(messageOf(await readUpload(bytes, 'a.xlsx', { expectedHeaders: specs, maxRows: 2 }))).toBe(
      '工作表「数据」:数据超过 2 行的上限,请拆分为多个文件分批上传',
    )
  })
})

describe('readUpload rejects what it cannot read', () => {
  const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]

  it('rejects an old .xls workbook by its content, whatever its name', async () => {
    for (const name of ['报表.xls', '报表.csv', '报表']) {
      expect(messageOf(await readUpload(new Uint8Array(ole), name, { expectedHeaders: specs }))).toBe(
        '这是旧版 Excel 97-2003 工作簿(.xls),无法读取,请另存为 .xlsx 或 CSV 后重新上传',
      )
    }
  })

  it('explains that an OLE file named .xlsx is password-protected', async () => {
    expect(messageOf(await readUpload(new Uint8Array(ole), '报表.xlsx', { expectedHeaders: specs }))).toContain(
      '设置了打开密码',
    )
  })

  it('reads an xlsx named .xls or .csv by its content', async () => {
    const bytes = await xlsx((wb) => {
      const ws = wb.addWorksheet('填报')
      ws.getRow(1).values = ['指标编码', '统计期', '数值']
      ws.getRow(2).values = ['a', '2025-03', 1]
    })
    expect(texts(await readUpload(bytes, '报表.xls', { expectedHeaders: specs }), 'indicator')).toEqual(['a'])
  })

  it('rejects other binary files, HTML disguised as .xls, text named .xlsx, and empty files', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])
    expect(messageOf(await readUpload(png, 'a.csv', { expectedHeaders: specs }))).toBe(
      '文件不是文本表格(含有二进制内容),请上传 .xlsx 或 CSV 文件',
    )
    expect(
      messageOf(
        await readUpload(utf8('<html><table><tr><td>数值</td></tr></table></html>'), '导出.xls', {
          expectedHeaders: specs,
        }),
      ),
    ).toContain('网页或 XML 格式')
    expect(messageOf(await readUpload(utf8(CSV), 'a.xlsx', { expectedHeaders: specs }))).toContain(
      '内容不是 Excel 工作簿',
    )
    expect(messageOf(await readUpload(new Uint8Array(0), 'a.csv', { expectedHeaders: specs }))).toBe('文件为空')
  })

  it('rejects a corrupt xlsx', async () => {
    const good = await xlsx((wb) => {
      wb.addWorksheet('填报').getRow(1).values = ['指标编码', '统计期', '数值']
    })
    expect(messageOf(await readUpload(good.slice(0, 200), 'a.xlsx', { expectedHeaders: specs }))).toContain('已损坏')
  })

  it('rejects a file over the default 10 MB limit before reading it', async () => {
    const huge = new Uint8Array(10 * 1024 * 1024 + 1).fill(0x31)
    expect(messageOf(await readUpload(huge, 'a.csv', { expectedHeaders: specs }))).toBe(
      '文件大小为 10.1 MB,超过上限(10 MB),请删除无关内容或拆分后上传',
    )
    expect(messageOf(await readUpload(utf8(CSV), 'a.csv', { expectedHeaders: specs, maxBytes: 10 }))).toBe(
      `文件大小为 ${utf8(CSV).length} 字节,超过上限(10 字节),请删除无关内容或拆分后上传`,
    )
  })

  it('rejects more data rows than maxRows, not counting blank rows', async () => {
    const csv = `指标编码,统计期,数值\n${'a,2025-03,1\n,,\n'.repeat(3)}`
    expect((await readUpload(utf8(csv), 'a.csv', { expectedHeaders: specs, maxRows: 3 })).ok).toBe(true)
    expect(messageOf(await readUpload(utf8(csv), 'a.csv', { expectedHeaders: specs, maxRows: 2 }))).toBe(
      '数据超过 2 行的上限,请拆分为多个文件分批上传',
    )
  })
})

describe('reading a sheet that names indicators and places instead of giving codes', () => {
  const named: HeaderSpec[] = [
    { field: 'indicator', aliases: ['指标编码'], required: true, orField: 'indicatorName' },
    { field: 'indicatorName', aliases: ['指标名称', '指标'], required: false },
    { field: 'jurisdiction', aliases: ['行政区划代码'], required: true, orField: 'jurisdictionName' },
    { field: 'jurisdictionName', aliases: ['地区', '地区名称'], required: false },
    { field: 'value', aliases: ['数值'], required: true },
  ]

  it('accepts 地区 and 指标名称 in place of the code columns', async () => {
    const r = await readUpload(utf8('地区,指标名称,数值\n南昌市,政务服务事项网上可办率,80\n'), 'a.csv', {
      expectedHeaders: named,
    })
    expect(
      sheetOf(r).rows.map((row) => [
        row.cells.jurisdictionName?.text,
        row.cells.indicatorName?.text,
        row.cells.indicator,
      ]),
    ).toEqual([['南昌市', '政务服务事项网上可办率', undefined]])
  })

  it('names both the code column and the name column when neither is there', async () => {
    const r = await readUpload(utf8('地区,名称,数值\n南昌市,a,80\n'), 'a.csv', { expectedHeaders: named })
    expect(messageOf(r)).toBe('未找到必填列「指标编码」或「指标名称」(可用列名: 指标编码、指标名称、指标)')
  })
})
