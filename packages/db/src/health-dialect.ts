import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely'
import { DatabaseUnavailableError, type DbHealth } from './db-health.js'

/**
 * Every query passes here: a connection error marks the database unavailable and surfaces as one
 * DatabaseUnavailableError (the API's 503), and while it is unavailable a new connection is refused at
 * once instead of each caller waiting for its own connect timeout.
 */
class HealthDriver implements Driver {
  readonly #inner: Driver
  readonly #health: DbHealth
  readonly #innerOf = new WeakMap<DatabaseConnection, DatabaseConnection>()
  constructor(inner: Driver, health: DbHealth) {
    this.#inner = inner
    this.#health = health
  }

  #translate(err: unknown, context: string): unknown {
    return this.#health.reportError(err, context) && !(err instanceof DatabaseUnavailableError)
      ? new DatabaseUnavailableError(err)
      : err
  }

  init() {
    return this.#inner.init()
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.#health.isAvailable()) throw new DatabaseUnavailableError()
    let inner: DatabaseConnection
    try {
      inner = await this.#inner.acquireConnection()
    } catch (err) {
      throw this.#translate(err, 'connect')
    }
    const wrapped: DatabaseConnection = {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        try {
          return await inner.executeQuery<R>(query)
        } catch (err) {
          throw this.#translate(err, 'query')
        }
      },
      streamQuery: <R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> =>
        inner.streamQuery<R>(query, chunkSize),
    }
    this.#innerOf.set(wrapped, inner)
    return wrapped
  }

  // Transaction statements go through the wrapped connection's executeQuery, so they are watched too.
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.#inner.beginTransaction(connection, settings)
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.#inner.commitTransaction(connection)
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return this.#inner.rollbackTransaction(connection)
  }
  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.#savepoints('savepoint').call(this.#inner, connection, name, compile)
  }
  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.#savepoints('rollbackToSavepoint').call(this.#inner, connection, name, compile)
  }
  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.#savepoints('releaseSavepoint').call(this.#inner, connection, name, compile)
  }
  #savepoints(method: 'savepoint' | 'rollbackToSavepoint' | 'releaseSavepoint') {
    const fn = this.#inner[method]
    if (!fn) throw new Error(`the database driver does not support ${method}`)
    return fn
  }

  releaseConnection(connection: DatabaseConnection) {
    // The pool's own connection object carries its release hook; a broken one is dropped by the pool.
    return this.#inner.releaseConnection(this.#innerOf.get(connection) ?? connection)
  }
  destroy() {
    return this.#inner.destroy()
  }
}

export function healthDialect(inner: Dialect, health: DbHealth): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createDriver: () => new HealthDriver(inner.createDriver(), health),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
  }
}
