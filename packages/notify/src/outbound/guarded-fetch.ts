import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { isIP } from 'node:net'
import { Agent, fetch as undiciFetch } from 'undici'
import { addressAllowed, hostAllowed, type OutboundPolicy } from './policy.js'

/** A request the policy refused before anything was sent; `message` is for people (Chinese). */
export class OutboundRefused extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'OutboundRefused'
  }
}

const MAX_REDIRECTS = 3
const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '')

const refusedAddress = (host: string) =>
  new OutboundRefused(
    `地址「${host}」指向本机、内网、链路本地或云平台元数据等受限网段,不允许访问(确需访问内网服务的,请系统管理员在配置 OUTBOUND_ALLOW 中放行)`,
  )

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  )
}

/**
 * Checks one URL before it is requested: http(s) only, and every address the host resolves to must be
 * allowed (one bad address is enough to refuse: the connection could land on any of them). The URL
 * parser has already turned 2130706433, 0x7f.1 and [::ffff:7f00:1] into the addresses they are.
 */
export async function checkOutboundUrl(raw: string | URL, policy: OutboundPolicy): Promise<URL> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new OutboundRefused('地址格式不正确')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new OutboundRefused('只允许 http:// 或 https:// 地址')
  const host = bare(url.hostname)
  if (hostAllowed(host, policy)) return url
  if (isIP(host)) {
    if (!addressAllowed(host, policy)) throw refusedAddress(host)
    return url
  }
  let addresses: LookupAddress[]
  try {
    addresses = await resolveAll(host)
  } catch {
    throw new OutboundRefused(`无法解析域名「${host}」`)
  }
  if (addresses.length === 0 || addresses.some((a) => !addressAllowed(a.address, policy))) throw refusedAddress(host)
  return url
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/**
 * The connection itself resolves through this lookup, which applies the same rule: a name that
 * resolved to a public address when checked cannot be re-pointed at 127.0.0.1 before connecting
 * (DNS rebinding), because the address actually dialled is checked again here.
 */
export function guardedLookup(policy: OutboundPolicy) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
    resolveAll(hostname).then(
      (addresses) => {
        const allowed =
          hostAllowed(hostname, policy) ||
          (addresses.length > 0 && addresses.every((a) => addressAllowed(a.address, policy)))
        if (!allowed) return callback(refusedAddress(hostname), '')
        if (options.all) return callback(null, addresses)
        const first = addresses[0]!
        callback(null, first.address, first.family)
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    )
  }
}

// One connection pool per policy (the process has one or two), not one per request.
const agents = new WeakMap<OutboundPolicy, Agent>()
function pinnedAgent(policy: OutboundPolicy): Agent {
  let agent = agents.get(policy)
  if (!agent) {
    agent = new Agent({ connect: { lookup: guardedLookup(policy) } as object })
    agents.set(policy, agent)
  }
  return agent
}

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>

/**
 * fetch for requests made on a caller's behalf: each URL is checked (checkOutboundUrl), the connection
 * is pinned to checked addresses, and redirects are followed by hand (at most 3) so every hop is
 * checked again; with `redirect: 'manual'` the 3xx is returned as it is. Throws OutboundRefused.
 */
export function guardedFetch(policy: OutboundPolicy): FetchLike {
  const dispatcher = pinnedAgent(policy)
  return async (input, init = {}) => {
    let url = await checkOutboundUrl(input, policy)
    let request: RequestInit = init
    const follow = (init.redirect ?? 'follow') === 'follow'
    for (let hop = 0; ; hop++) {
      const response = (await undiciFetch(url, { ...(request as object), redirect: 'manual', dispatcher } as Parameters<
        typeof undiciFetch
      >[1])) as unknown as Response
      const location = response.headers.get('location')
      if (!follow || response.status < 300 || response.status >= 400 || location === null) return response
      await response.body?.cancel()
      if (hop >= MAX_REDIRECTS) throw new OutboundRefused(`重定向次数超过 ${MAX_REDIRECTS} 次`)
      url = await checkOutboundUrl(new URL(location, url), policy)
      // As browsers do: 301/302/303 turn a write into a GET without its body; 307/308 repeat it.
      if ([301, 302, 303].includes(response.status) && (request.method ?? 'GET').toUpperCase() !== 'HEAD') {
        const { body: _body, ...rest } = request
        request = { ...rest, method: 'GET' }
      }
    }
  }
}

/** The refusal when the policy stopped a request (also when it happened inside fetch, at connect time). */
export function outboundRefusal(error: unknown): OutboundRefused | null {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 4; depth++) {
    if (e instanceof OutboundRefused) return e
    e = (e as { cause?: unknown }).cause
  }
  return null
}
