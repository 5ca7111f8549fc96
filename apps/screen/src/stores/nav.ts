import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { KioskOptions, PageId } from '../kiosk.js'

export interface NavFrame {
  jurisdiction: string | null
  page: PageId
  indicatorId: number | null
  taskId: number | null
}

/** Rotation resumes this long after the last touch, so someone at the wall is not interrupted. */
const IDLE_RESUME_MS = 60_000

/**
 * What the wall shows: the rotation (pages, then optionally the child jurisdictions in turn) and a
 * drill-down stack, so "back" goes up exactly one level rather than to the top.
 */
export const useNavStore = defineStore('nav', () => {
  const options = ref<KioskOptions | null>(null)
  const root = ref<string | null>(null)
  const jurisdiction = ref<string | null>(null)
  const cursor = ref(0)
  const panels = ref(1)
  const stack = ref<NavFrame[]>([])
  const detailIndicatorId = ref<number | null>(null)
  const detailTaskId = ref<number | null>(null)
  const detailTurn = ref(0)
  const rotations = ref(0)
  let childCodes: string[] = []
  let childTurn = -1
  let lastTouch = 0
  let timer: ReturnType<typeof setInterval> | null = null

  const pages = computed(() => options.value?.pages ?? [])
  /** The pages on the wall now: one per panel, consecutive in the rotation. */
  const visible = computed<PageId[]>(() => {
    if (stack.value.length) {
      const top = stack.value[stack.value.length - 1]!
      return [top.page]
    }
    const list = pages.value
    if (!list.length) return []
    return Array.from(
      { length: Math.min(panels.value, list.length) },
      (_, k) => list[(cursor.value + k) % list.length]!,
    )
  })
  const depth = computed(() => stack.value.length)

  function init(o: KioskOptions) {
    options.value = o
    root.value = o.jurisdiction
    jurisdiction.value = o.jurisdiction
    detailIndicatorId.value = o.indicator
    detailTaskId.value = o.task
  }
  function setChildren(codes: string[]) {
    childCodes = codes
  }
  function setPanels(n: number) {
    panels.value = n
  }

  function advance() {
    const list = pages.value
    if (!list.length) return
    const step = Math.min(panels.value, list.length)
    const next = cursor.value + step
    if (next >= list.length) {
      cursor.value = 0
      rotations.value++
      if (options.value?.rotateChildren && childCodes.length) {
        childTurn = childTurn + 1 >= childCodes.length ? -1 : childTurn + 1
        jurisdiction.value = childTurn === -1 ? root.value : childCodes[childTurn]!
      }
    } else cursor.value = next
    detailTurn.value++
  }

  function start() {
    stop()
    const dwell = (options.value?.dwellSeconds ?? 20) * 1000
    timer = setInterval(() => {
      if (!options.value?.rotate) return
      if (Date.now() - lastTouch < IDLE_RESUME_MS) return
      if (stack.value.length) stack.value = []
      advance()
    }, dwell)
  }
  function stop() {
    if (timer) clearInterval(timer)
    timer = null
  }

  function touch() {
    lastTouch = Date.now()
  }
  /** Drill down one level: into a jurisdiction, or to one indicator's or task's detail. */
  function open(frame: Partial<NavFrame> & { page: PageId }) {
    touch()
    stack.value = [
      ...stack.value,
      {
        jurisdiction: frame.jurisdiction ?? current.value.jurisdiction,
        page: frame.page,
        indicatorId: frame.indicatorId ?? null,
        taskId: frame.taskId ?? null,
      },
    ]
  }
  function back() {
    touch()
    stack.value = stack.value.slice(0, -1)
  }
  const current = computed<NavFrame>(
    () =>
      stack.value[stack.value.length - 1] ?? {
        jurisdiction: jurisdiction.value,
        page: visible.value[0] ?? 'overview',
        indicatorId: detailIndicatorId.value,
        taskId: detailTaskId.value,
      },
  )

  return {
    options,
    root,
    jurisdiction,
    cursor,
    panels,
    stack,
    visible,
    depth,
    current,
    detailTurn,
    rotations,
    init,
    setChildren,
    setPanels,
    advance,
    start,
    stop,
    touch,
    open,
    back,
  }
})
