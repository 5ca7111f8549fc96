import type { AlertItem, AlertMessage } from './alert-message.js'
import {
  MISSING,
  formatBeijingTime,
  formatGap,
  formatQuantity,
  isWebLink,
  kindLabels,
  oneLine,
  severityLabels,
} from './format.js'
import { escapeHtml } from './html-escape.js'
import { renderTextBody } from './render-text.js'

export interface RenderedEmail {
  subject: string
  text: string
  html: string
}

// Colours of the band above the title; a resolved alert is green whatever its severity.
const bandColour = (m: AlertMessage): string => {
  if (m.kind === 'resolved') return '#2e7d32'
  return { critical: '#c62828', warning: '#ef6c00', info: '#1565c0' }[m.severity]
}

const cell = 'padding:4px 12px 4px 0;vertical-align:top'

const row = (label: string, value: string): string =>
  `<tr><th align="left" style="${cell};color:#666;font-weight:normal;white-space:nowrap">${escapeHtml(label)}</th><td style="${cell}">${value}</td></tr>`

const itemHtml = (item: AlertItem, index: number, numbered: boolean): string => {
  const gap = formatGap(item.gap, item.unit)
  const gapHtml = gap.startsWith('落后') ? `<span style="color:#c62828">${escapeHtml(gap)}</span>` : escapeHtml(gap)
  // A link that is not http(s) (javascript:, data:) is shown as text and never becomes an href.
  const link = isWebLink(item.link)
    ? `<a href="${escapeHtml(item.link.trim())}">查看详情</a>`
    : escapeHtml(item.link.trim() || MISSING)
  const heading = `${numbered ? `${index + 1}. ` : ''}${oneLine(item.indicatorName)} · ${oneLine(item.jurisdictionName)}`
  return [
    `<h3 style="font-size:15px;margin:16px 0 4px">${escapeHtml(heading)}</h3>`,
    '<table role="presentation" style="border-collapse:collapse;font-size:14px">',
    row(oneLine(item.subjectLabel ?? '指标'), escapeHtml(oneLine(item.indicatorName))),
    row('地区', escapeHtml(oneLine(item.jurisdictionName))),
    ...(item.fields
      ? item.fields.map(([label, value]) => row(oneLine(label), escapeHtml(oneLine(value) || MISSING)))
      : [
          row('当前值', escapeHtml(formatQuantity(item.value, item.unit))),
          row('序时进度应达', escapeHtml(formatQuantity(item.expected, item.unit))),
          row('差距', gapHtml),
          row('目标', escapeHtml(oneLine(item.target) || MISSING)),
        ]),
    row('截止日期', escapeHtml(item.deadline ?? MISSING)),
    row('状态', escapeHtml(oneLine(item.status) || MISSING)),
    row('详情', link),
    '</table>',
  ].join('\n')
}

/**
 * Subject, plain-text and HTML parts. Every user-supplied string is HTML-escaped: indicator names and notes
 * are typed by people and may contain markup such as <script>.
 */
export const renderEmail = (m: AlertMessage): RenderedEmail => {
  const subject = oneLine(m.title)
  const numbered = m.items.length > 1
  const meta = `${kindLabels[m.kind]}　级别：${severityLabels[m.severity]}　时间：${formatBeijingTime(m.occurredAt)}（北京时间）`
  const html = [
    '<!DOCTYPE html>',
    `<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    "<body style=\"font-family:'PingFang SC','Microsoft YaHei',sans-serif;color:#222;margin:0;padding:16px\">",
    `<div style="border-top:4px solid ${bandColour(m)};padding-top:8px">`,
    `<h2 style="font-size:18px;margin:0 0 4px">${escapeHtml(subject)}</h2>`,
    `<p style="color:#666;font-size:13px;margin:0">${escapeHtml(meta)}</p>`,
    numbered ? `<p style="font-size:14px;margin:8px 0 0">共 ${m.items.length} 项：</p>` : '',
    ...m.items.map((item, index) => itemHtml(item, index, numbered)),
    '<p style="color:#999;font-size:12px;margin-top:24px">此邮件由系统自动发送，请勿直接回复。</p>',
    '</div>',
    '</body></html>',
  ]
    .filter((line) => line !== '')
    .join('\n')
  return { subject, text: `${renderTextBody(m, false)}\n\n——\n此邮件由系统自动发送，请勿直接回复。`, html }
}
