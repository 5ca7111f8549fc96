export {
  createApiToken,
  listApiTokens,
  resolveApiToken,
  revokeApiToken,
  TOKEN_PREFIX,
  type CreatedToken,
} from './api-tokens.js'
export { createDisplayKey, listDisplayKeys, revokeDisplayKey } from './display-keys.js'
export { login, logout, principalForUser, resolveSession, SESSION_TTL_MS } from './sessions.js'
export { THROTTLE_RULES } from './login-throttle.js'
export { ensureDemoUsers, type DemoCredential } from './demo-users.js'
export { listAuditEntries } from './audit-log.js'
export { createUser, getUser, listUsers, resetUserPassword, setUserDisabled, updateUser } from './users.js'
