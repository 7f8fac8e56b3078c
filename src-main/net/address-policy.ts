import { networkInterfaces } from 'node:os'
import ipaddr from 'ipaddr.js'

type IP = ipaddr.IPv4 | ipaddr.IPv6

/** An exact address and port that is reachable even when its address is private. */
export interface Endpoint {
  address: string
  port: number
}

/** Which destinations a remote import may connect to. */
export interface AddressPolicy {
  /** Allow loopback, private (RFC 1918, CGNAT, ULA) and special-use addresses. */
  allowPrivateAddresses: boolean
  /** Ports refused on this computer's own addresses whatever the other settings (Darkroom's own). */
  blockedPorts: readonly number[]
  /** Single address:port pairs allowed although private; never overrides the always-refused ranges. */
  allowedEndpoints: readonly Endpoint[]
}

type AddressClass =
  'public' | 'loopback' | 'private' | 'linkLocal' | 'unspecified' | 'multicast' | 'special'

interface Classified {
  kind: AddressClass
  /** The IPv4 address an IPv6 form carries (mapped, NAT64, 6to4, IPv4-compatible). */
  embedded?: ipaddr.IPv4
}

const classifyIPv4 = (ip: ipaddr.IPv4): AddressClass => {
  switch (ip.range()) {
    case 'unicast':
      return 'public'
    case 'loopback':
      return 'loopback'
    case 'private':
    case 'carrierGradeNat':
      return 'private'
    case 'linkLocal':
      return 'linkLocal'
    case 'unspecified':
      return 'unspecified'
    case 'multicast':
    case 'broadcast':
      return 'multicast'
    default:
      return 'special'
  }
}

const ipv4FromParts = (high: number | undefined, low: number | undefined): ipaddr.IPv4 => {
  const h = high ?? 0
  const l = low ?? 0
  return new ipaddr.IPv4([h >> 8, h & 0xff, l >> 8, l & 0xff])
}

const embeddedIPv4 = (ip: ipaddr.IPv6): ipaddr.IPv4 | undefined => {
  const parts = ip.parts
  const range = ip.range()
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052') {
    return ipv4FromParts(parts[6], parts[7])
  }
  if (range === '6to4') return ipv4FromParts(parts[1], parts[2])
  // Deprecated IPv4-compatible form (::a.b.c.d); ipaddr.js files it under unicast.
  if (range === 'unicast' && parts.slice(0, 6).every((part) => part === 0)) {
    return ipv4FromParts(parts[6], parts[7])
  }
  return undefined
}

const classify = (ip: IP): Classified => {
  if (ip.kind() === 'ipv4') return { kind: classifyIPv4(ip as ipaddr.IPv4) }
  const ipv6 = ip as ipaddr.IPv6
  const embedded = embeddedIPv4(ipv6)
  if (embedded) return { kind: classifyIPv4(embedded), embedded }
  const range: string = ipv6.range()
  switch (range) {
    case 'unicast':
      return { kind: 'public' }
    case 'loopback':
      return { kind: 'loopback' }
    case 'uniqueLocal':
    case 'deprecatedSiteLocal':
      return { kind: 'private' }
    case 'linkLocal':
      return { kind: 'linkLocal' }
    case 'unspecified':
      return { kind: 'unspecified' }
    case 'multicast':
      return { kind: 'multicast' }
    default:
      return { kind: 'special' }
  }
}

const parseAddress = (address: string): IP | undefined => {
  try {
    return ipaddr.parse(address)
  } catch {
    return undefined
  }
}

const sameAddress = (a: IP, b: IP): boolean =>
  a.kind() === b.kind() && a.toNormalizedString() === b.toNormalizedString()

const isOwnAddress = (ip: IP, kind: AddressClass): boolean => {
  if (kind === 'loopback' || kind === 'unspecified') return true
  const target =
    ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()
      ? (ip as ipaddr.IPv6).toIPv4Address()
      : ip
  return Object.values(networkInterfaces()).some((list) =>
    (list ?? []).some((entry) => {
      const local = parseAddress(entry.address.split('%')[0] ?? '')
      return local !== undefined && sameAddress(local, target)
    })
  )
}

const isAllowedEndpoint = (ip: IP, port: number, policy: AddressPolicy): boolean =>
  policy.allowedEndpoints.some((endpoint) => {
    const allowed = parseAddress(endpoint.address)
    return endpoint.port === port && allowed !== undefined && sameAddress(allowed, ip)
  })

const describe = (address: string, classified: Classified): string =>
  classified.embedded ? `${address} (${classified.embedded.toString()})` : address

const reasonFor = (shown: string, kind: AddressClass): string => {
  switch (kind) {
    case 'loopback':
      return `the address ${shown} points back to this computer`
    case 'private':
      return `the address ${shown} is on a private network`
    case 'linkLocal':
      return `the address ${shown} is link-local, where cloud metadata services answer`
    case 'unspecified':
      return `the address ${shown} does not name a single computer`
    case 'multicast':
      return `the address ${shown} is a multicast or broadcast address`
    case 'special':
      return `the address ${shown} is reserved for special use`
    case 'public':
      return `the address ${shown} is an IPv4 address written in IPv6 form`
  }
}

/**
 * Why a connection to `address`:`port` is refused, phrased to follow "Could not import <url>: ";
 * `undefined` when the policy allows it. `address` is a literal IPv4 or IPv6 address.
 */
export function refusalReason(
  address: string,
  port: number,
  policy: AddressPolicy
): string | undefined {
  const ip = parseAddress(address)
  if (!ip) return `${address} is not a valid IP address`
  const classified = classify(ip)
  const { kind } = classified
  if (policy.blockedPorts.includes(port) && isOwnAddress(ip, kind)) {
    return `port ${port} on this computer is Darkroom itself`
  }
  // Never reachable through an organization option: metadata services and "any address" tricks.
  if (kind === 'linkLocal' || kind === 'unspecified' || kind === 'multicast') {
    return reasonFor(describe(address, classified), kind)
  }
  if (isAllowedEndpoint(ip, port, policy) || policy.allowPrivateAddresses) return undefined
  // Wrapped public IPv4 is refused too: the filtering agent underneath would refuse it less clearly.
  if (kind === 'public' && !classified.embedded) return undefined
  return reasonFor(describe(address, classified), kind)
}

/** Why a host name is refused before it is even looked up (`localhost` and its sub-domains). */
export function hostNameRefusal(hostname: string, policy: AddressPolicy): string | undefined {
  if (policy.allowPrivateAddresses) return undefined
  const name = hostname.toLowerCase().replace(/\.$/, '')
  if (name === 'localhost' || name.endsWith('.localhost')) {
    return `the host name ${hostname} points back to this computer`
  }
  return undefined
}
