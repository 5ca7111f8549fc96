// What other packages' tests use to drive the API: the seeded app, principals and the tiny HTTP client.
export { client, loginClient, sseReader, waitFor, waitProcessed } from './http.js'
export {
  createUser,
  departmentReporter,
  departmentToken,
  displayKey,
  indicatorIdByKey,
  ownedIndicators,
  signedInUser,
  systemAdmin,
} from './principals.js'
export { seededApp, testRedisUrl, type SeededAppOptions } from './seeded-app.js'
