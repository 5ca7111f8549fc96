import type { ChangeEvent } from '@cockpit/contracts'
import type { LiveState } from '@cockpit/web-kit'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'

export interface FeedItem {
  id: number
  event: ChangeEvent
  receivedAt: number
}

const FEED_SIZE = 30

/** The stream's health as the wall shows it, and the recent changes for the live ticker. */
export const useLiveStore = defineStore('live', () => {
  const state = ref<LiveState>({ kind: 'connecting', attempt: 1 })
  /** Wall-clock ms of the last data we know is current (a fetch, an event, or an open stream). */
  const lastUpdate = ref<number | null>(null)
  const feed = shallowRef<FeedItem[]>([])
  let seq = 0

  const stale = computed(() => state.value.kind !== 'open')
  function push(event: ChangeEvent) {
    feed.value = [{ id: ++seq, event, receivedAt: Date.now() }, ...feed.value].slice(0, FEED_SIZE)
    lastUpdate.value = Date.now()
  }
  function touched() {
    lastUpdate.value = Date.now()
  }
  return { state, lastUpdate, feed, stale, push, touched }
})
