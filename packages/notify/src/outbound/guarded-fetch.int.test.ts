import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkOutboundUrl, guardedFetch, guardedLookup, outboundRefusal } from './guarded-fetch.js'
import { addressAllowed, parseOutboundAllow, PUBLIC_ONLY } from './policy.js'

const REFUSED = (host: string) =>
  `地址「${host}」指向本机、内网、链路本地或云平台元数据等受限网段,不允许访问(确需访问内网服务的,请系统管理员在配置 OUTBOUND_ALLOW 中放行)`

const refusal = async (url: string, policy = PUBLIC_ONLY) => {
  try {
    await checkOutboundUrl(url, policy)
    return '(allowed)'
  } catch (e) {
    return (e as Error).message
  }
}

// Issue #11, row 3: loopback, link-local/metadata and private addresses are refused unless configured.
describe('outbound URL guard', () => {
  let server: Server
  let port = 0
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/hop') return void res.writeHead(302, { location: `http://127.0.0.1:${port}/secret` }).end()
      if (req.url === '/hop-meta')
        return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end()
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise((r) => server.close(r)))

  it('refuses the addresses of the issue, whatever their spelling', async () => {
    expect(await refusal(`http://127.0.0.1:${port}/`)).toBe(REFUSED('127.0.0.1'))
    expect(await refusal('http://[::1]:4310/')).toBe(REFUSED('::1'))
    expect(await refusal('http://169.254.169.254/latest/meta-data/')).toBe(REFUSED('169.254.169.254'))
    // Decimal, hex and IPv4-mapped spellings of loopback; the URL parser turns them into addresses.
    expect(await refusal('http://2130706433/')).toBe(REFUSED('127.0.0.1'))
    expect(await refusal('http://0x7f.1/')).toBe(REFUSED('127.0.0.1'))
    expect(await refusal('http://[::ffff:127.0.0.1]/')).toBe(REFUSED('::ffff:7f00:1'))
    expect(await refusal('http://10.1.2.3/')).toBe(REFUSED('10.1.2.3'))
    expect(await refusal('http://192.168.1.1/')).toBe(REFUSED('192.168.1.1'))
    expect(await refusal('http://100.100.100.200/latest/meta-data/')).toBe(REFUSED('100.100.100.200'))
    expect(await refusal('http://[fd00:ec2::254]/')).toBe(REFUSED('fd00:ec2::254'))
    expect(await refusal('http://0.0.0.0/')).toBe(REFUSED('0.0.0.0'))
    // A name that resolves to loopback is refused like the address.
    expect(await refusal('http://localhost:6379/')).toBe(REFUSED('localhost'))
  })

  it('allows only http and https', async () => {
    for (const url of ['file:///etc/passwd', 'gopher://127.0.0.1:6379/_INFO', 'ftp://example.org/x'])
      expect(await refusal(url)).toBe('只允许 http:// 或 https:// 地址')
  })

  it('allows public unicast addresses', () => {
    for (const a of ['8.8.8.8', '114.114.114.114', '2400:3200::1']) expect(addressAllowed(a, PUBLIC_ONLY)).toBe(true)
  })

  it('lets an administrator allow a range or a host in configuration', async () => {
    const policy = parseOutboundAllow('127.0.0.1/8, ::1, 10.20.0.0/16, data.intranet.example')
    expect(await refusal(`http://127.0.0.1:${port}/`, policy)).toBe('(allowed)')
    expect(await refusal('http://[::1]/', policy)).toBe('(allowed)')
    expect(await refusal('http://10.20.3.4/', policy)).toBe('(allowed)')
    expect(await refusal('http://10.21.3.4/', policy)).toBe(REFUSED('10.21.3.4'))
    expect(await refusal('http://data.intranet.example/', policy)).toBe('(allowed)')
    expect(() => parseOutboundAllow('10.0.0.0/99')).toThrow('OUTBOUND_ALLOW: "10.0.0.0/99"')
  })

  it('fetches from an allowed address, and checks every redirect again', async () => {
    const loopbackOnly = parseOutboundAllow('127.0.0.1/32')
    const res = await guardedFetch(loopbackOnly)(`http://127.0.0.1:${port}/hop`)
    expect(await res.json()).toEqual({ ok: true })
    const err = await guardedFetch(loopbackOnly)(`http://127.0.0.1:${port}/hop-meta`).catch((e: unknown) => e)
    expect(outboundRefusal(err)?.message).toBe(REFUSED('169.254.169.254'))
  })

  it('checks the address actually dialled as well, so a name cannot be re-pointed after the check', async () => {
    // The connection resolves through this lookup (DNS rebinding would change the answer between the two).
    const dialled = (policy = PUBLIC_ONLY) =>
      new Promise<string>((resolve) =>
        guardedLookup(policy)('localhost', { all: true }, (err, addresses) =>
          resolve(err ? err.message : JSON.stringify(addresses)),
        ),
      )
    expect(await dialled()).toBe(REFUSED('localhost'))
    expect(await dialled(parseOutboundAllow('127.0.0.1/8,::1'))).toContain('127.0.0.1')
  })
})
