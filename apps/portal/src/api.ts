import { apiClient, type ApiAccess } from '@cockpit/web-kit'

let csrf: string | null = null
/** The session's CSRF token: set at login or from /auth/me after a reload, cleared at logout. */
export const setCsrfToken = (token: string | null) => {
  csrf = token
}

/** Same origin as the page (the API serves the portal), session cookie plus the CSRF header on every call. */
export const access: ApiAccess = { baseUrl: '', csrfToken: () => csrf }
export const api = apiClient(access)
