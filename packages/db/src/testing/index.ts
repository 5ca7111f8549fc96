export { testDatabases, type TestDatabase } from './test-databases.js'
export { findPostgresBin, startPostgresServer, type PostgresServer } from './postgres-server.js'
