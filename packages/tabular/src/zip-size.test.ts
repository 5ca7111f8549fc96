import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { zipUncompressedSize } from './zip-size.js'

async function workbookBytes(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  wb.addWorksheet('填报').getCell('A1').value = '数值'
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer)
}

describe('zipUncompressedSize', () => {
  it('sums the sizes declared in the central directory', async () => {
    const bytes = await workbookBytes()
    const size = zipUncompressedSize(bytes)
    expect(size).toBeGreaterThan(bytes.length)
    expect(size).toBeLessThan(1024 * 1024)
  })

  it('reports a declared size far beyond the file, as a zip bomb declares', async () => {
    const bytes = await workbookBytes()
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    // Patch the first central-directory entry to declare 4 GB minus one.
    for (let i = 0; i < bytes.length - 4; i++) {
      if (view.getUint32(i, true) === 0x02014b50) {
        view.setUint32(i + 24, 0xfffffffe, true)
        break
      }
    }
    expect(zipUncompressedSize(bytes)).toBeGreaterThan(4_000_000_000)
  })

  it('is null for a truncated archive', async () => {
    expect(zipUncompressedSize((await workbookBytes()).slice(0, 300))).toBeNull()
    expect(zipUncompressedSize(new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toBeNull()
  })
})
