import { basename } from 'node:path'
import type { Cadence, SubmitItem } from '@cockpit/contracts'
import type { Database, IndicatorSourceRow } from '@cockpit/db'
import { type FetchLike, guardedFetch, type OutboundPolicy, outboundRefusal, PUBLIC_ONLY } from '@cockpit/notify'
import { readUpload, type UploadReader } from '@cockpit/tabular'
import { type Kysely, sql } from 'kysely'
import type { ClockContext } from '../kernel/context.js'
import type { SubmitQueue } from '../kernel/submitter.js'
import { currentDuePeriod } from './due.js'
import { leadDepartment } from './rules.js'
import { readConfinedFile, SourceFileRefused } from './source-file.js'
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
  /** Where http-json sources may be fetched from (default: public addresses only). */
  outbound?: OutboundPolicy
  /** The one directory csv-file sources may read (null or absent: csv-file sources are off). */
  sourceFilesDir?: string | null
  /** Replaces the guarded fetch in tests of the parsing alone. */
  fetch?: FetchLike
  timeoutMs?: number
  /** How a csv-file source is parsed: the process's parse pool, so a big file never holds the event loop. */
  readUpload?: UploadReader
}

/**
 * One text for every way a request can fail to get an answer (refused, reset, unreachable, timed out):
 * distinguishing them would turn a source's error into a port scanner.
 */
export const SOURCE_UNREACHABLE = '无法从数据源取得数据(连接失败或超时),请检查地址'

/** Follows "data.items.0.rate" into parsed JSON; numeric segments index arrays. */
export function valueAtPath(root: unknown, path: string): unknown {
  let cur: unknown = root
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined
    if (Array.isArray(cur)) cur = /^\d+$/.test(seg) ? cur[Number(seg)] : undefined
    else cur = Object.hasOwn(cur, seg) ? (cur as Record<string, unknown>)[seg] : undefined
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
  const signal = AbortSignal.timeout(timeoutMs)
  let res: Response
  let text: string
  try {
    res = await (opts.fetch ?? guardedFetch(opts.outbound ?? PUBLIC_ONLY))(source.location, {
      signal,
      headers: { accept: 'application/json' },
    })
    if (!res.ok) {
      await res.body?.cancel()
      throw new PullError(`数据源返回 HTTP ${res.status}`)
    }
    if (Number(res.headers.get('content-length') ?? 0) > MAX_JSON_BYTES) {
      await res.body?.cancel()
      throw new PullError('数据源返回的内容超过 5 MB')
    }
    text = await readCapped(res, MAX_JSON_BYTES)
  } catch (err) {
    if (err instanceof PullError) throw err
    const refused = outboundRefusal(err)
    throw new PullError(refused ? refused.message : SOURCE_UNREACHABLE)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new PullError('数据源返回的不是有效的 JSON')
  }
  return {
    value: valueAtPath(json, source.field_path),
    period: source.period_field ? valueAtPath(json, source.period_field) : undefined,
  }
}

/** Reads a body, stopping (and failing) once it passes `max` bytes instead of buffering all of it. */
async function readCapped(res: Response, max: number): Promise<string> {
  const reader = res.body?.getReader()
  if (!reader) return ''
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.length
    if (total > max) {
      await reader.cancel()
      throw new PullError('数据源返回的内容超过 5 MB')
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** The CSV's last row with a value in the field column: files like these grow downwards, newest last. */
async function pullCsv(source: IndicatorSourceRow, opts: PullOptions): Promise<{ value: unknown; period: unknown }> {
  let bytes: Uint8Array
  try {
    bytes = await readConfinedFile(opts.sourceFilesDir ?? null, source.location, MAX_CSV_BYTES)
  } catch (err) {
    if (err instanceof SourceFileRefused) throw new PullError(err.message)
    throw err
  }
  const read = await (opts.readUpload ?? readUpload)(bytes, basename(source.location), {
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
export async function pullSource(
  source: IndicatorSourceRow,
  cadence: Cadence,
  asOf: string,
  opts: PullOptions = {},
): Promise<PulledValue> {
  const got = source.kind === 'http-json' ? await pullJson(source, opts) : await pullCsv(source, opts)
  const where = source.kind === 'http-json' ? '数据源 JSON ' : 'CSV 文件'
  const value = scalar(got.value, `取值字段「${source.field_path}」`, where)
  const period = source.period_field
    ? scalar(got.period, `统计期字段「${source.period_field}」`, where)
    : currentDuePeriod(cadence, asOf).key
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
export async function pullDueSources(
  db: Kysely<Database>,
  ctx: ClockContext,
  opts: PullOptions & SubmitQueue,
): Promise<PullRunResult> {
  const due = await db
    .selectFrom('indicator_sources as s')
    .innerJoin('indicators as i', 'i.id', 's.indicator_id')
    .selectAll('s')
    .select((eb) => ['i.cadence', leadDepartment(eb.ref('s.indicator_id')).as('lead_department_id')])
    .where('s.enabled', '=', true)
    .where((eb) =>
      eb.or([
        eb('s.last_pulled_at', 'is', null),
        eb(sql<Date>`s.last_pulled_at + s.every_minutes * interval '1 minute'`, '<=', ctx.now),
      ]),
    )
    .orderBy('s.id')
    .execute()
  const { asOf } = ctx
  const result: PullRunResult = { due: due.length, pulled: 0, failed: 0, submitted: 0 }
  const one = async (source: (typeof due)[number]) => {
    let lastError: string | null = null
    try {
      const got = await pullSource(source, source.cadence, asOf, opts)
      const item: SubmitItem = {
        indicator: source.indicator_id,
        jurisdiction: source.jurisdiction_code,
        period: got.period,
        value: got.value,
      }
      const accepted = await submitPulled(
        db,
        { sourceId: source.id, departmentId: source.lead_department_id ?? null, items: [item] },
        ctx,
        opts,
      )
      result.pulled++
      if (!accepted.replayed) result.submitted++
    } catch (err) {
      result.failed++
      lastError =
        err instanceof PullError ? err.message : `拉取失败: ${err instanceof Error ? err.message : String(err)}`
      if (!(err instanceof PullError)) opts.logWarn?.(`pulling source ${source.id} failed`, err)
    }
    await db
      .updateTable('indicator_sources')
      .set({ last_pulled_at: ctx.now, last_error: lastError?.slice(0, 1000) ?? null })
      .where('id', '=', source.id)
      .execute()
  }
  for (let i = 0; i < due.length; i += PARALLEL) await Promise.all(due.slice(i, i + PARALLEL).map(one))
  return result
}
