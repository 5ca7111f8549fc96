import { parseChineseNumber } from './chinese-number.js'
import type { Paragraph } from './document.js'

export interface PlanMetadata {
  title: string | null
  issuer: string | null
  docNumber: string | null
  issuedOn: string | null
  horizon: { startYear: number; endYear: number; visionYear?: number } | null
}

const DOC_NUMBER = /[\u4e00-\u9fa5]{1,8}[〔［[（(【]\s*((?:19|20)\d{2})\s*[〕］\]）)】]\s*\d{1,4}\s*号/
const PLAN_WORD = '(?:规划|方案|要点|意见|计划|纲要|行动|办法)'
const DATE_LINE = /^(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/
const ISSUER_LINE = /^([\u4e00-\u9fa5]{2,20}(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅))$/
const pad = (n: number) => String(n).padStart(2, '0')
const strip = (s: string) => s.replace(/\s+/g, '').replace(/[《》〈〉]/g, '')

/** Title, issuer, document number (扬府办发〔2023〕20号), issue date and horizon, read from the head of the text. */
export function extractMetadata(paragraphs: Paragraph[]): PlanMetadata {
  const head = paragraphs.slice(0, 40)
  const all = paragraphs.map((p) => p.text).join('\n')
  const docNumber = DOC_NUMBER.exec(head.map((p) => p.text).join('\n'))?.[0].replace(/\s+/g, '') ?? null

  let title: string | null = null
  for (const p of head) {
    const m = new RegExp(
      `关于印发\\s*[《〈]?([^《》〈〉]{2,60}?${PLAN_WORD}(?:\\s*[((][^))]*[))])?)[》〉]?\\s*的通知`,
    ).exec(p.text)
    if (m) {
      title = strip(m[1]!)
      break
    }
  }
  if (!title) {
    const line = head.find((p) => new RegExp(`^[^,,。:]{4,60}${PLAN_WORD}(\\s*[((][^))]*[))])?$`).test(p.text.trim()))
    if (line) title = strip(line.text)
  }

  let issuedOn: string | null = null
  for (const p of head) {
    const m = DATE_LINE.exec(p.text.replace(/\s+/g, ''))
    if (m) {
      issuedOn = `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`
      break
    }
  }
  if (!issuedOn) {
    const m = /(?:发布日期|印发日期|成文日期)[::]\s*(20\d{2})-(\d{1,2})-(\d{1,2})/.exec(all)
    if (m) issuedOn = `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`
  }

  let issuer: string | null = head.map((p) => ISSUER_LINE.exec(p.text.replace(/\s+/g, ''))?.[1]).find(Boolean) ?? null
  if (!issuer) issuer = /发布单位[::]\s*([\u4e00-\u9fa5]{2,20})/.exec(all)?.[1] ?? null
  if (!issuer)
    issuer = /^([\u4e00-\u9fa5]{2,12}人民政府(?:办公室|办公厅)?)关于/.exec(title ?? head[0]?.text ?? '')?.[1] ?? null
  if (!issuer && title)
    issuer =
      /^([\u4e00-\u9fa5]{2,12}人民政府(?:办公室|办公厅)?)关于/.exec(
        head.find((p) => /关于/.test(p.text))?.text ?? '',
      )?.[1] ?? null

  return { title, issuer, docNumber, issuedOn, horizon: horizonOf(title ?? '', all, issuedOn) }
}

const FIVE_YEAR: Record<string, number> = {}
for (let n = 11; n <= 16; n++) FIVE_YEAR[`十${'一二三四五六'[n - 11]}五`] = 2006 + (n - 11) * 5

/** "(2022—2024年)" in the title, "规划期限为2021-2025年", "“十四五”", "2023年工作要点", else the latest 到…年 target. */
export function horizonOf(title: string, text: string, issuedOn: string | null): PlanMetadata['horizon'] {
  const issued = issuedOn ? Number(issuedOn.slice(0, 4)) : undefined
  const vision = /(?:展望|远景|到)(?:至|到)?\s*(20[3-5]\d)\s*年/.exec(text)
  const visionYear = vision ? Number(vision[1]) : undefined
  const withVision = (h: { startYear: number; endYear: number }) =>
    visionYear && visionYear > h.endYear ? { ...h, visionYear } : h
  const range =
    /(20\d{2})\s*[-—–~至]\s*(20\d{2})\s*年/.exec(title) ??
    /(?:规划期限?|期限|规划期)为?\s*(20\d{2})\s*[-—–~至]\s*(20\d{2})\s*年/.exec(text)
  if (range) return withVision({ startYear: Number(range[1]), endYear: Number(range[2]) })
  const five = /十[一二三四五六]五/.exec(title)
  if (five) {
    const start = FIVE_YEAR[five[0]]!
    return withVision({ startYear: start, endYear: start + 4 })
  }
  const single = /(20\d{2})\s*年(?:度)?(?:工作要点|工作计划|行动计划|实施方案|工作方案)/.exec(title)
  if (single) return { startYear: Number(single[1]), endYear: Number(single[1]) }
  const deadlines = [...text.matchAll(/到\s*(20\d{2})\s*年/g)]
    .map((m) => Number(m[1]))
    .filter((y) => !visionYear || y < visionYear)
  if (deadlines.length)
    return withVision({ startYear: issued ?? Math.min(...deadlines), endYear: Math.max(...deadlines) })
  if (issued) return { startYear: issued, endYear: issued }
  return null
}

export { parseChineseNumber }
