/** Methods that never change state: no CSRF check. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * CSRF check of a request to a mutating route: safe methods pass; anything else must come from the request's own
 * origin (or one of `allowedOrigins`), per the `Origin` header — or, when a browser sends no `Origin`, per
 * `Sec-Fetch-Site: same-origin`. A request with neither is refused (fail closed). The `SameSite=Lax` session cookies
 * are the second layer: a cross-site POST does not carry them.
 *
 * @example
 * ```ts
 * if (!isSameOriginRequest(request)) return new Response('Forbidden', { status: 403 })
 * ```
 */
export function isSameOriginRequest(
  request: Request,
  allowedOrigins: readonly string[] = [],
  ownOrigin?: string,
): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return true
  const own = ownOrigin ?? new URL(request.url).origin
  const origin = request.headers.get('origin')
  if (origin !== null) return origin === own || allowedOrigins.includes(origin)
  return request.headers.get('sec-fetch-site') === 'same-origin'
}
