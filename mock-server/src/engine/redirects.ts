import { ApiError } from './errors'

/** Options of {@link redirectMatches}. */
export interface RedirectMatchOptions {
  /**
   * An origin-only entry allows every path on it (default true; false for a client's exact `redirect_uris`).
   */
  originEntries?: boolean
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]'])

function parseHttpUrl(value: string): URL | null {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return null
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null
}

/**
 * An entry that is an origin alone (`https://app.acme.com`, `http://localhost`): every path on it is allowed.
 */
function isOriginEntry(entry: URL): boolean {
  return entry.pathname === '/' && entry.search === '' && entry.hash === ''
}

/**
 * Whether `candidate` may be used as a redirect target under one registered entry: same scheme and host; the
 * same port, except that an `http` loopback entry matches any port (RFC 8252 §7.3); and the same path and
 * query, except that an origin-only entry matches every path. Never a fragment (RFC 6749 §3.1.2), never a
 * scheme other than http(s).
 *
 * @example
 * ```ts
 * redirectMatches('http://localhost', 'http://localhost:5173/callback') // true
 * redirectMatches('https://app.acme.com/cb', 'https://app.acme.com/cb?x=1') // false
 * ```
 */
export function redirectMatches(
  entry: string,
  candidate: string,
  options: RedirectMatchOptions = {},
): boolean {
  const e = parseHttpUrl(entry)
  const c = parseHttpUrl(candidate)
  if (!e || !c || c.hash !== '' || candidate.includes('#') || c.username !== '' || c.password !== '')
    return false
  if (e.protocol !== c.protocol || e.hostname !== c.hostname) return false
  const loopback = e.protocol === 'http:' && LOOPBACK_HOSTS.has(e.hostname)
  if (!loopback && e.port !== c.port) return false
  if (options.originEntries !== false && isOriginEntry(e)) return true
  return e.pathname === c.pathname && e.search === c.search
}

/**
 * Whether `candidate` matches one of the entries (a tenant's `allowed_redirect_urls` or a client's
 * `redirect_uris`).
 */
export function redirectAllowed(
  entries: readonly string[],
  candidate: string,
  options: RedirectMatchOptions = {},
): boolean {
  return entries.some((entry) => redirectMatches(entry, candidate, options))
}

/**
 * Refuses a `redirect_url` (magic link, password reset) that the tenant does not allow, with 422 naming the
 * field.
 *
 * @example
 * ```ts
 * requireAllowedRedirect(tenant.auth_config.allowed_redirect_urls, body.redirect_url, 'redirect_url')
 * ```
 */
export function requireAllowedRedirect(entries: readonly string[], candidate: string, field: string): void {
  if (redirectAllowed(entries, candidate)) return
  throw new ApiError(422, 'validation_failed', `${field} is not one of the tenant's allowed redirect URLs.`, [
    {
      field,
      code: 'not_allowed',
      message:
        'Use an http(s) URL on an origin listed in auth_config.allowed_redirect_urls (PATCH /v2/admin/tenants/{tenantId}/auth/config).',
    },
  ])
}

/**
 * Checks one entry of `allowed_redirect_urls` (absolute http(s), no fragment, no credentials) and returns it
 * unchanged.
 *
 * @example
 * ```ts
 * checkAllowedRedirectEntry('https://app.acme.com', 'allowed_redirect_urls.0') // 'https://app.acme.com'
 * ```
 */
export function checkAllowedRedirectEntry(entry: string, field: string): string {
  const url = parseHttpUrl(entry)
  if (!url || entry.includes('#') || url.username !== '' || url.password !== '') {
    throw new ApiError(
      422,
      'validation_failed',
      `${field} must be an absolute http(s) URL without a fragment.`,
      [
        {
          field,
          code: 'format',
          message:
            'Send an origin such as https://app.acme.com or an exact URL such as https://app.acme.com/callback.',
        },
      ],
    )
  }
  return entry
}
