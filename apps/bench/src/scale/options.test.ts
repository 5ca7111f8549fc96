import { describe, expect, it } from 'vitest'
import { MEASUREMENTS, parseScaleOptions } from './options.js'

describe('bench:scale options', () => {
  it('defaults to the full national scale, every measurement, on the local server', () => {
    const o = parseScaleOptions([], {})
    expect(o).toMatchObject({ scale: 1, reuse: false, only: [...MEASUREMENTS], database: 'cockpit_scale' })
  })

  it('runs the chosen measurements in the bench order, whatever order they are named in', () => {
    const o = parseScaleOptions(['--scale', '0.02', '--reuse', '--only', 'size,ingest'], {
      DATABASE_URL: 'postgres://x@h/db',
    })
    expect(o).toMatchObject({ scale: 0.02, reuse: true, only: ['ingest', 'size'], serverUrl: 'postgres://x@h/db' })
  })

  it('refuses bad flags with the flag named, before any load starts', () => {
    expect(() => parseScaleOptions(['--scale', '2'], {})).toThrow('--scale')
    expect(() => parseScaleOptions(['--scale', 'x'], {})).toThrow('--scale')
    expect(() => parseScaleOptions(['--only', 'reads,speed'], {})).toThrow('--only: unknown measurement speed')
    expect(() => parseScaleOptions(['--requests', '0'], {})).toThrow('--requests')
    expect(() => parseScaleOptions(['--database', 'Drop Table'], {})).toThrow('--database')
  })
})
