/**
 * Which webhook URLs the mock POSTs to (issue 13 item 4): https anywhere public, http only on loopback (for
 * local receivers), and never an address a cloud or link-local network uses for metadata or neighbours, since
 * a webhook URL makes the server send requests of its owner's choosing (SSRF).
 */

/** IPv4 ranges refused as webhook targets: [first octets, prefix length, why]. */
const BLOCKED_V4: [number, number, string][] = [
  [0x00000000, 8, '"this network" (0.0.0.0/8)'],
  [0xa9fe0000, 16, 'link-local / cloud metadata (169.254.0.0/16)'],
  [0x64400000, 10, 'carrier-grade NAT / cloud metadata (100.64.0.0/10)'],
  [0xe0000000, 4, 'multicast (224.0.0.0/4)'],
  [0xf0000000, 4, 'reserved (240.0.0.0/4)'],
]

/** Host names of cloud metadata services. */
const BLOCKED_NAMES = new Set([
  'metadata.google.internal',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
])

function parseV4(host: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host)
  if (!m) return null
  const parts = m.slice(1).map(Number)
  if (parts.some((p) => p > 255)) return null
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0
}

function v4Problem(ip: number): string | null {
  for (const [base, bits, why] of BLOCKED_V4) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
    if ((ip & mask) >>> 0 === base) return why
  }
  return null
}

/** Expands an IPv6 literal (no brackets) to eight 16-bit groups; null when it is not one. */
function parseV6(host: string): number[] | null {
  if (!host.includes(':')) return null
  let text = host.toLowerCase()
  const groups: number[] = []
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text)
  if (v4) {
    const ip = parseV4(v4[1]!)
    if (ip === null) return null
    text = `${text.slice(0, -v4[1]!.length)}${(ip >>> 16).toString(16)}:${(ip & 0xffff).toString(16)}`
  }
  const [head, tail, ...rest] = text.split('::')
  if (rest.length > 0) return null
  const h = head ? head.split(':') : []
  const t = tail !== undefined ? (tail ? tail.split(':') : []) : []
  const fill = tail !== undefined ? 8 - h.length - t.length : 0
  if (fill < 0 || (tail === undefined && h.length !== 8)) return null
  for (const g of [...h, ...Array<string>(fill).fill('0'), ...t]) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null
    groups.push(parseInt(g, 16))
  }
  return groups.length === 8 ? groups : null
}

function v6Problem(g: number[]): string | null {
  const first = g[0]!
  if ((first & 0xffc0) === 0xfe80) return 'link-local (fe80::/10)'
  if ((first & 0xfe00) === 0xfc00) return 'unique-local / cloud metadata (fc00::/7, e.g. fd00:ec2::254)'
  if ((first & 0xff00) === 0xff00) return 'multicast (ff00::/8)'
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms carry an IPv4 address
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) {
    const ip = ((g[6]! << 16) | g[7]!) >>> 0
    if (g[5] === 0xffff || ip > 1) return v4Problem(ip)
  }
  return null
}

/** True for `localhost`, `*.localhost`, 127.0.0.0/8 and ::1: a receiver on the developer's machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
  if (h === 'localhost' || h.endsWith('.localhost')) return true
  const v4 = parseV4(h)
  if (v4 !== null) return v4 >>> 24 === 127
  const v6 = parseV6(h)
  return v6 !== null && v6.slice(0, 7).every((x) => x === 0) && v6[7] === 1
}

/**
 * Why an IP address or host name may not receive webhooks, or null when it may.
 *
 * @example
 * ```ts
 * blockedAddressReason('169.254.169.254') // 'link-local / cloud metadata (169.254.0.0/16)'
 * blockedAddressReason('203.0.113.10')    // null
 * ```
 */
export function blockedAddressReason(hostname: string): string | null {
  const h = hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
  if (BLOCKED_NAMES.has(h)) return 'a cloud metadata host name'
  const v4 = parseV4(h)
  if (v4 !== null) return v4Problem(v4)
  const v6 = parseV6(h)
  if (v6 !== null) return v6Problem(v6)
  return null
}

/**
 * What is wrong with a webhook URL, or null when the mock may POST to it: https (http only on loopback), and
 * no link-local, unique-local, metadata or multicast address.
 *
 * @example
 * ```ts
 * webhookUrlProblem('https://169.254.169.254/latest/meta-data') // 'url points at link-local / cloud metadata …'
 * webhookUrlProblem('http://localhost:4242/hooks')                // null
 * ```
 */
export function webhookUrlProblem(
  url: string,
): { code: 'format' | 'https_required' | 'address_not_allowed'; message: string } | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { code: 'format', message: 'url must be an absolute URL such as https://example.com/hooks.' }
  }
  if (parsed.username || parsed.password)
    return {
      code: 'format',
      message: 'url must not contain credentials; authenticate with the HelloJohn-Signature header.',
    }
  const loopback = isLoopbackHost(parsed.hostname)
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    return {
      code: 'https_required',
      message: 'Webhook URLs must use https (http is allowed only for localhost).',
    }
  }
  if (loopback) return null
  const why = blockedAddressReason(parsed.hostname)
  return why
    ? { code: 'address_not_allowed', message: `url points at ${why}, which cannot receive webhooks.` }
    : null
}
