/**
 * The browser and network boundary of the standalone server (issue 13 item 1): which origins get CORS, which
 * `Host` names are answered (DNS rebinding), and who may use the `/__mock/` controls. Pure functions over
 * header values, so they are tested without a socket.
 */

/**
 * Request headers the API and the controls use; a preflight allows exactly these, never whatever was asked
 * for.
 */
export const ALLOWED_REQUEST_HEADERS = [
  'Authorization',
  'Content-Type',
  'X-Tenant-ID',
  'Idempotency-Key',
  'X-HelloJohn-Mock-Token',
] as const

/** Response headers a browser app may read. */
export const EXPOSED_RESPONSE_HEADERS = [
  'X-HelloJohn-Version',
  'X-Request-ID',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'Retry-After',
  'Idempotent-Replayed',
  'Location',
  'WWW-Authenticate',
] as const

/**
 * Header carrying the `--controls-token` on `/__mock/` calls (`Authorization: Bearer` is taken by API keys).
 */
export const CONTROLS_TOKEN_HEADER = 'x-hellojohn-mock-token'

/**
 * Whether the `X-HelloJohn-Mock-Token` value given equals the `--controls-token`, compared without an early
 * exit (no timing hint about how much of it matched).
 *
 * @example
 * ```ts
 * isControlsToken(request.headers.get('x-hellojohn-mock-token'), 'sixteen-chars-or-more') // true or false
 * ```
 */
export function isControlsToken(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string' || expected === '') return false
  let diff = given.length ^ expected.length
  for (let i = 0; i < Math.max(given.length, expected.length); i++)
    diff |= (given.charCodeAt(i) || 0) ^ (expected.charCodeAt(i) || 0)
  return diff === 0
}

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

/** True for `localhost`, `*.localhost` (RFC 6761: always loopback), `127.0.0.0/8` and `::1`. */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '')
  return LOOPBACK_HOSTNAMES.has(h) || h.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
}

/** True when the bind address is only reachable from this machine. */
export function isLoopbackBind(host: string): boolean {
  return isLoopbackHostname(host.replace(/^\[(.*)\]$/, '$1'))
}

/**
 * An IP literal (v4 dotted quad or bracketed v6): cannot be re-pointed by DNS, so it is no rebinding vector.
 */
function isIpLiteral(hostname: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || /^\[[0-9a-f:.]+\]$/i.test(hostname)
}

/**
 * Normalises an origin given with `--cors-origin` / `corsOrigins` (`https://app.example.test/` →
 * `https://app.example.test`); throws for anything that is not an http(s) origin, so a typo fails at start
 * instead of silently allowing nothing.
 *
 * @example
 * ```ts
 * normalizeOrigin('https://app.example.test/') // 'https://app.example.test'
 * normalizeOrigin('null') // throws
 * ```
 */
export function normalizeOrigin(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`"${value}" is not an origin such as https://app.example.test`)
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username ||
    url.password ||
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search ||
    url.hash
  ) {
    throw new Error(
      `"${value}" is not an origin such as https://app.example.test (scheme, host and port only)`,
    )
  }
  return url.origin
}

/** The network policy of one server. */
export interface BoundaryPolicy {
  /** Extra allowed origins (normalised), besides loopback ones and the server's own. */
  corsOrigins: readonly string[]
  /**
   * Host names (no port) answered besides loopback names and IP literals: the bind host, the issuer/base URL
   * host.
   */
  hostNames: readonly string[]
}

/**
 * Whether a browser `Origin` may call the API with credentials: loopback origins on any port
 * (`http://localhost:5173`, `http://127.0.0.1:8080`, `http://[::1]:3000`), the server's own origins and the
 * configured extra ones. Never `null` (sandboxed iframes, `file:` pages, redirects).
 */
export function isAllowedOrigin(origin: string, policy: BoundaryPolicy): boolean {
  if (origin === 'null') return false
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
  if (url.origin !== origin.replace(/\/$/, '')) return false
  if (isLoopbackHostname(url.hostname)) return true
  if (policy.hostNames.some((h) => h.toLowerCase() === url.hostname.toLowerCase())) return true
  return policy.corsOrigins.includes(url.origin)
}

/**
 * Whether the `Host` header names this server: loopback names, IP literals, the bound host, the issuer's
 * host. A DNS rebinding page reaches the server under its own domain name, which is none of these.
 */
export function isAllowedHost(hostHeader: string | undefined, policy: BoundaryPolicy): boolean {
  if (!hostHeader) return false
  let hostname: string
  try {
    hostname = new URL(`http://${hostHeader}`).hostname
  } catch {
    return false
  }
  if (isLoopbackHostname(hostname) || isIpLiteral(hostname)) return true
  return policy.hostNames.some((h) => h.toLowerCase() === hostname.toLowerCase())
}

/**
 * Whether `origin` is the origin the request was sent to (its host:port equals the validated `Host`):
 * same-origin.
 */
export function isSameOrigin(origin: string, hostHeader: string | undefined): boolean {
  try {
    return hostHeader !== undefined && new URL(origin).host.toLowerCase() === hostHeader.toLowerCase()
  } catch {
    return false
  }
}

/** CORS response headers for a request's `Origin` (none when there is no origin or it is not allowed). */
export function corsHeadersFor(
  origin: string | undefined,
  policy: BoundaryPolicy,
  hostHeader?: string,
): Record<string, string> {
  if (!origin || !(isAllowedOrigin(origin, policy) || isSameOrigin(origin, hostHeader)))
    return { Vary: 'Origin' }
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': EXPOSED_RESPONSE_HEADERS.join(', '),
    Vary: 'Origin',
  }
}
