import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { loadLauncherConfig } from './config.js'
import { chooseLogFormat, createLogger } from './logger.js'

describe('the launcher log format', () => {
  it('pretty-prints for a terminal and writes JSON to a pipe or a file, unless LOG_FORMAT says otherwise', () => {
    expect(chooseLogFormat('auto', true)).toBe('pretty')
    expect(chooseLogFormat('auto', false)).toBe('json')
    // process.stdout.isTTY is undefined, not false, when stdout is not a terminal.
    expect(chooseLogFormat('auto', undefined)).toBe('json')
    expect(chooseLogFormat('json', true)).toBe('json')
    expect(chooseLogFormat('pretty', false)).toBe('pretty')
  })

  it('reads LOG_FORMAT (default auto) and names the variable when it is wrong', () => {
    expect(loadLauncherConfig({}, '/srv').logFormat).toBe('auto')
    expect(loadLauncherConfig({ LOG_FORMAT: 'json' }, '/srv').logFormat).toBe('json')
    expect(() => loadLauncherConfig({ LOG_FORMAT: 'yaml' }, '/srv')).toThrow(
      /LOG_FORMAT: LOG_FORMAT must be 'auto', 'json' or 'pretty'/,
    )
  })

  async function written(format: 'json' | 'pretty') {
    const out = new PassThrough()
    const chunks: string[] = []
    out.on('data', (c: Buffer) => chunks.push(c.toString()))
    const logger = createLogger('info', format, out)
    logger.info({ port: 3000 }, 'listening')
    logger.debug('not at info')
    await new Promise((r) => setImmediate(r))
    return chunks.join('')
  }

  it('writes one JSON object a line in json, a readable line with level and fields in pretty', async () => {
    const json = (await written('json')).trim().split('\n')
    expect(json).toHaveLength(1)
    expect(JSON.parse(json[0]!)).toMatchObject({ level: 30, msg: 'listening', port: 3000 })
    const pretty = await written('pretty')
    expect(pretty).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: listening\n\s+port: 3000\n$/)
  })
})
