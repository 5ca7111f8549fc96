import type { AlertItem, AlertMessage } from './alert-message.js'
import {
  MISSING,
  formatBeijingTime,
  formatGap,
  formatQuantity,
  isWebLink,
  kindLabels,
  severityLabels,
} from './format.js'
import { escapeLinkTarget, escapeMarkdown } from './markdown-escape.js'
import { mentionText } from './render-text.js'
import { truncateUtf8, utf8Length } from './utf8-limit.js'

export type MarkdownFlavour = 'dingtalk' | 'wecom'

/**
 * Size caps in UTF-8 bytes. WeCom rejects markdown content over 4096 bytes. DingTalk's cap is larger and
 * less clearly documented; 18,000 bytes stays well inside it. Grouped alerts that do not fit drop their
 * last items and say how many were left out rather than fail.
 */
export const markdownByteLimits: Record<MarkdownFlavour, number> = { dingtalk: 18_000, wecom: 4096 }

// Blank lines separate blocks in both robots' renderers.
const separator = '\n\n'

type WecomColour = 'info' | 'comment' | 'warning'

// WeCom's markdown knows three colours only: info (green), comment (grey), warning (orange-red).
const wecomTitleColour = (m: AlertMessage): WecomColour => {
  if (m.kind === 'resolved') return 'info'
  return m.severity === 'info' ? 'comment' : 'warning'
}

const font = (colour: WecomColour, text: string): string => `<font color="${colour}">${text}</font>`

const linkLine = (item: AlertItem): string =>
  isWebLink(item.link) ? `[查看详情](${escapeLinkTarget(item.link)})` : `详情：${escapeMarkdown(item.link) || MISSING}`

const fields = (item: AlertItem, flavour: MarkdownFlavour): [string, string][] => {
  // Units come from seed files and users like every other text field.
  const gap = escapeMarkdown(formatGap(item.gap, item.unit))
  const behind = gap.startsWith('落后')
  const measured: [string, string][] = item.fields
    ? item.fields.map(([label, value]) => [escapeMarkdown(label), escapeMarkdown(value) || MISSING])
    : [
        ['当前值', escapeMarkdown(formatQuantity(item.value, item.unit))],
        ['序时进度应达', escapeMarkdown(formatQuantity(item.expected, item.unit))],
        ['差距', flavour === 'wecom' && behind ? font('warning', gap) : gap],
        ['目标', escapeMarkdown(item.target) || MISSING],
      ]
  return [
    ...measured,
    ['截止日期', item.deadline ? escapeMarkdown(item.deadline) : MISSING],
    ['状态', escapeMarkdown(item.status) || MISSING],
  ]
}

const itemBlock = (item: AlertItem, index: number, numbered: boolean, flavour: MarkdownFlavour): string => {
  const heading = `**${numbered ? `${index + 1}. ` : ''}${escapeMarkdown(item.indicatorName)} · ${escapeMarkdown(item.jurisdictionName)}**`
  const rows = fields(item, flavour)
  if (flavour === 'dingtalk') {
    // DingTalk folds single line breaks inside a paragraph, so the fields form a list.
    return [heading, '', ...rows.map(([k, v]) => `- ${k}：${v}`), `- ${linkLine(item)}`].join('\n')
  }
  // WeCom's first markdown version has no lists; quoted lines keep the fields visually grouped.
  return [heading, ...rows.map(([k, v]) => `> ${k}：${v}`), `> ${linkLine(item)}`].join('\n')
}

const header = (m: AlertMessage, flavour: MarkdownFlavour): string => {
  const title = escapeMarkdown(m.title)
  const meta = `${kindLabels[m.kind]}　级别：${severityLabels[m.severity]}　时间：${formatBeijingTime(m.occurredAt)}（北京时间）`
  if (flavour === 'dingtalk') return `#### ${title}\n\n${meta}`
  return `**${font(wecomTitleColour(m), title)}**\n${font('comment', meta)}`
}

/**
 * Markdown for a group robot. DingTalk's text carries "@mobile" for each mention, which DingTalk needs
 * besides `at.atMobiles` to actually notify; WeCom markdown cannot mention by mobile, so its mentions go
 * in a separate text message (see wecom.ts) and are not rendered here.
 */
export const renderMarkdown = (m: AlertMessage, flavour: MarkdownFlavour): string => {
  const limit = markdownByteLimits[flavour]
  const mentions = flavour === 'dingtalk' ? mentionText(m) : ''
  const footer = mentions ? `${separator}${mentions}` : ''
  const numbered = m.items.length > 1
  const head = numbered ? `${header(m, flavour)}${separator}共 ${m.items.length} 项` : header(m, flavour)
  const blocks = m.items.map((item, index) => itemBlock(item, index, numbered, flavour))

  const omission = (left: number): string => `${separator}……另有 ${left} 项未列出，请登录平台查看`
  let body = head
  for (let i = 0; i < blocks.length; i += 1) {
    const next = `${body}${separator}${blocks[i]}`
    const reserve = i + 1 < blocks.length ? utf8Length(omission(blocks.length - i - 1)) : 0
    if (utf8Length(next) + reserve + utf8Length(footer) > limit) {
      body += omission(blocks.length - i)
      break
    }
    body = next
  }
  // Only a pathological title or a single enormous item gets here; a cut message beats a rejected one.
  return truncateUtf8(body, limit - utf8Length(footer)) + footer
}
