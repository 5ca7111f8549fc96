import { describe, expect, it } from 'vitest'
import { inspectEvidence } from './evidence-check.js'
import { docxBomb, tinyDocx, tinyJpeg, tinyPdf, tinyPng, writeZip } from './testing/index.js'

describe('evidence read whole by a parser of its kind', { timeout: 60_000 }, () => {
  it('accepts an honest .docx', async () => {
    expect(await inspectEvidence(tinyDocx(), 'docx', '说明.docx')).toEqual({ ok: true })
  })

  it('refuses a .docx whose document part inflates past what the archive declares (300 MB from 300 KB)', async () => {
    expect(await inspectEvidence(await docxBomb(), 'docx', '说明.docx')).toEqual({
      ok: false,
      message: '文件「说明.docx」不是完整有效的Word 文档(压缩结构损坏或异常),请重新保存后上传',
    })
  })

  it('refuses a zip named .docx that has no document part', async () => {
    const zip = writeZip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'word/other.xml', data: '<x/>' },
    ])
    expect(await inspectEvidence(zip, 'docx', '说明.docx')).toEqual({
      ok: false,
      message: '文件「说明.docx」不是完整有效的Word 文档(缺少文档主体),请重新保存后上传',
    })
  })
})

describe('PDF and pictures decoded whole by a real parser', { timeout: 60_000 }, () => {
  const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'))
  const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts))
  const HTML = bytes('<html><body><script>alert(document.cookie)</script></body></html>\n')

  it('accepts a real PDF, PNG and JPEG', async () => {
    expect(await inspectEvidence(tinyPdf(), 'pdf', '通知.pdf')).toEqual({ ok: true })
    expect(await inspectEvidence(tinyPng(), 'png', '截图.png')).toEqual({ ok: true })
    expect(await inspectEvidence(tinyJpeg(), 'jpeg', '照片.jpg')).toEqual({ ok: true })
  })

  it('refuses a PDF header followed by a web page, saying which file and why', async () => {
    const result = await inspectEvidence(concat(bytes('%PDF-1.4\n'), HTML, bytes('%%EOF\n')), 'pdf', '通知.pdf')
    expect(result).toEqual({
      ok: false,
      message: '文件「通知.pdf」开头像PDF 文档,但其中夹带了网页(HTML)内容,请用原软件重新导出后上传',
    })
  })

  it('refuses a PDF header with no document behind it', async () => {
    const result = await inspectEvidence(bytes('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'), 'pdf', '空.pdf')
    expect(result).toEqual({
      ok: false,
      message: '文件「空.pdf」开头像PDF 文档,但无法按PDF 文档完整读取(内容损坏或并非PDF 文档),请用原软件重新导出后上传',
    })
  })

  it('refuses a real PDF with a web page appended after its end', async () => {
    const result = await inspectEvidence(concat(tinyPdf(), bytes('<p>hello</p>')), 'pdf', '通知.pdf')
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('结束标记之后还有 13 字节其他内容') })
  })

  it('refuses a PNG signature followed by a web page', async () => {
    const signature = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const result = await inspectEvidence(concat(signature, HTML), 'png', '截图.png')
    expect(result).toEqual({
      ok: false,
      message:
        '文件「截图.png」开头像PNG 图片,但找不到PNG 图片的结束标记(文件不完整或不是PNG 图片),请用原软件重新导出后上传',
    })
  })

  it('refuses a real PNG with a web page after its last chunk, and one whose pixels are corrupt', async () => {
    expect(await inspectEvidence(concat(tinyPng(), HTML), 'png', '截图.png')).toMatchObject({
      ok: false,
      message: expect.stringContaining('结束标记之后还有'),
    })
    const corrupt = tinyPng(64, 64)
    corrupt[60] = corrupt[60]! ^ 0xff // inside IDAT: the CRC no longer matches
    expect(await inspectEvidence(corrupt, 'png', '截图.png')).toMatchObject({
      ok: false,
      message: expect.stringContaining('无法按PNG 图片完整读取'),
    })
  })

  it('refuses a JPEG start followed by a web page, and one with HTML hidden before its end marker', async () => {
    expect(
      await inspectEvidence(concat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), HTML), 'jpeg', '照片.jpg'),
    ).toMatchObject({ ok: false, message: expect.stringContaining('找不到JPEG 图片的结束标记') })
    const hidden = concat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), HTML, new Uint8Array([0xff, 0xd9]))
    expect(await inspectEvidence(hidden, 'jpeg', '照片.jpg')).toMatchObject({
      ok: false,
      message: expect.stringContaining('夹带了网页(HTML)内容'),
    })
    const garbage = concat(
      new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
      new Uint8Array(64).fill(7),
      new Uint8Array([0xff, 0xd9]),
    )
    expect(await inspectEvidence(garbage, 'jpeg', '照片.jpg')).toMatchObject({
      ok: false,
      message: expect.stringContaining('无法按JPEG 图片完整读取'),
    })
  })

  it('refuses a PNG declaring more pixels than the limit before decoding it', async () => {
    const big = tinyPng()
    new DataView(big.buffer, big.byteOffset).setUint32(16, 100_000)
    new DataView(big.buffer, big.byteOffset).setUint32(20, 100_000)
    expect(await inspectEvidence(big, 'png', '巨图.png')).toMatchObject({
      ok: false,
      message: expect.stringContaining('图片「巨图.png」尺寸过大'),
    })
  })
})
