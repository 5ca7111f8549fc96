import { ApiRequestError, authHeaders, type ApiAccess } from './http.js'

/** The file name a server gives in Content-Disposition, preferring the UTF-8 form (filename*=UTF-8''…) for Chinese names. */
export function dispositionFileName(header: string | null, fallback: string): string {
  if (!header) return fallback
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim())
    } catch {
      // A malformed escape: fall through to the plain name.
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header)
  return plain ? plain[1]!.trim() : fallback
}

/**
 * Downloads a file from the API and hands it to the browser as a download. Fetched first (not a plain
 * link) so a refusal shows the server's Chinese message on the page instead of a raw JSON tab.
 */
export async function downloadFile(path: string, access: ApiAccess, fallbackName: string): Promise<string> {
  const base = access.baseUrl || globalThis.location.origin
  let res: Response
  try {
    res = await fetch(`${base}${path}`, { headers: authHeaders(access), credentials: 'same-origin' })
  } catch (e) {
    throw new ApiRequestError(0, 'network', `无法连接服务器:${e instanceof Error ? e.message : String(e)}`, null)
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { code?: string; message?: string; requestId?: string } | null
    throw new ApiRequestError(
      res.status,
      body?.code ?? 'http_error',
      body?.message ?? `服务器返回 ${res.status}`,
      body?.requestId ?? null,
    )
  }
  const name = dispositionFileName(res.headers.get('content-disposition'), fallbackName)
  const url = URL.createObjectURL(await res.blob())
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return name
}
