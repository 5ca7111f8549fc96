import { testDatabases } from '@cockpit/db/testing'
import { describe, expect, it } from 'vitest'
import { resumeDemoClock, storeDemoClock } from './demo-clock.js'

const demo = { start: new Date('2024-01-01T00:00:00+08:00'), speed: 86_400 }

describe.each(testDatabases())('demo calendar across restarts on $name', (target) => {
  it('starts at DEMO_CLOCK the first time and resumes from the stored product time after a restart', async () => {
    const handle = await target.open()
    try {
      expect(await resumeDemoClock(handle.db, demo)).toEqual(demo.start)
      await storeDemoClock(handle.db, demo, new Date('2024-03-05T08:00:00Z'))
      await storeDemoClock(handle.db, demo, new Date('2024-03-09T08:00:00Z'))
      expect((await resumeDemoClock(handle.db, demo)).toISOString()).toBe('2024-03-09T08:00:00.000Z')
    } finally {
      await handle.close()
    }
  })

  it('starts afresh when DEMO_CLOCK or DEMO_SPEED changed', async () => {
    const handle = await target.open()
    try {
      await storeDemoClock(handle.db, demo, new Date('2024-03-09T08:00:00Z'))
      expect(await resumeDemoClock(handle.db, { ...demo, speed: 3600 })).toEqual(demo.start)
      const other = { start: new Date('2025-01-01T00:00:00+08:00'), speed: 86_400 }
      expect(await resumeDemoClock(handle.db, other)).toEqual(other.start)
    } finally {
      await handle.close()
    }
  })

  it('resumes after the newest received submission when the process was killed before it stored the time', async () => {
    const handle = await target.open()
    try {
      await storeDemoClock(handle.db, demo, new Date('2024-03-09T08:00:00Z'))
      // Received after the last store, then kill -9: nothing stored on the way out.
      await handle.db
        .insertInto('submissions')
        .values({
          channel: 'api',
          payload: JSON.stringify({ items: [] }),
          received_at: new Date('2024-03-10T20:00:00Z'),
        })
        .execute()
      expect((await resumeDemoClock(handle.db, demo)).toISOString()).toBe('2024-03-10T20:00:00.000Z')
    } finally {
      await handle.close()
    }
  })
})
