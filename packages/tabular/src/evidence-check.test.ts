import { describe, expect, it } from 'vitest'
import { inspectEvidence } from './evidence-check.js'
import { docxBomb, tinyDocx, writeZip } from './testing/index.js'

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
    const zip = writeZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/other.xml', data: '<x/>' }])
    expect(await inspectEvidence(zip, 'docx', '说明.docx')).toEqual({ ok: false, message: '文件「说明.docx」不是完整有效的Word 文档(缺少文档主体),请重新保存后上传' })
  })
})
