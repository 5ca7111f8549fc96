import { describe, expect, it } from 'vitest'
import { loadScaleOutConfig } from './scale-out-config.js'

const PG = { DATABASE_URL: 'postgres://u:p@db:5432/cockpit' }

describe('npm start -- --api N --workers M', () => {
  it('reads the process counts and keeps the one port for every API process', () => {
    const c = loadScaleOutConfig(
      ['--api', '3', '--workers', '4'],
      { ...PG, PORT: '8080', QUEUE_PREFIX: '{cockpit}' },
      '/srv',
    )
    expect(c).toMatchObject({
      api: 3,
      workers: 4,
      port: 8080,
      prefix: '{cockpit}',
      seed: true,
      databaseUrl: PG.DATABASE_URL,
      redisUrl: null,
    })
  })

  it('refuses the embedded PGlite, saying what to do instead', () => {
    expect(() => loadScaleOutConfig(['--api', '2'], {}, '/srv')).toThrow(
      /DATABASE_URL: more than one process needs a PostgreSQL server[\s\S]*without --api\/--workers/,
    )
  })

  it('names a wrong option', () => {
    expect(() => loadScaleOutConfig(['--api', '0'], PG, '/srv')).toThrow(
      /--api: a whole number from 1 to 16 \(got "0"\)/,
    )
    expect(() => loadScaleOutConfig(['--workers', 'x'], PG, '/srv')).toThrow(/--workers/)
    expect(() => loadScaleOutConfig(['--apis', '2'], PG, '/srv')).toThrow(/invalid option/)
    expect(() => loadScaleOutConfig([], { ...PG, QUEUE_PREFIX: '{a}b' }, '/srv')).toThrow(/QUEUE_PREFIX/)
  })
})
