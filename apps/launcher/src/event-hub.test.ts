import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChangeEvent } from '@cockpit/contracts'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort, startRedisServer } from './redis-server.js'
import { createEventHub, createRedis, publishChanges } from '@cockpit/services/messaging'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const change: ChangeEvent = {
  type: 'task',
  taskId: 7,
  kind: 'task',
  jurisdictionCode: '360100',
  parentId: null,
  action: 'progress',
  departmentId: 3,
  dueState: 'not-due',
  stage: 'in-progress',
  completedOn: null,
  at: '2024-06-30T04:00:00.000Z',
}

describe('event hub', () => {
  it('starts while Redis is away and delivers changes once Redis is up', async () => {
    const port = await freePort()
    const url = `redis://127.0.0.1:${port}`
    const started = Date.now()
    const hub = await createEventHub(createRedis(url, 'subscriber'), 'hubtest', undefined, 300)
    cleanups.push(() => hub.close())
    expect(Date.now() - started).toBeLessThan(2000)
    const seen: ChangeEvent[] = []
    hub.subscribe((e) => seen.push(e))

    const dir = mkdtempSync(join(tmpdir(), 'cockpit-hub-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const server = await startRedisServer(dir, { port })
    cleanups.push(() => server.stop())
    const publisher = createRedis(url, 'publisher')
    cleanups.push(() => publisher.disconnect())
    await new Promise((r) => publisher.once('ready', r))
    // The subscription is made on connect (ioredis retries every few seconds): publish until it is heard.
    const until = Date.now() + 10_000
    while (seen.length === 0 && Date.now() < until) {
      await publishChanges(publisher, 'hubtest', [change]).catch(() => {})
      await new Promise((r) => setTimeout(r, 200))
    }
    expect(seen[0]).toMatchObject({ type: 'task', taskId: 7 })
  }, 20_000)
})
