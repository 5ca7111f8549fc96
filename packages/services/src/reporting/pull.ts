import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { Cadence, SubmitItem } from '@cockpit/contracts'
import type { Database, IndicatorSourceRow } from '@cockpit/db'
import { shanghaiDate } from '@cockpit/domain'
import { readUpload } from '@cockpit/tabular'
import { type Kysely, sql } from 'kysely'
import type { SubmitContext } from '../submissions/submit.js'
import { currentDuePeriod } from './due.js'
import { leadDepartment } from './rules.js'
import { submitPulled } from './submit-pulled.js'

export const PULL_TIMEOUT_MS = 10_000
const MAX_JSON_BYTES = 5 * 1024 * 1024
const MAX_CSV_BYTES = 10 * 1024 * 1024
const PARALLEL = 4

/** A failure to report on the source (stored in last_error, shown to admins). */
export class PullError extends Error {}

export interface PulledValue {
  period: string | number
  value: string | number
}

export interface PullOptions {
  fetch?: typeof fetch
  timeoutMs?: number
}

/** Follows "data.items.0.rate" into parsed JSON; numeric segments index arrays. */
export function valueAtPath(root: unknown, path: string): unknown {
  let cur: unknown = root
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined
    if (Array.isArray(cur)) cur = /^\d+$/.test(seg) ? cur[Number(seg)] : undefined
    else cur = Object.prototype.hasOwnProperty.call(cur, seg) ? (cur as Record<string, unknown>)[seg] : undefined
  }
  return cur
}

const scalar = (v: unknown, what: string, where: string): string | number => {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string' && v.trim() !== '' && v.trim().length <= 64) return v.trim()
  if (v === undefined) throw new PullError(`${where}中没有${what}`)
  throw new PullError(`${where}中的${what}不是数字或不超过64字的文本`)
}

async function pullJson(source: IndicatorSourceRow, opts: PullOptions): Promise<{ value: unknown; period: unknown }> {
  const timeoutMs = opts.timeoutMs ?? PULL_TIMEOUT_MS
  let res: Response
  try {
    res = await (opts.fetch ?? fetch)(source.location, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } })
  } catch (err) {
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) throw new PullError(`请求数据源超时(${Math.round(timeoutMs / 1000)} 秒)`)
    throw new PullError(`无法连接数据源: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`)
  }
  if (!res.ok) throw new PullError(`数据源返回 HTTP ${res.status}`)
  if (Number(res.headers.get('content-length') ?? 0) > MAX_JSON_BYTES) throw new PullError('数据源返回的内容超过 5 MB')
  const text = await res.text()
  if (text.length > MAX_JSON_BYTES) throw new PullError('数据源返回的内容超过 5 MB')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new PullError('数据源返回的不是有效的 JSON')
  }
  return { value: valueAtPath(json, source.field_path), period: source.period_field ? valueAtPath(json, source.period_field) : undefined }
}

/** The CSV's last row with a value in the field column: files like these grow downwards, newest last. */
async function pullCsv(source: IndicatorSourceRow): Promise<{ value: unknown; period: unknown }> {
  let bytes: Uint8Array
  try {
    if ((await stat(source.location)).size > MAX_CSV_BYTES) throw new PullError('CSV 文件超过 10 MB')
    bytes = new Uint8Array(await readFile(source.location))
  } catch (err) {
    if (err instanceof PullError) throw err
    const code = (err as NodeJS.ErrnoException).code
    throw new PullError(code === 'ENOENT' ? `找不到文件 ${source.location}` : `无法读取文件 ${source.location}${code ? `(${code})` : ''}`)
  }
  const read = await readUpload(bytes, basename(source.location), {
    expectedHeaders: [
      { field: 'value', aliases: [source.field_path], required: true },
      ...(source.period_field ? [{ field: 'period', aliases: [source.period_field], required: true }] : []),
    ],
    maxBytes: MAX_CSV_BYTES,
  })
  if (!read.ok) throw new PullError(read.message)
  const row = read.sheet.rows.findLast((r) => (r.cells.value?.text ?? '') !== '')
  if (!row) throw new PullError(`CSV 文件的「${source.field_path}」列没有数据`)
  return { value: row.cells.value?.text, period: source.period_field ? row.cells.period?.text || undefined : undefined }
}

/** Reads one source and returns the value with its period (the source's own, else the current due period). */
export async function pullSource(source: IndicatorSourceRow, cadence: Cadence, asOf: string, opts: PullOptions = {}): Promise<PulledValue> {
  const got = source.kind === 'http-json' ? await pullJson(source, opts) : await pullCsv(source)
  const where = source.kind === 'http-json' ? '数据源 JSON ' : 'CSV 文件'
  const value = scalar(got.value, `取值字段「${source.field_path}」`, where)
  const period = source.period_field ? scalar(got.period, `统计期字段「${source.period_field}」`, where) : currentDuePeriod(cadence, asOf).key
  return { period, value }
}

export interface PullRunResult {
  due: number
  pulled: number
  failed: number
  /** New submissions (a value already pulled for its period is not submitted again). */
  submitted: number
}

/**
 * The pull job: every enabled source whose interval has passed is read, and its value stored through
 * the normal submission path (channel 'pull'); last_pulled_at / last_error record how it went.
 */
export async function pullDueSources(db: Kysely<Database>, opts: PullOptions & SubmitContext & { now: Date }): Promise<PullRunResult> {
  const due = await db
    .selectFrom('indicator_sources as s')
    .innerJoin('indicators as i', 'i.id', 's.indicator_id')
    .selectAll('s')
    .select((eb) => ['i.cadence', leadDepartment(eb.ref('s.indicator_id')).as('lead_department_id')])
    .where('s.enabled', '=', true)
    .where((eb) => eb.or([eb('s.last_pulled_at', 'is', null), eb(sql<Date>`s.last_pulled_at + s.every_minutes * interval '1 minute'`, '<=', opts.now)]))
    .orderBy('s.id')
    .execute()
  const asOf = shanghaiDate(opts.now)
  const result: PullRunResult = { due: due.length, pulled: 0, failed: 0, submitted: 0 }
  const one = async (source: (typeof due)[number]) => {
    let lastError: string | null = null
    try {
      const got = await pullSource(source, source.cadence, asOf, opts)
      const item: SubmitItem = { indicator: source.indicator_id, jurisdiction: source.jurisdiction_code, period: got.period, value: got.value }
      const accepted = await submitPulled(db, { sourceId: source.id, departmentId: source.lead_department_id ?? null, items: [item] }, opts)
      result.pulled++
      if (!accepted.replayed) result.submitted++
    } catch (err) {
      result.failed++
      lastError = err instanceof PullError ? err.message : `拉取失败: ${err instanceof Error ? err.message : String(err)}`
      if (!(err instanceof PullError)) opts.logWarn?.(`pulling source ${source.id} failed`, err)
    }
    await db.updateTable('indicator_sources').set({ last_pulled_at: opts.now, last_error: lastError?.slice(0, 1000) ?? null }).where('id', '=', source.id).execute()
  }
  for (let i = 0; i < due.length; i += PARALLEL) await Promise.all(due.slice(i, i + PARALLEL).map(one))
  return result
}
