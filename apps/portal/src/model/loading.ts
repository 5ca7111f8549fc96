import { errorMessage } from '@cockpit/web-kit'
import { ref } from 'vue'

/** A page's fetch state: `run(work)` shows the spinner while `work` runs and its failure as the page's error. */
export function useLoading() {
  const loading = ref(false)
  const error = ref<string | null>(null)
  async function run(work: () => Promise<void>): Promise<void> {
    loading.value = true
    try {
      await work()
      error.value = null
    } catch (e) {
      error.value = errorMessage(e)
    } finally {
      loading.value = false
    }
  }
  return { loading, error, run }
}
