import iconv from 'iconv-lite'
import { afterAll, describe, expect, it } from 'vitest'
import { createParsePool } from './parse-pool.js'
import { templateHeaders } from './template.js'
import {
  csvInvalidUtf8,
  csvWithNul,
  deeplyNestedXlsx,
  headerlessRowsXlsx,
  honestBomb,
  manyPartsXlsx,
  manyRowsCsv,
  manyRowsXlsx,
  manySheetsXlsx,
  overlappingBomb,
  ratioBomb,
  underReportingBomb,
} from './testing/index.js'

// Every file of issue #11's hostile corpus, built here (nothing large is committed), read through the
// parse pool as the API and the worker read it, with the exact refusal a user sees.
const pool = createParsePool({ threads: 1 })
afterAll(() => pool.close())
const read = (bytes: Uint8Array, name: string) => pool.readUpload(bytes, name, { expectedHeaders: templateHeaders })

const NO_HEADER =
  '未找到必填列「指标编码」或「指标名称」(可用列名: 指标编码、指标代码、指标编号、indicator、指标名称、指标); 未找到必填列「行政区划代码」或「行政区划」(可用列名: 行政区划代码、区划代码、行政区代码、jurisdiction、行政区划、区划名称、地区、地区名称); 未找到必填列「统计期」(可用列名: 统计期、统计期间、报告期、所属期、period); 未找到必填列「数值」(可用列名: 数值、填报值、本期值、value)'
const TOO_LARGE = 'Excel 文件解压后内容过大,无法读取,请删除无关的工作表或图片后重新上传'

describe('the hostile corpus of issue #11, read through the parse pool', () => {
  const table: [string, () => Uint8Array | Promise<Uint8Array>, string, string][] = [
    [
      'xlsx whose directory declares 4 KB and inflates to 300 MB',
      () => underReportingBomb(),
      'a.xlsx',
      'Excel 文件的压缩结构异常(声明的大小与实际内容不符),无法读取,请用 Excel 重新保存后上传',
    ],
    ['xlsx that honestly declares 300 MB', () => honestBomb(), 'a.xlsx', TOO_LARGE],
    ['xlsx part compressed 1000:1', () => ratioBomb(), 'a.xlsx', TOO_LARGE],
    ['xlsx listing one 5 MB part 40 times', () => overlappingBomb(), 'a.xlsx', TOO_LARGE],
    [
      'xlsx of 5000 parts',
      () => manyPartsXlsx(),
      'a.xlsx',
      'Excel 文件包含的部件过多(5005 个),无法读取,请删除无关的工作表或图片后重新上传',
    ],
    ['300 000-row xlsx', () => manyRowsXlsx(), 'a.xlsx', '工作表「填报」超过 50000 行的上限,请拆分为多个文件分批上传'],
    ['192 000-row CSV', () => manyRowsCsv(), 'a.csv', '数据超过 50000 行的上限,请拆分为多个文件分批上传'],
    [
      '45 000-row xlsx without the 数值 column',
      () => headerlessRowsXlsx(),
      'a.xlsx',
      '工作表「填报」:未找到必填列「数值」(可用列名: 数值、填报值、本期值、value)',
    ],
    [
      'xlsx of 1500 sheets without the header',
      () => manySheetsXlsx(),
      'a.xlsx',
      `工作表「表1」:${NO_HEADER}(工作表「表2」、「表3」、「表4」、「表5」、「表6」等 1499 个中也没有找到)`,
    ],
    [
      'xlsx nesting 100 000 elements in a cell',
      () => deeplyNestedXlsx(),
      'a.xlsx',
      'Excel 文件已损坏或格式不正确,无法读取,请用 Excel 重新另存为 .xlsx 或 CSV 后上传',
    ],
    ['CSV with NUL bytes', () => csvWithNul(), 'a.csv', '文件不是文本表格(含有二进制内容),请上传 .xlsx 或 CSV 文件'],
    ['CSV that is neither UTF-8 nor GBK', () => csvInvalidUtf8(), 'a.csv', NO_HEADER],
  ]
  it.each(table)(
    'refuses the %s',
    async (_name, build, fileName, message) => {
      const r = await read(await build(), fileName)
      expect(r.ok ? 'accepted' : r.message).toBe(message)
    },
    60_000,
  )

  it('reads the honest GBK CSV that Excel on Chinese Windows saves', async () => {
    const csv = '指标编码,行政区划代码,统计期,数值,备注\r\nyz/cloud-rate,321000,2025年3月,80%,按时报送\r\n'
    const r = await read(new Uint8Array(iconv.encode(csv, 'gbk')), '填报.csv')
    expect(
      r.ok &&
        r.sheet.rows.map((row) => [row.row, row.cells.indicator?.text, row.cells.value?.text, row.cells.note?.text]),
    ).toEqual([[2, 'yz/cloud-rate', '80%', '按时报送']])
  })
})
