import { describe, expect, it } from 'vitest'
import { escapeHtml } from './html-escape.js'
import { renderEmail } from './render-email.js'
import { firingMessage, lagItem, missingItem, taskItem } from './test-fixtures.js'

describe('renderEmail', () => {
  it('uses the title as subject and the plain text as text part', () => {
    const mail = renderEmail(firingMessage())
    expect(mail.subject).toBe('【严重】南昌市 政务服务电子证照用证率 低于序时进度')
    expect(mail.text).toContain('当前值：72.5%')
    expect(mail.text).toContain('序时进度应达：80%')
    expect(mail.text).toContain('此邮件由系统自动发送')
  })

  it('HTML-escapes names so markup in them is shown, not run', () => {
    const mail = renderEmail(firingMessage({ items: [lagItem, missingItem] }))
    expect(mail.html).toContain('一网通办事项数&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(mail.html).not.toContain('<script>')
  })

  it('links only http(s) targets', () => {
    const mail = renderEmail(firingMessage({ items: [lagItem, missingItem] }))
    expect(mail.html).toContain('<a href="https://cockpit.example.cn/indicators/12?j=360100">查看详情</a>')
    expect(mail.html).not.toContain('href="javascript')
    expect(mail.html).toContain('javascript:alert(1)')
  })

  it('escapes quotes inside a link so it cannot leave the href attribute', () => {
    const mail = renderEmail(firingMessage({ items: [{ ...lagItem, link: 'https://a.cn/x"onmouseover="alert(1)' }] }))
    expect(mail.html).toContain('href="https://a.cn/x&quot;onmouseover=&quot;alert(1)"')
  })

  it('shows values with units and dashes for missing ones', () => {
    const mail = renderEmail(firingMessage({ items: [lagItem, missingItem] }))
    expect(mail.html).toContain('>72.5%<')
    expect(mail.html).toContain('落后 7.5 个百分点')
    expect(mail.html).toContain('>—<')
  })

  it('does not put mobile numbers in an e-mail', () => {
    const mail = renderEmail(firingMessage({ mentions: { mobiles: ['13800000000'] } }))
    expect(mail.text).not.toContain('13800000000')
    expect(mail.html).not.toContain('13800000000')
  })

  it('escapes all five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
  })
})

describe('renderEmail for a task', () => {
  it('labels the subject as a task and shows its own rows', () => {
    const mail = renderEmail(firingMessage({ items: [taskItem] }))
    expect(mail.html).toContain('重点任务')
    expect(mail.html).toContain('逾期天数')
    expect(mail.html).not.toContain('序时进度应达')
  })
})
