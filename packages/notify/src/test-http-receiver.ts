import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request as the receiver saw it; `body` is the raw text, as a signature check needs. */
export interface ReceivedRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: string
}

export type Reply = { status: number; body: string } | 'hang'

/**
 * A real HTTP server on 127.0.0.1 with an OS-chosen port, standing in for a robot or webhook endpoint in the
 * integration tests. Replies are queued per test; when the queue is empty it answers 200 {errcode:0}.
 */
export interface HttpReceiver {
  baseUrl: string
  requests: ReceivedRequest[]
  reply: (...replies: Reply[]) => void
  reset: () => void
  close: () => Promise<void>
}

export const startHttpReceiver = async (): Promise<HttpReceiver> => {
  const requests: ReceivedRequest[] = []
  let queue: Reply[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      })
      const next = queue.shift() ?? { status: 200, body: JSON.stringify({ errcode: 0, errmsg: 'ok' }) }
      // A hanging reply lets the client's deadline fire; the socket is dropped when the server closes.
      if (next === 'hang') return
      res.writeHead(next.status, { 'content-type': 'application/json; charset=utf-8' })
      res.end(next.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => {
      queue.push(...replies)
    },
    reset: () => {
      requests.length = 0
      queue = []
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

/** A loopback port with nothing listening: bound by the OS, then released. */
export const closedPort = async (): Promise<number> => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
