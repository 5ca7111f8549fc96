import type { AlertItem, AlertMessage } from './alert-message.js'
import { MISSING, formatBeijingTime, formatGap, formatQuantity, kindLabels, oneLine, severityLabels } from './format.js'

const itemLines = (item: AlertItem, index: number, numbered: boolean): string[] => {
  const indent = numbered ? '   ' : ''
  const measured = item.fields
    ? item.fields.map(([label, value]) => `${indent}${oneLine(label)}：${oneLine(value) || MISSING}`)
    : [
        `${indent}当前值：${formatQuantity(item.value, item.unit)}`,
        `${indent}序时进度应达：${formatQuantity(item.expected, item.unit)}`,
        `${indent}差距：${formatGap(item.gap, item.unit)}`,
        `${indent}目标：${oneLine(item.target) || MISSING}`,
      ]
  return [
    `${numbered ? `${index + 1}. ` : ''}${oneLine(item.subjectLabel ?? '指标')}：${oneLine(item.indicatorName)}`,
    `${indent}地区：${oneLine(item.jurisdictionName)}`,
    ...measured,
    `${indent}截止日期：${item.deadline ?? MISSING}`,
    `${indent}状态：${oneLine(item.status) || MISSING}`,
    `${indent}详情：${item.link.trim() || MISSING}`,
  ]
}

/** "@13800000000 @13900000000": DingTalk only notifies a mobile that also appears in the text this way. */
export const mentionText = (m: AlertMessage): string =>
  (m.mentions?.mobiles ?? []).map((mobile) => `@${mobile}`).join(' ')

/**
 * The plain text without or with the mention line. E-mail leaves it out: an "@mobile" means nothing in a
 * mailbox and would only spread people's phone numbers.
 */
export const renderTextBody = (m: AlertMessage, withMentions: boolean): string => {
  const numbered = m.items.length > 1
  const lines = [
    oneLine(m.title),
    `类型：${kindLabels[m.kind]}　级别：${severityLabels[m.severity]}　时间：${formatBeijingTime(m.occurredAt)}（北京时间）`,
  ]
  if (numbered) lines.push(`共 ${m.items.length} 项：`)
  m.items.forEach((item, index) => {
    lines.push('', ...itemLines(item, index, numbered))
  })
  const mentions = withMentions ? mentionText(m) : ''
  if (mentions) lines.push('', `请关注：${mentions}`)
  return lines.join('\n')
}

/** Chinese plain text for channels without formatting and the webhook's `text`. */
export const renderText = (m: AlertMessage): string => renderTextBody(m, true)
