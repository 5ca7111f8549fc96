import type { EvidenceFile, ObservationPeriod, Submission, SubmissionAccepted } from '@cockpit/contracts'
import { MAX_EVIDENCE_BYTES } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { docxBomb, tinyPdf, tinyPng } from '@cockpit/tabular/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, loginClient, waitProcessed } from './testing/http.js'
import { createUser, departmentToken, ownedIndicators } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

const periodFor = (cadence: string) =>
  cadence === 'monthly' ? '2024-03' : cadence === 'quarterly' ? '2024-Q1' : '2023'
const PDF = tinyPdf()

describe.each(testDatabases())('evidence attachments on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>>
  let dept: Awaited<ReturnType<typeof departmentToken>>
  let other: Awaited<ReturnType<typeof departmentToken>>
  beforeAll(async () => {
    ctx = await seededApp(target, { withQueue: true })
    dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
    other = await departmentToken(ctx.handle.db, '360100', 'czj')
  })
  afterAll(async () => {
    await ctx?.close()
  })
  const api = (token = dept.token) => client(ctx.app, { token })
  const upload = (bytes: Uint8Array, name: string, token = dept.token, type = 'application/pdf') => {
    const form = new FormData()
    form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type }))
    return api(token).upload<EvidenceFile & { code?: string; message?: string }>('/api/v1/evidence', form)
  }
  const download = (id: string, auth: { token?: string; cookie?: string; csrf?: string }) =>
    ctx.app.request(`/api/v1/evidence/${id}`, {
      headers: {
        ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
        ...(auth.cookie ? { cookie: auth.cookie } : {}),
      },
    })

  it('stores a PDF with its detected type, size and hash, and audits the upload', async () => {
    const res = await upload(PDF, '../../2024年3月 佐证.pdf', dept.token, 'text/html')
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      fileName: '2024年3月 佐证.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      departmentId: dept.departmentId,
    })
    expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/)
    const entry = await ctx.handle.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity', '=', 'evidence')
      .where('entity_id', '=', res.body.id)
      .executeTakeFirstOrThrow()
    expect(entry.action).toBe('evidence.upload')
    expect(JSON.stringify(entry.after)).toContain('2024年3月 佐证.pdf')
  })

  it('refuses a disguised executable (MZ bytes named .pdf) and says why', async () => {
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00])
    const res = await upload(exe, '统计表.pdf')
    expect(res.status).toBe(400)
    expect(res.body.message).toContain('可执行程序')
    expect(res.body.message).toContain('PDF')
    const html = await upload(
      new TextEncoder().encode('<html><script>alert(1)</script></html>'),
      '说明.png',
      dept.token,
      'image/png',
    )
    expect(html.status).toBe(400)
    expect(html.body.message).toContain('按文件内容判断')
    const zip = await upload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), '材料.zip')
    expect(zip.status).toBe(400)
    expect(zip.body.message).toContain('zip')
  })

  it('refuses PDF or PNG first bytes followed by a web page, naming the file and why (issue #11: a real parser of the whole file)', async () => {
    const page = new TextEncoder().encode('<html><body><script>alert(document.cookie)</script></body></html>')
    const pdf = await upload(
      new Uint8Array([...new TextEncoder().encode('%PDF-1.4\n'), ...page, ...new TextEncoder().encode('\n%%EOF\n')]),
      '通知.pdf',
    )
    expect(pdf.status).toBe(400)
    expect(pdf.body.message).toBe('文件「通知.pdf」开头像PDF 文档,但其中夹带了网页(HTML)内容,请用原软件重新导出后上传')
    const stub = await upload(new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n'), '空壳.pdf')
    expect(stub.status).toBe(400)
    expect(stub.body.message).toContain('无法按PDF 文档完整读取')
    const png = await upload(
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...page]),
      '截图.png',
      dept.token,
      'image/png',
    )
    expect(png.status).toBe(400)
    expect(png.body.message).toContain('文件「截图.png」开头像PNG 图片')
    const appended = await upload(new Uint8Array([...tinyPng(), ...page]), '截图.png', dept.token, 'image/png')
    expect(appended.status).toBe(400)
    expect(appended.body.message).toContain('结束标记之后还有')
    expect((await upload(tinyPng(), '截图.png', dept.token, 'image/png')).status).toBe(201)
  })

  it('refuses a .docx that inflates past what it declares (issue #11: limits on bytes actually inflated)', async () => {
    const res = await upload(
      await docxBomb(),
      '说明.docx',
      dept.token,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    )
    expect(res.status).toBe(400)
    expect(res.body.message).toBe('文件「说明.docx」不是完整有效的Word 文档(压缩结构损坏或异常),请重新保存后上传')
  })

  it('refuses a file over 10 MB with 413', async () => {
    const big = new Uint8Array(MAX_EVIDENCE_BYTES + 1)
    big.set(PDF)
    const res = await upload(big, '大文件.pdf')
    expect(res.status).toBe(413)
    expect(res.body.message).toContain('10 MB')
  })

  it('downloads as an attachment with the stored type, an RFC 5987 name and nosniff', async () => {
    const stored = (await upload(PDF, "季度(报告)'s.pdf")).body
    const res = await download(stored.id, { token: dept.token })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const disposition = res.headers.get('content-disposition')!
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/)
    expect(disposition).not.toMatch(/filename\*=UTF-8''.*['()]/)
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe("季度(报告)'s.pdf")
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PDF)
  })

  it('lets only the uploading department, managers in scope and admins download; others get 404', async () => {
    const stored = (await upload(PDF, '佐证.pdf')).body
    await createUser(ctx.handle.db, {
      username: 'ev-manager-x',
      password: 'manager pass 1',
      role: 'manager',
      jurisdictions: ['360100'],
    })
    await createUser(ctx.handle.db, {
      username: 'ev-manager-y',
      password: 'manager pass 2',
      role: 'manager',
      jurisdictions: ['321000'],
    })
    await createUser(ctx.handle.db, { username: 'ev-admin', password: 'admin pass 1', role: 'admin' })
    await createUser(ctx.handle.db, {
      username: 'ev-reporter',
      password: 'reporter pass 1',
      role: 'reporter',
      departmentId: dept.departmentId,
    })
    expect((await download(stored.id, { token: other.token })).status).toBe(404)
    expect(
      (await download(stored.id, (await loginClient(ctx.app, 'ev-manager-y', 'manager pass 2')).auth)).status,
    ).toBe(404)
    expect(
      (await download(stored.id, (await loginClient(ctx.app, 'ev-manager-x', 'manager pass 1')).auth)).status,
    ).toBe(200)
    expect((await download(stored.id, (await loginClient(ctx.app, 'ev-admin', 'admin pass 1')).auth)).status).toBe(200)
    expect(
      (await download(stored.id, (await loginClient(ctx.app, 'ev-reporter', 'reporter pass 1')).auth)).status,
    ).toBe(200)
  })

  it('links evidence to the reported value, shown in the history; another department cannot attach it', async () => {
    const [ind] = (await ownedIndicators(ctx.handle.db, dept.departmentId)).filter((i) => i.start_year <= 2023)
    const stored = (await upload(PDF, '三月佐证.pdf')).body
    const item = {
      indicator: ind!.id,
      period: periodFor(ind!.cadence),
      value: ind!.measure === 'percent' ? 61 : 9,
      evidenceId: stored.id,
    }

    const [theirs] = await ownedIndicators(ctx.handle.db, other.departmentId)
    const foreign = await api(other.token).post<{ message: string }>('/api/v1/submissions', {
      items: [{ indicator: theirs!.id, period: periodFor(theirs!.cadence), value: 1, evidenceId: stored.id }],
    })
    expect(foreign.status).toBe(403)
    expect(foreign.body.message).toContain('items.0.evidenceId')
    const unknown = await api().post<{ message: string }>('/api/v1/submissions', {
      items: [{ ...item, evidenceId: '00000000-0000-4000-8000-000000000000' }],
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.message).toContain('不存在')

    const res = await api().post<SubmissionAccepted>('/api/v1/submissions', { items: [item] })
    expect(res.status).toBe(202)
    expect((await waitProcessed<Submission>(api(), res.body.id)).acceptedCount).toBe(1)
    const history = await api().get<{ periods: ObservationPeriod[] }>(`/api/v1/indicators/${ind!.id}/observations`)
    const revision = history.body.periods.find((p) => p.periodKey === item.period)!.revisions[0]!
    expect(revision.evidence).toEqual({ id: stored.id, fileName: '三月佐证.pdf', size: PDF.length })
  })
})
