import { describe, expect, it } from 'vitest'
import { readUpload } from './read-upload.js'
import { templateHeaders } from './template.js'
import {
  honestBomb,
  manyPartsXlsx,
  manyRowsXlsx,
  overlappingBomb,
  ratioBomb,
  rawXlsx,
  TEMPLATE_HEADER,
  underReportingBomb,
} from './testing/hostile-corpus.js'
import { checkZip } from './zip-check.js'
import { XLSX_LIMITS } from './xlsx-archive.js'

const read = (bytes: Uint8Array, name = '填报.xlsx') => readUpload(bytes, name, { expectedHeaders: templateHeaders })
const refusal = async (bytes: Uint8Array) => {
  const r = await read(bytes)
  return r.ok ? '(accepted)' : r.message
}

// Issue #11, row 1: the archive is judged by what it inflates to, never by what it declares.
// Building the big files takes seconds on a busy machine; the checks themselves take milliseconds.
describe('xlsx archive limits on the bytes actually inflated', { timeout: 120_000 }, () => {
  it('refuses the 306 KB workbook that declares 4 KB and inflates to 300 MB, stopping at the declared size', async () => {
    const bomb = await underReportingBomb()
    expect(bomb.length).toBeLessThan(400 * 1024)
    const checked = await checkZip(bomb, XLSX_LIMITS)
    expect(checked).toEqual({ ok: false, reason: 'size-mismatch', entry: 'xl/worksheets/sheet1.xml' })
    expect(await refusal(bomb)).toBe(
      'Excel 文件的压缩结构异常(声明的大小与实际内容不符),无法读取,请用 Excel 重新保存后上传',
    )
  })

  it('refuses a workbook that honestly declares 300 MB', async () => {
    expect(await refusal(await honestBomb())).toBe(
      'Excel 文件解压后内容过大,无法读取,请删除无关的工作表或图片后重新上传',
    )
  })

  it('refuses a part that compresses 1000:1, which no honest sheet does', async () => {
    expect(await refusal(await ratioBomb())).toBe(
      'Excel 文件解压后内容过大,无法读取,请删除无关的工作表或图片后重新上传',
    )
  })

  it('counts a part listed many times in the directory once per listing', async () => {
    const bomb = await overlappingBomb()
    expect(bomb.length).toBeLessThan(64 * 1024)
    expect(await checkZip(bomb, { ...XLSX_LIMITS, maxRatio: 10_000 })).toEqual({ ok: false, reason: 'too-large' })
    expect(await refusal(bomb)).toBe('Excel 文件解压后内容过大,无法读取,请删除无关的工作表或图片后重新上传')
  })

  it('refuses a workbook of thousands of parts', async () => {
    expect(await refusal(manyPartsXlsx(5000))).toBe(
      'Excel 文件包含的部件过多(5005 个),无法读取,请删除无关的工作表或图片后重新上传',
    )
  })

  it('refuses the 300 000-row workbook while its sheet streams, naming the sheet', async () => {
    const big = manyRowsXlsx()
    expect(await refusal(big)).toBe('工作表「填报」超过 50000 行的上限,请拆分为多个文件分批上传')
  })

  it('refuses a workbook with more cells than the cap, before loading it', async () => {
    const wide = rawXlsx([
      {
        name: '宽表',
        rows: [TEMPLATE_HEADER, ...Array.from({ length: 300 }, () => Array.from({ length: 40 }, () => 1))],
      },
    ])
    const r = await readUpload(wide, '宽表.xlsx', { expectedHeaders: templateHeaders, maxCells: 10_000 })
    expect(r.ok ? '' : r.message).toBe('工作簿的单元格超过 10000 个的上限,请只保留填报所需的行和列后重新上传')
  })

  it('still reads an honest workbook of 50 000 rows', async () => {
    const rows = [
      TEMPLATE_HEADER,
      ...Array.from({ length: 50_000 }, (_v, i) => ['yz/cloud-rate', '321000', '2025-03', i % 100]),
    ]
    const r = await read(rawXlsx([{ name: '填报', rows }]))
    expect(r.ok ? r.sheet.rows.length : r.message).toBe(50_000)
  })
})
