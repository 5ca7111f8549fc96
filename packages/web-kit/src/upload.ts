import { ApiRequestError, authHeaders, errorFromBody, type ApiAccess } from './http.js'

export interface UploadOptions {
  access: ApiAccess
  /** Fraction 0–1 of the body sent so far. */
  onProgress?: (fraction: number) => void
  headers?: Record<string, string>
  /** PUT replaces a resource (an approved boundary file); default POST. */
  method?: 'POST' | 'PUT'
}

/**
 * POSTs a multipart form with XMLHttpRequest rather than fetch: only XHR reports upload progress, which a
 * reporter on a slow county link needs to see for a large workbook. Answers the parsed JSON body or throws
 * ApiRequestError with the server's error model, like readJson.
 */
export function uploadForm<T>(path: string, form: FormData, options: UploadOptions): Promise<T> {
  const base = options.access.baseUrl || globalThis.location.origin
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(options.method ?? 'POST', `${base}${path}`)
    xhr.withCredentials = true
    for (const [k, v] of Object.entries({ ...authHeaders(options.access), ...options.headers }))
      xhr.setRequestHeader(k, v)
    xhr.upload.onprogress = (e) => e.lengthComputable && options.onProgress?.(e.loaded / e.total)
    xhr.onerror = () => reject(new ApiRequestError(0, 'network', '无法连接服务器,文件未上传', null))
    xhr.onload = () => {
      let body: unknown = null
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        body = null
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(1)
        resolve(body as T)
      } else reject(errorFromBody(xhr.status, body))
    }
    xhr.send(form)
  })
}
