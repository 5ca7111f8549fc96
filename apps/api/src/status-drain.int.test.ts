import type { Submission } from '@cockpit/contracts'
import { testDatabases } from '@cockpit/db/testing'
import { processSubmission } from '@cockpit/services/pipeline'
import { type RunningWorkers, startWorkers } from '@cockpit/worker'
import { readUpload } from '@cockpit/tabular'
import { afterEach, describe, expect, it } from 'vitest'
import { client, waitFor } from './testing/http.js'
import { departmentToken, displayKey } from './testing/principals.js'
import { seededApp } from './testing/seeded-app.js'

const NOW = new Date('2024-06-30T04:00:00Z')
const INDICATOR = 'nanchang-2023/dzzz-yzl'

describe.each(testDatabases())('coalesced status drain through the workers on $name', (target) => {
  let ctx: Awaited<ReturnType<typeof seededApp>> | undefined
  let workers: RunningWorkers | undefined
  afterEach(async () => {
    await workers?.close(3000)
    await ctx?.close()
    workers = undefined
    ctx = undefined
  })

  it('recomputes the status of a value whose worker died between commit and the drain ask, once workers run again', async () => {
    // Producers but no workers: the API stores and enqueues, nothing consumes yet.
    ctx = await seededApp(target, { withQueue: true, noWorkers: true, now: () => NOW })
    const dept = await departmentToken(ctx.handle.db, '360100', 'szsj')
    const api = client(ctx.app, { token: dept.token })
    const posted = await api.post<{ id: string }>('/api/v1/submissions', {
      items: [{ indicator: INDICATOR, period: '2024-05', value: 47 }],
    })
    expect(posted.status).toBe(202)
    // The ingest that committed and died before asking for a drain: values and mark stored, no status yet.
    await processSubmission(ctx.handle.db, posted.body.id, { now: NOW, asOf: '2024-06-30', readUpload })
    const stored = await api.get<Submission>(`/api/v1/submissions/${posted.body.id}`)
    expect(stored.body).toMatchObject({ state: 'processed', statusPending: true })

    // A wall is watching when the restarted workers come up; nobody asks for a drain: the periodic one takes the mark.
    const screen = await displayKey(ctx.handle.db, '360100')
    const wall = client(ctx.app, { token: screen.token })
    workers = await startWorkers({
      db: ctx.handle.db,
      parsePool: ctx.parsePool,
      redisUrl: ctx.redisUrl,
      prefix: ctx.prefix,
      logger: ctx.logger,
      now: () => NOW,
      concurrency: 1,
      statusDrainEveryMs: 300,
      heartbeatEveryMs: 500,
    })
    const status = await waitFor(async () => {
      const r = await wall.get<{
        items: {
          planKey: string
          key: string
          status: { latestValue: number | null; latestPeriodKey?: string | null }
        }[]
      }>('/api/v1/indicators?jurisdiction=360100')
      const item = r.body.items.find((i) => `${i.planKey}/${i.key}` === INDICATOR)
      return item?.status.latestValue === 47 ? item.status : undefined
    })
    expect(status.latestValue).toBe(47)
    expect((await api.get<Submission>(`/api/v1/submissions/${posted.body.id}`)).body.statusPending).toBe(false)
  })
})
