import { describe, expect, it } from 'vitest'
import { safeEvidenceName, sniffEvidence } from './evidence.js'

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)))
const ZIP = [0x50, 0x4b, 0x03, 0x04]

describe('sniffEvidence', () => {
  it('recognises PDF, PNG and JPEG by their first bytes, whatever the name says', () => {
    expect(sniffEvidence(bytes('%PDF-1.7'), 'a.txt')).toEqual({ ok: true, kind: 'pdf' })
    expect(sniffEvidence(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'a.pdf')).toEqual({
      ok: true,
      kind: 'png',
    })
    expect(sniffEvidence(bytes([0xff, 0xd8, 0xff, 0xe0]), 'photo')).toEqual({ ok: true, kind: 'jpeg' })
  })

  it('accepts a zip as .docx or .xlsx only when named so and holding that format’s part', () => {
    expect(sniffEvidence(bytes(ZIP, '....[Content_Types].xml....word/document.xml'), '说明.docx')).toEqual({
      ok: true,
      kind: 'docx',
    })
    expect(sniffEvidence(bytes(ZIP, '....xl/workbook.xml'), '台账.XLSX')).toEqual({ ok: true, kind: 'xlsx' })
    expect(sniffEvidence(bytes(ZIP, '....xl/workbook.xml'), '台账.docx').ok).toBe(false)
    expect(sniffEvidence(bytes(ZIP, '....payload.exe'), '材料.zip').ok).toBe(false)
  })

  it('refuses programs and anything unrecognised, saying why and what is allowed', () => {
    const exe = sniffEvidence(bytes('MZ', [0x90, 0]), '统计表.pdf')
    expect(exe.ok).toBe(false)
    expect(!exe.ok && exe.message).toMatch(/统计表\.pdf.*可执行程序.*PDF/)
    expect(sniffEvidence(bytes([0x7f], 'ELF'), 'x.png').ok).toBe(false)
    expect(sniffEvidence(bytes('<svg onload=alert(1)>'), 'x.png').ok).toBe(false)
    expect(sniffEvidence(new Uint8Array(), 'empty.pdf')).toEqual({ ok: false, message: '文件「empty.pdf」是空的' })
  })
})

describe('safeEvidenceName', () => {
  it('drops paths and reserved characters and makes the extension match the content', () => {
    expect(safeEvidenceName('C:\\Users\\张三\\报告.pdf', 'pdf')).toBe('报告.pdf')
    expect(safeEvidenceName('../../etc/passwd', 'pdf')).toBe('passwd.pdf')
    expect(safeEvidenceName('a"b<c>\n.png', 'png')).toBe('abc.png')
    expect(safeEvidenceName('扫描件.pdf', 'jpeg')).toBe('扫描件.pdf.jpg')
    expect(safeEvidenceName('photo.JPEG', 'jpeg')).toBe('photo.JPEG')
    expect(safeEvidenceName('...', 'pdf')).toBe('佐证材料.pdf')
  })
})
