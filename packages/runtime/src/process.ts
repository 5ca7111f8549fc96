/** Loads the configuration or exits 1 with the loader's message (it names the variable): never start half-configured. */
export function configOrExit<T>(load: () => T): T {
  try {
    return load()
  } catch (e) {
    console.error(e instanceof Error ? e.message : e)
    process.exit(1)
  }
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const

/**
 * A process stopped while still starting has nothing in flight: it just exits 0. Call this first, then
 * `onStop` once up, which replaces it.
 */
export function exitWhileStarting(): void {
  for (const s of SIGNALS) process.on(s, exitNow)
}
const exitNow = () => process.exit(0)

/** SIGTERM or SIGINT runs `shutdown` once (a second signal meanwhile is ignored), then exits (1 if it failed). */
export function onStop(shutdown: (signal: string) => Promise<void>): void {
  let stopping = false
  for (const s of SIGNALS) {
    process.off(s, exitNow)
    process.on(s, () => {
      if (stopping) return
      stopping = true
      void shutdown(s).then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(err)
          process.exit(1)
        },
      )
    })
  }
}
