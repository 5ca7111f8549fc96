import type { AppType } from '@cockpit/api/app'
import { hc } from 'hono/client'

/**
 * The typed client for the front ends: every route, query and response shape follows the API's
 * own route definitions (Hono RPC), so a changed route breaks the front end's build, not its users.
 */
export function createApiClient(baseUrl: string, options?: Parameters<typeof hc>[1]) {
  return hc<AppType>(baseUrl, options)
}
export type ApiClient = ReturnType<typeof createApiClient>
