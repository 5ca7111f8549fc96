import type { EChartsCoreOption, ECharts } from 'echarts/core'
import { onBeforeUnmount, onMounted, shallowRef, watch, type Ref } from 'vue'
import { echarts } from './register.js'

export interface UseEchartsOptions {
  /**
   * Pixel ratio to draw at. A wall screen scales its canvas with a CSS transform; drawing at
   * devicePixelRatio × scale keeps charts sharp instead of blurring the scaled bitmap.
   */
  pixelRatio?: Ref<number>
  /** Chart-level click (drill-down); the handler receives ECharts' event params. */
  onClick?: (params: { name: string; data: unknown; seriesName?: string; dataIndex: number }) => void
}

/**
 * One chart instance per element for the component's life: created on mount, updated by setOption
 * (ECharts animates the change), resized with its box, disposed on unmount. Re-created only when the
 * pixel ratio changes, which ECharts cannot change on a live instance.
 */
export function useEcharts(
  el: Ref<HTMLElement | null>,
  option: Ref<EChartsCoreOption | null>,
  opts: UseEchartsOptions = {},
) {
  const chart = shallowRef<ECharts | null>(null)
  let observer: ResizeObserver | null = null
  let frame = 0
  // A page kept alive but not shown has a 0×0 box: ECharts cannot lay a chart out in it (a map's view transform
  // degenerates and throws), so an option or resize waits until the box has a size again.
  let pending: EChartsCoreOption | null = null
  const hasBox = () => !!el.value && el.value.clientWidth > 0 && el.value.clientHeight > 0
  const apply = (o: EChartsCoreOption) => {
    if (!chart.value) return
    if (!hasBox()) {
      pending = o
      return
    }
    pending = null
    chart.value.setOption(o)
  }

  const create = () => {
    if (!el.value) return
    chart.value?.dispose()
    const instance = echarts.init(el.value, null, {
      renderer: 'canvas',
      devicePixelRatio: opts.pixelRatio?.value ?? globalThis.devicePixelRatio ?? 1,
    })
    if (opts.onClick) instance.on('click', (p) => opts.onClick!(p as never))
    chart.value = instance
    if (option.value) apply(option.value)
  }

  onMounted(() => {
    create()
    observer = new ResizeObserver(() => {
      // One resize per frame however many times the box changes while a wall settles its layout.
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => {
        if (!hasBox()) return
        chart.value?.resize()
        if (pending) apply(pending)
      })
    })
    if (el.value) observer.observe(el.value)
  })
  // notMerge=false: ECharts diffs the new option against the old and animates what changed.
  watch(option, (o) => o && apply(o), { deep: false })
  if (opts.pixelRatio) watch(opts.pixelRatio, (next, prev) => Math.abs(next - prev) > 0.01 && create())
  onBeforeUnmount(() => {
    cancelAnimationFrame(frame)
    observer?.disconnect()
    observer = null
    chart.value?.dispose()
    chart.value = null
  })
  return { chart }
}
