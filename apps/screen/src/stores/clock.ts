import { shanghaiIsoDate } from '@cockpit/web-kit'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

/**
 * The product's clock, which may be a fast demo calendar: anchored on the server's time and rate
 * (/api/v1/health), extrapolated every second in between. Everything "this month" hangs on `today`, so
 * windows roll over at midnight by themselves.
 */
export const useClockStore = defineStore('clock', () => {
  const anchor = ref({ server: Date.now(), local: performance.now(), rate: 1 })
  const tick = ref(performance.now())
  let timer: ReturnType<typeof setInterval> | null = null

  const now = computed(() => new Date(anchor.value.server + (tick.value - anchor.value.local) * anchor.value.rate))
  const today = computed(() => shanghaiIsoDate(now.value))
  const wall = computed(() => {
    void tick.value
    return new Date()
  })

  function sync(serverIso: string, rate: number) {
    anchor.value = { server: Date.parse(serverIso), local: performance.now(), rate: rate > 0 ? rate : 1 }
    tick.value = performance.now()
  }
  function start() {
    if (timer) return
    timer = setInterval(() => (tick.value = performance.now()), 1_000)
  }
  function stop() {
    if (timer) clearInterval(timer)
    timer = null
  }
  return { now, today, wall, rate: computed(() => anchor.value.rate), sync, start, stop }
})
