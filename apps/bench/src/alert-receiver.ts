import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface WebhookArrival {
  /** performance.now() when the whole body had arrived. */
  at: number
  body: string
  idempotencyKey: string
}

/** A webhook endpoint on loopback: keeps every request with its arrival time and answers 200. */
export async function startWebhookReceiver(onArrival: (a: WebhookArrival) => void = () => {}) {
  const arrivals: WebhookArrival[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const a = {
        at: performance.now(),
        body: Buffer.concat(chunks).toString('utf8'),
        idempotencyKey: String(req.headers['idempotency-key'] ?? ''),
      }
      arrivals.push(a)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"ok":true}')
      onArrival(a)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/hooks/cockpit`,
    arrivals,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
