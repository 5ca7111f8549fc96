import type { ApiAccess } from '@cockpit/web-kit'

const STORAGE_KEY = 'cockpit.screen.key'

/**
 * The display key comes in the URL fragment once (#key=…), is kept in localStorage so a reboot of the
 * wall PC needs no keyboard, and is removed from the address bar so it is not shown on the wall.
 */
export function resolveAccess(key: string | null): ApiAccess {
  if (key) {
    localStorage.setItem(STORAGE_KEY, key)
    history.replaceState(null, '', location.pathname + location.search)
  }
  return { baseUrl: '', bearer: key ?? localStorage.getItem(STORAGE_KEY) }
}
