import { describe, expect, it } from 'vitest'
import type { ChannelConfig } from './channel-config.js'
import { deliver } from './deliver.js'
import { firingMessage } from './test-fixtures.js'

describe('deliver', () => {
  it('returns a permanent failure for a configuration that fails validation, without sending', async () => {
    // Stored configs are loose JSON; this one has the wrong secret format.
    const config = {
      kind: 'dingtalk',
      url: 'https://oapi.dingtalk.com/robot/send?access_token=a',
      secret: 'nope',
    } as ChannelConfig
    const result = await deliver(config, firingMessage())
    expect(result).toEqual({
      ok: false,
      retryable: false,
      error: '渠道配置无效:secret: 钉钉加签密钥应以 SEC 开头(机器人安全设置"加签"一栏)',
    })
  })

  it('does not throw for input that is not a configuration at all', async () => {
    const result = await deliver(null as unknown as ChannelConfig, firingMessage())
    expect(result).toMatchObject({ ok: false, retryable: false })
  })
})
