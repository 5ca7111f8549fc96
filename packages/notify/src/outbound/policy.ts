import ipaddr from 'ipaddr.js'

/**
 * Where the server may send requests on a caller's behalf (HTTP pull sources, webhooks, DingTalk and
 * WeCom robots). Public unicast addresses only, unless an administrator lists exceptions in
 * configuration (OUTBOUND_ALLOW): address ranges such as 10.20.0.0/16 for an intranet service, or
 * exact host names. Tests list 127.0.0.1/8 and ::1 for their local receivers.
 */
export interface OutboundPolicy {
  ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][]
  hosts: string[]
}

/** No exceptions: loopback, private, link-local, metadata and every other special range refused. */
export const PUBLIC_ONLY: OutboundPolicy = { ranges: [], hosts: [] }

/**
 * Parses "127.0.0.1/8, ::1, 10.20.0.0/16, data.intranet.example" (an address without a prefix is that one
 * address). Throws with the offending entry, so a typo stops start-up instead of silently allowing nothing.
 */
export function parseOutboundAllow(text: string | undefined): OutboundPolicy {
  const policy: OutboundPolicy = { ranges: [], hosts: [] }
  for (const raw of (text ?? '').split(/[,\s]+/)) {
    const entry = raw.trim()
    if (entry === '') continue
    if (entry.includes('/')) {
      try {
        policy.ranges.push(ipaddr.parseCIDR(entry))
      } catch {
        throw new Error(`OUTBOUND_ALLOW: "${entry}" is not an address range (e.g. 10.20.0.0/16)`)
      }
    } else if (ipaddr.isValid(entry)) {
      const ip = ipaddr.parse(entry)
      policy.ranges.push([ip, ip.kind() === 'ipv4' ? 32 : 128])
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(entry)) {
      policy.hosts.push(entry.toLowerCase())
    } else {
      throw new Error(`OUTBOUND_ALLOW: "${entry}" is neither an address, a range nor a host name`)
    }
  }
  return policy
}

/** IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is. */
function normalise(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!ipaddr.isValid(address)) return null
  const ip = ipaddr.parse(address)
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip
}

/**
 * Whether the server may connect to this address: in an allowed range, or ordinary public unicast.
 * Everything ipaddr.js classifies otherwise is refused: loopback, private (10/8, 172.16/12, 192.168/16),
 * link-local (169.254/16, where cloud metadata lives), carrier-grade NAT (100.64/10, Alibaba Cloud's
 * metadata at 100.100.100.200), unique-local IPv6 (fd00::/8, AWS's fd00:ec2::254), multicast,
 * unspecified, reserved, and the IPv6 forms that embed an IPv4 address (6to4, Teredo, NAT64).
 */
export function addressAllowed(address: string, policy: OutboundPolicy): boolean {
  const ip = normalise(address)
  if (!ip) return false
  if (policy.ranges.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits))) return true
  return ip.range() === 'unicast'
}

export const hostAllowed = (hostname: string, policy: OutboundPolicy): boolean =>
  policy.hosts.includes(hostname.toLowerCase().replace(/\.$/, ''))
