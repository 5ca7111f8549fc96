import { randomBytes } from 'node:crypto'
import { tinyPdf } from '@cockpit/tabular/testing'
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx'
import { describe, expect, it } from 'vitest'
import iconv from 'iconv-lite'
import { extractPlan } from './extract.js'
import { readDocument } from './read-document.js'
import { PlanImportError } from './refusal.js'
import { textPdf, zipOf } from './testing/samples.js'

const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] })

async function planDocx(): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun('南昌市数字政府规划建设方案')] }),
          new Paragraph('到2025年,政府部门电子印章覆盖率达到95%。'),
          new Table({
            rows: [
              new TableRow({ children: ['序号', '主要指标', '2022年', '2025年', '属性'].map(cell) }),
              new TableRow({ children: ['1', '政务云资源算力规模(万核)', '5.7', '6', '预期性'].map(cell) }),
            ],
          }),
        ],
      },
    ],
  })
  return new Uint8Array(await Packer.toBuffer(doc))
}

const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(PlanImportError)
  return e as PlanImportError
}

describe('readDocument', () => {
  it('reads a docx: paragraphs, and a table as rows of cells', async () => {
    const doc = await readDocument('plan.docx', await planDocx())
    expect(doc.format).toBe('docx')
    expect(doc.blocks.filter((b) => b.kind === 'paragraph').map((b) => (b.kind === 'paragraph' ? b.text : ''))).toEqual(
      ['南昌市数字政府规划建设方案', '到2025年,政府部门电子印章覆盖率达到95%。'],
    )
    const table = doc.blocks.find((b) => b.kind === 'table')
    expect(table).toMatchObject({
      rows: [
        ['序号', '主要指标', '2022年', '2025年', '属性'],
        ['1', '政务云资源算力规模(万核)', '5.7', '6', '预期性'],
      ],
    })
  })

  it('extracts a table target from a docx, citing the cell', async () => {
    const plan = extractPlan(await readDocument('plan.docx', await planDocx()), { jurisdictions: [] })
    expect(plan.targets).toContainEqual(
      expect.objectContaining({
        indicator: '政务云资源算力规模',
        unit: '万核',
        value: 6,
        nature: 'expected',
        baseline: { year: 2022, value: 5.7 },
        source: expect.objectContaining({ kind: 'cell', row: 1, cell: 1 }),
      }),
    )
    expect(plan.targets).toContainEqual(
      expect.objectContaining({
        indicator: '政府部门电子印章覆盖率',
        value: 95,
        source: expect.objectContaining({ kind: 'paragraph' }),
      }),
    )
  })

  it('reads the text layer of a pdf', async () => {
    const doc = await readDocument(
      'plan.pdf',
      textPdf(['南昌市数字政府规划建设方案', '到2025年,非涉密政务系统上云率达到80%以上。']),
    )
    expect(doc.blocks).toEqual([
      { kind: 'paragraph', index: 0, text: '南昌市数字政府规划建设方案' },
      { kind: 'paragraph', index: 1, text: '到2025年,非涉密政务系统上云率达到80%以上。' },
    ])
  })

  it('reads GB18030 text and UTF-8 markdown', async () => {
    const gbk = iconv.encode('到2025年,数据目录资源挂接率力争达100%。', 'gb18030')
    expect((await readDocument('plan.txt', new Uint8Array(gbk))).blocks[0]).toMatchObject({
      text: '到2025年,数据目录资源挂接率力争达100%。',
    })
    const md = Buffer.from('# 南昌市数字政府规划建设方案\n\n- 到2025年,网上可办率达到98%。\n')
    expect(
      (await readDocument('plan.md', new Uint8Array(md))).blocks.map((b) => (b.kind === 'paragraph' ? b.text : '')),
    ).toEqual(['南昌市数字政府规划建设方案', '到2025年,网上可办率达到98%。'])
  })
})

describe('refusals', () => {
  it('refuses a pdf without a text layer, saying OCR is not supported', async () => {
    const e = await refusal(readDocument('scan.pdf', tinyPdf()))
    expect(e.reason).toBe('image-only-pdf')
    expect(e.message).toContain('不支持 OCR')
  })

  it('refuses a file over the size limit', async () => {
    const e = await refusal(readDocument('plan.txt', new Uint8Array(2048), { maxBytes: 1024 }))
    expect(e.reason).toBe('too-large')
    expect(e.message).toMatch(/文件过大/)
  })

  it('refuses a password-protected docx (an OLE container, as Word writes it)', async () => {
    const ole = new Uint8Array(1024)
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    const e = await refusal(readDocument('plan.docx', ole))
    expect(e.reason).toBe('encrypted')
    expect(e.message).toContain('密码')
  })

  it('refuses a zip whose parts are marked encrypted', async () => {
    const e = await refusal(
      readDocument('plan.docx', zipOf([{ name: 'word/document.xml', data: Buffer.from('<w:document/>'), flags: 1 }])),
    )
    expect(e.reason).toBe('encrypted')
  })

  it('refuses a zip bomb before inflating it', async () => {
    const bomb = zipOf([{ name: 'word/document.xml', data: Buffer.alloc(8 * 1024 * 1024), deflate: true }])
    expect(bomb.byteLength).toBeLessThan(20_000)
    const e = await refusal(readDocument('plan.docx', bomb))
    expect(e.reason).toBe('zip-bomb')
    expect(e.message).toContain('压缩炸弹')
  })

  it('refuses binary bytes posing as text, and a broken docx', async () => {
    expect((await refusal(readDocument('plan.txt', new Uint8Array([0x00, 0x01, 0x02, 0x03])))).reason).toBe('not-text')
    expect(await refusal(readDocument('plan.docx', new Uint8Array(randomBytes(64))))).toBeInstanceOf(PlanImportError)
  })

  it('refuses a document that is not a plan: no targets found', async () => {
    const doc = await readDocument(
      'note.txt',
      new Uint8Array(Buffer.from('关于召开年度工作会议的通知\n请各单位派员参加。')),
    )
    const e = (() => {
      try {
        extractPlan(doc, { jurisdictions: [] })
      } catch (err) {
        return err as PlanImportError
      }
    })()
    expect(e?.reason).toBe('not-a-plan')
    expect(e?.message).toContain('未在文件中找到任何指标目标')
  })
})
