import type { ChangeEvent, GeoShape, StatusChange, TaskChange } from '@cockpit/contracts'
import {
  ApiRequestError,
  type ApiAccess,
  apiClient,
  backoffDelay,
  readAllPages,
  readJson,
  statusLabelFor,
} from '@cockpit/web-kit'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, triggerRef } from 'vue'
import { subtreeCodes } from '../model/overview.js'
import { patchSummary } from '../model/tasks.js'
import type {
  ScreenAlert,
  ScreenIndicator,
  ScreenJurisdiction,
  ScreenObservations,
  ScreenOverdue,
  ScreenRanking,
  ScreenRate,
  ScreenTaskDetail,
  ScreenTaskSummary,
} from '../model/types.js'
import { useClockStore } from './clock.js'
import { useLiveStore } from './live.js'
import { refresher } from './refresher.js'

/** Rows per list of a 重点任务 summary: the most any panel shows. */
const TASK_ROWS = 14
const TASK_DETAILS_KEPT = 12

type Phase =
  | { kind: 'loading'; attempt: number }
  | { kind: 'ready' }
  | { kind: 'failed'; attempt: number; retryAt: number; message: string }

/** Debounces one refresh per key: a burst of events costs one fetch. */
function debouncer() {
  const timers = new Map<string, ReturnType<typeof setTimeout>>()
  return {
    run(key: string, ms: number, fn: () => Promise<unknown>) {
      if (timers.has(key)) return
      timers.set(
        key,
        setTimeout(() => {
          timers.delete(key)
          fn().catch(() => undefined)
        }, ms),
      )
    },
    clear() {
      timers.forEach(clearTimeout)
      timers.clear()
    },
  }
}

/**
 * Everything the wall shows, for every plan the caller may see; pages filter to the jurisdiction in view
 * (the whole data set is a few hundred rows, so switching jurisdictions needs no fetch).
 */
export const useDataStore = defineStore('data', () => {
  const phase = ref<Phase>({ kind: 'loading', attempt: 1 })
  const tree = shallowRef<ScreenJurisdiction[]>([])
  const indicators = shallowRef<ScreenIndicator[]>([])
  const alerts = shallowRef<ScreenAlert[]>([])
  const rates = shallowRef<ScreenRate[]>([])
  const overdue = shallowRef<ScreenOverdue[]>([])
  const observations = shallowRef(new Map<number, ScreenObservations>())
  /** 重点任务 summaries by jurisdiction in view ('' = everything the caller sees), fetched when a page first needs one. */
  const taskSummaries = shallowRef(new Map<string, ScreenTaskSummary>())
  /** Task details the task page has shown, newest last; capped so weeks of rotation do not grow it. */
  const taskDetails = shallowRef(new Map<number, ScreenTaskDetail>())
  /** 地区排名 by parent jurisdiction, fetched when the ranking page first shows one and then kept live. */
  const rankings = shallowRef(new Map<string, { items: ScreenRanking[] }>())
  /**
   * Map shapes by jurisdiction (the shapes of its children), fetched when the map first shows it and revalidated
   * (ETag, so usually a 304) each time it comes back on screen; never bundled.
   */
  const geoShapes = shallowRef(new Map<string, GeoShape>())
  const pending = debouncer()
  let access: ApiAccess = { baseUrl: '' }
  let client = apiClient(access)
  let retryTimer: ReturnType<typeof setTimeout> | null = null

  /**
   * Charts draw their text on canvas once, so the first drawing waits (briefly) for the shipped font; the
   * font downloads while the data is fetched rather than before.
   */
  const fontReady = Promise.race([
    document.fonts.load('16px "Noto Sans SC"', '数政驾驶舱指标进度0123%').catch(() => undefined),
    new Promise((r) => setTimeout(r, 1500)),
  ])

  function configure(a: ApiAccess) {
    access = a
    client = apiClient(access)
  }

  async function syncClock() {
    const health = await readJson(client.api.v1.health.$get())
    useClockStore().sync(health.time, health.clockRate)
  }
  // A wall holds every indicator of its scope: a province can hold more than one page (5,000) of them.
  const loadIndicators = async () =>
    (indicators.value = await readAllPages((after) =>
      readJson(client.api.v1.indicators.$get({ query: after ? { after } : {} })),
    ))
  const loadAlerts = async () =>
    (alerts.value = (await readJson(client.api.v1.alerts.$get({ query: { limit: '200' } }))).items)
  const loadReporting = async () => {
    const [r, o] = await Promise.all([
      readJson(client.api.v1.reporting.rates.$get({ query: {} })),
      readJson(client.api.v1.reporting.overdue.$get({ query: { limit: '500' } })),
    ])
    rates.value = r.items
    overdue.value = o.items
  }
  async function loadTaskSummary(key: string) {
    // With a jurisdiction the summary includes those below it (the API's default).
    const query = key ? { jurisdiction: key, limit: String(TASK_ROWS) } : { limit: String(TASK_ROWS) }
    const body = await readJson(client.api.v1.tasks.summary.$get({ query }))
    taskSummaries.value.set(key, body)
    triggerRef(taskSummaries)
  }
  const loadTaskSummaries = () => Promise.all([...taskSummaries.value.keys()].map(loadTaskSummary))
  // A summary costs the server a pass over every task in view: a busy simulator's events must not queue them.
  const summaryRefresh = refresher(loadTaskSummaries, 250, 1_000)
  async function loadTaskDetail(id: number) {
    const body = await readJson(client.api.v1.tasks[':id'].$get({ param: { id: String(id) }, query: {} }))
    taskDetails.value.delete(id)
    taskDetails.value.set(id, body)
    while (taskDetails.value.size > TASK_DETAILS_KEPT) taskDetails.value.delete(taskDetails.value.keys().next().value!)
    triggerRef(taskDetails)
  }
  const loadTaskDetails = () => Promise.all([...taskDetails.value.keys()].map(loadTaskDetail))
  async function loadRankings(code: string) {
    // Every indicator any place below reports: the map colours by one place's value, the ranking page shows two or more.
    const body = await readJson(client.api.v1.rankings.$get({ query: { jurisdiction: code, minPlaces: '1' } }))
    rankings.value.set(code, body)
    triggerRef(rankings)
  }
  const loadAllRankings = () => Promise.all([...rankings.value.keys()].map(loadRankings))
  // A ranking costs a few queries per indicator: a burst of values refetches it once.
  const rankingRefresh = refresher(loadAllRankings, 500, 2_000)
  const loadingRankings = new Set<string>()
  function ensureRankings(code: string) {
    if (rankings.value.has(code) || loadingRankings.has(code)) return
    loadingRankings.add(code)
    loadRankings(code)
      .catch(() => undefined)
      .finally(() => loadingRankings.delete(code))
  }
  async function loadObservations(id: number) {
    const body = await readJson(
      client.api.v1.indicators[':id'].observations.$get({ param: { id: String(id) }, query: {} }),
    )
    observations.value.set(id, body.periods)
    triggerRef(observations)
  }

  /** Loads everything; on failure keeps what it had, says why, and tries again with backoff. */
  async function loadAll(): Promise<void> {
    if (retryTimer) clearTimeout(retryTimer)
    const attempt = phase.value.kind === 'ready' ? 1 : phase.value.attempt
    try {
      await syncClock()
      const [t] = await Promise.all([
        readJson(client.api.v1.jurisdictions.$get()),
        loadIndicators(),
        loadAlerts(),
        loadReporting(),
        loadTaskSummaries(),
      ])
      // The recursive node type does not survive Hono's JSON typing; the contract says what it is.
      tree.value = t.items as unknown as ScreenJurisdiction[]
      await Promise.all([...[...observations.value.keys()].map(loadObservations), loadTaskDetails(), loadAllRankings()])
      await fontReady
      phase.value = { kind: 'ready' }
      useLiveStore().touched()
    } catch (e) {
      const message =
        e instanceof ApiRequestError
          ? e.status === 401
            ? '未授权:请使用管理员签发的大屏密钥链接(#key=…)打开,或先登录后再打开本页'
            : e.message
          : String(e)
      const delay = backoffDelay(attempt, 2_000, 30_000)
      if (phase.value.kind !== 'ready')
        phase.value = { kind: 'failed', attempt: attempt + 1, retryAt: Date.now() + delay, message }
      retryTimer = setTimeout(() => void loadAll(), delay)
    }
  }

  function ensureObservations(id: number) {
    if (!observations.value.has(id)) loadObservations(id).catch(() => undefined)
  }
  const summaryKey = (code: string | null) => code ?? ''
  const loadingSummaries = new Set<string>()
  /** The 重点任务 summary of a jurisdiction and everything below it (null: all), fetched once and then kept live. */
  function taskSummary(code: string | null): ScreenTaskSummary | null {
    return taskSummaries.value.get(summaryKey(code)) ?? null
  }
  function ensureTaskSummary(code: string | null) {
    const key = summaryKey(code)
    if (taskSummaries.value.has(key) || loadingSummaries.has(key)) return
    loadingSummaries.add(key)
    loadTaskSummary(key)
      .catch(() => undefined)
      .finally(() => loadingSummaries.delete(key))
  }
  /** Tasks the API does not know or this wall may not see (a pinned `task=` from another jurisdiction). */
  const missingTasks = ref(new Set<number>())
  function ensureTaskDetail(id: number) {
    if (taskDetails.value.has(id) || missingTasks.value.has(id)) return
    loadTaskDetail(id).catch((e) => {
      if (e instanceof ApiRequestError && e.status === 404) missingTasks.value = new Set([...missingTasks.value, id])
    })
  }

  const loadingShapes = new Set<string>()
  /** Fetches (or revalidates) the shapes of `code`'s children; a changed file (an approved upload) replaces the old. */
  function refreshGeoShape(code: string) {
    if (loadingShapes.has(code)) return
    loadingShapes.add(code)
    readJson(client.api.v1.geo[':adcode'].$get({ param: { adcode: code } }))
      .then((shape) => {
        const old = geoShapes.value.get(code)
        if (old && JSON.stringify(old) === JSON.stringify(shape)) return
        geoShapes.value.set(code, shape as GeoShape)
        triggerRef(geoShapes)
      })
      .catch(() => undefined)
      .finally(() => loadingShapes.delete(code))
  }

  /** A change from the stream: show what the event itself says at once, then fetch the full picture. */
  function applyEvent(e: ChangeEvent) {
    useLiveStore().push(e)
    if (e.type === 'status') {
      patchStatus(e)
      pending.run('indicators', 800, loadIndicators)
      if (observations.value.has(e.indicatorId))
        pending.run(`obs:${e.indicatorId}`, 800, () => loadObservations(e.indicatorId))
      if (rankings.value.size) rankingRefresh.request()
    } else if (e.type === 'alert') {
      pending.run('alerts', 300, loadAlerts)
    } else if (e.type === 'task') {
      // A report, claim or verification moves counts and lists: refetch the summaries on the wall (a
      // verification must show within 2 s) and the detail of that task or of the task above the milestone.
      patchTaskSummaries(e)
      summaryRefresh.request()
      for (const id of [e.taskId, e.parentId])
        if (id !== null && taskDetails.value.has(id)) pending.run(`task:${id}`, 250, () => loadTaskDetail(id))
    } else if (e.state === 'processed') {
      pending.run('reporting', 2_000, loadReporting)
    }
  }
  function patchStatus(e: StatusChange) {
    let changed = false
    const next = indicators.value.map((i) => {
      if (i.id !== e.indicatorId || i.jurisdictionCode !== e.jurisdictionCode) return i
      changed = true
      return {
        ...i,
        status: {
          ...i.status,
          status: e.status,
          label: statusLabelFor(e.status),
          latestValue: e.latestValue,
          expected: e.expected,
          gapRatio: e.gapRatio,
          latestPeriodEnd: i.status.latestPeriodEnd,
        },
      }
    })
    if (changed) indicators.value = next
  }

  function patchTaskSummaries(e: TaskChange) {
    let changed = false
    for (const [key, sum] of taskSummaries.value) {
      const next = patchSummary(sum, e, TASK_ROWS)
      if (next) {
        taskSummaries.value.set(key, next)
        changed = true
      }
    }
    if (changed) triggerRef(taskSummaries)
  }

  /** Refetch after a day change or a reconnect, at most once per `minMs`. */
  let lastCatchUp = 0
  function catchUp(minMs = 0) {
    if (Date.now() - lastCatchUp < minMs) return
    lastCatchUp = Date.now()
    pending.run('all', 50, loadAll)
  }

  function dispose() {
    pending.clear()
    summaryRefresh.clear()
    rankingRefresh.clear()
    if (retryTimer) clearTimeout(retryTimer)
  }

  const inScope = (code: string | null) => {
    const codes = subtreeCodes(tree.value, code)
    return {
      codes,
      indicators: computed(() => indicators.value.filter((i) => codes.has(i.jurisdictionCode))),
    }
  }

  return {
    phase,
    tree,
    indicators,
    alerts,
    rates,
    overdue,
    observations,
    taskSummaries,
    taskDetails,
    rankings,
    missingTasks,
    geoShapes,
    refreshGeoShape,
    configure,
    loadAll,
    ensureObservations,
    taskSummary,
    ensureTaskSummary,
    ensureTaskDetail,
    ensureRankings,
    applyEvent,
    catchUp,
    dispose,
    inScope,
  }
})
