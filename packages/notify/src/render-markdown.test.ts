import { describe, expect, it } from 'vitest'
import type { AlertItem } from './alert-message.js'
import { escapeLinkTarget, escapeMarkdown } from './markdown-escape.js'
import { markdownByteLimits, renderMarkdown } from './render-markdown.js'
import { firingMessage, lagItem, missingItem, taskItem } from './test-fixtures.js'
import { utf8Length } from './utf8-limit.js'

const mentioned = firingMessage({ mentions: { mobiles: ['13800000000'] } })

describe('renderMarkdown for DingTalk', () => {
  it('has a heading, the values with units and a clickable link', () => {
    const md = renderMarkdown(firingMessage(), 'dingtalk')
    expect(md.startsWith('#### 【严重】南昌市 政务服务电子证照用证率 低于序时进度\n')).toBe(true)
    expect(md).toContain('**政务服务电子证照用证率 · 南昌市**')
    expect(md).toContain('- 当前值：72.5%')
    expect(md).toContain('- 序时进度应达：80%')
    expect(md).toContain('- 差距：落后 7.5 个百分点')
    expect(md).toContain('- [查看详情](https://cockpit.example.cn/indicators/12?j=360100)')
  })

  it('puts "@mobile" in the text, which DingTalk needs besides at.atMobiles', () => {
    expect(renderMarkdown(mentioned, 'dingtalk').endsWith('\n\n@13800000000')).toBe(true)
  })

  it('shows missing values as a dash and a non-web link as text only', () => {
    const md = renderMarkdown(firingMessage({ items: [missingItem] }), 'dingtalk')
    expect(md).toContain('- 当前值：—')
    expect(md).toContain('- 截止日期：—')
    expect(md).toContain('- 详情：javascript:alert(1)')
    expect(md).not.toContain('](javascript')
  })
})

describe('renderMarkdown for WeCom', () => {
  it('colours the title and a lagging gap with WeCom font tags', () => {
    const md = renderMarkdown(firingMessage(), 'wecom')
    expect(md.startsWith('**<font color="warning">【严重】南昌市 政务服务电子证照用证率 低于序时进度</font>**')).toBe(
      true,
    )
    expect(md).toContain('> 差距：<font color="warning">落后 7.5 个百分点</font>')
    expect(md).toContain('> 当前值：72.5%')
  })

  it('colours a resolved alert green', () => {
    expect(renderMarkdown(firingMessage({ kind: 'resolved' }), 'wecom')).toContain('<font color="info">')
  })

  it('leaves mentions out: WeCom markdown cannot @ by mobile', () => {
    expect(renderMarkdown(mentioned, 'wecom')).not.toContain('@13800000000')
  })
})

describe('markdown escaping', () => {
  it('keeps names from injecting markup, links, font tags or mentions', () => {
    const hostile: AlertItem = {
      ...lagItem,
      indicatorName: '**粗**[点我](http://evil)<font color="info">绿</font><@all>',
      target: '# 标题',
    }
    for (const flavour of ['dingtalk', 'wecom'] as const) {
      const md = renderMarkdown(firingMessage({ items: [hostile] }), flavour)
      expect(md).toContain('＊＊粗＊＊［点我］(http://evil)＜font color="info"＞绿＜/font＞＜@all＞')
      expect(md).toContain('目标：＃ 标题')
      expect(md).not.toContain('[点我]')
    }
  })
  it('percent-encodes characters that would end a link target early', () => {
    expect(escapeLinkTarget('https://a.cn/x (1)')).toBe('https://a.cn/x%20%281%29')
    expect(escapeMarkdown('a\nb')).toBe('a b')
  })
})

describe('size limits', () => {
  const many = Array.from({ length: 60 }, (_, i): AlertItem => ({ ...lagItem, jurisdictionName: `第${i + 1}个县区` }))

  it('keeps WeCom markdown within 4096 bytes and says how many items were left out', () => {
    const md = renderMarkdown(firingMessage({ items: many }), 'wecom')
    expect(utf8Length(md)).toBeLessThanOrEqual(markdownByteLimits.wecom)
    const shown = (md.match(/^\*\*\d+\. /gm) ?? []).length
    expect(shown).toBeGreaterThan(0)
    expect(md).toContain(`……另有 ${60 - shown} 项未列出，请登录平台查看`)
  })

  it('keeps the DingTalk mention line even when items are cut', () => {
    const huge = Array.from({ length: 400 }, () => lagItem)
    const md = renderMarkdown(firingMessage({ items: huge, mentions: { mobiles: ['13800000000'] } }), 'dingtalk')
    expect(utf8Length(md)).toBeLessThanOrEqual(markdownByteLimits.dingtalk)
    expect(md).toContain('项未列出')
    expect(md.endsWith('@13800000000')).toBe(true)
  })

  it('cuts an enormous title without breaking a character', () => {
    const md = renderMarkdown(firingMessage({ title: '超长标题'.repeat(2000) }), 'wecom')
    expect(utf8Length(md)).toBeLessThanOrEqual(markdownByteLimits.wecom)
    expect(md.endsWith('…')).toBe(true)
    expect(md).not.toContain('\uFFFD')
  })

  it('lists every item when they fit', () => {
    const md = renderMarkdown(firingMessage({ items: [lagItem, missingItem] }), 'wecom')
    expect(md).toContain('共 2 项')
    expect(md).not.toContain('未列出')
  })
})

describe('renderMarkdown for a task', () => {
  it("lists the task's own rows in both flavours and no measured values", () => {
    for (const flavour of ['dingtalk', 'wecom'] as const) {
      const md = renderMarkdown(firingMessage({ items: [taskItem] }), flavour)
      expect(md).toContain('牵头单位：市数据局')
      expect(md).toContain('最新进展：滞后(原因：招标延期)')
      expect(md).not.toContain('序时进度应达')
    }
  })
})
