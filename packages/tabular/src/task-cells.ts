import { taskStageLabels, taskStages, type TaskStage } from '@cockpit/contracts'
import { toHalfWidth } from './full-width.js'
import { preview } from './preview.js'

export type StageParse = { ok: true; stage: TaskStage } | { ok: false; message: string }
export type PercentParse = { ok: true; percent: number | null } | { ok: false; message: string }

// What people type besides the drop-down's labels: the codes the JSON API takes, and near synonyms.
const STAGE_ALIASES: Record<string, TaskStage> = {
  未开始: 'not-started',
  尚未启动: 'not-started',
  进行中: 'in-progress',
  正在推进: 'in-progress',
  推进: 'in-progress',
  完成: 'completed',
  已办结: 'completed',
  滞后于计划: 'delayed',
  进度滞后: 'delayed',
  已暂缓: 'suspended',
  暂停: 'suspended',
}

const STAGE_CHOICES = taskStages.map((s) => taskStageLabels[s]).join('、')

/** A progress stage as written in the 任务进展 sheet: a label from its drop-down (未启动…暂缓), or a code. */
export function parseStageText(raw: unknown): StageParse {
  const text =
    typeof raw === 'string'
      ? toHalfWidth(raw).replace(/\s+/g, '')
      : raw === null || raw === undefined
        ? ''
        : String(raw)
  if (text === '') return { ok: false, message: `进展阶段为空,请从下拉列表选择:${STAGE_CHOICES}` }
  const byLabel = taskStages.find((s) => taskStageLabels[s] === text)
  if (byLabel) return { ok: true, stage: byLabel }
  const byCode = taskStages.find((s) => s === text.toLowerCase())
  if (byCode) return { ok: true, stage: byCode }
  const alias = STAGE_ALIASES[text]
  if (alias) return { ok: true, stage: alias }
  return { ok: false, message: `进展阶段「${preview(text)}」无法识别,应为${STAGE_CHOICES}之一` }
}

/**
 * Percent complete: blank, or a whole number 0–100 ("80", "80%", 80 in a General cell, 0.8 in a
 * cell formatted as a percentage). A fraction is refused rather than rounded: 0.8 without a % format
 * may mean 0.8% or 80%, and the department should say which.
 */
export function parsePercentText(raw: unknown, opts: { percentFormatted?: boolean } = {}): PercentParse {
  const bad = (shown: string): PercentParse => ({
    ok: false,
    message: `完成百分比「${preview(shown)}」应为 0–100 的整数(可不填)`,
  })
  if (raw === null || raw === undefined) return { ok: true, percent: null }
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return bad(String(raw))
    // 0.8 shown as 80% in Excel: the cell means 80. Round away binary noise (0.29 * 100 = 28.999…).
    const n = opts.percentFormatted ? Math.round(raw * 100 * 1e6) / 1e6 : raw
    return Number.isInteger(n) && n >= 0 && n <= 100
      ? { ok: true, percent: n }
      : bad(opts.percentFormatted ? `${n}%` : String(raw))
  }
  const text = toHalfWidth(String(raw)).replace(/\s+/g, '')
  if (text === '') return { ok: true, percent: null }
  const m = /^(\d{1,3})%?$/.exec(text)
  if (!m) return bad(text)
  const n = Number(m[1])
  return n <= 100 ? { ok: true, percent: n } : bad(text)
}
