import type { DatabaseConnection, Dialect, Driver, TransactionSettings } from 'kysely'

/** A FIFO lock: each holder gets the resource in turn. */
class Mutex {
  #tail: Promise<void> = Promise.resolve()
  lock(timeoutMs: number): Promise<() => void> {
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    const previous = this.#tail
    this.#tail = previous.then(() => held)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `database session busy for ${timeoutMs} ms: a query waited on the embedded database while another transaction held it (nested use of db inside a transaction?)`,
            ),
          ),
        timeoutMs,
      )
      void previous.then(() => {
        clearTimeout(timer)
        resolve(release)
      })
    })
  }
}

class SerialDriver implements Driver {
  readonly #inner: Driver
  readonly #mutex = new Mutex()
  readonly #releases = new Map<DatabaseConnection, () => void>()
  constructor(
    inner: Driver,
    private readonly timeoutMs: number,
  ) {
    this.#inner = inner
  }
  init() {
    return this.#inner.init()
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#mutex.lock(this.timeoutMs)
    try {
      const connection = await this.#inner.acquireConnection()
      this.#releases.set(connection, release)
      return connection
    } catch (e) {
      release()
      throw e
    }
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.#inner.beginTransaction(connection, settings)
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.#inner.commitTransaction(connection)
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return this.#inner.rollbackTransaction(connection)
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    try {
      await this.#inner.releaseConnection(connection)
    } finally {
      const release = this.#releases.get(connection)
      this.#releases.delete(connection)
      release?.()
    }
  }
  destroy() {
    return this.#inner.destroy()
  }
}

/**
 * PGlite is one database session. Without a lock, one caller's BEGIN … COMMIT interleaves with other
 * callers' statements (the API's requests, the workers' jobs) and PGlite fails or panics. This wrapper
 * hands the session to one caller at a time, for a whole transaction, as Kysely's SQLite driver does.
 */
export function serialDialect(inner: Dialect, timeoutMs = 60_000): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createDriver: () => new SerialDriver(inner.createDriver(), timeoutMs),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
  }
}
