/** Methods that never change state: no CSRF check. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * CSRF check of a request to a mutating route: safe methods pass; anything else must come from the request's
 * own origin (or one of `allowedOrigins`), per the `Origin` header — or, when a browser sends no `Origin`,
 * per `Sec-Fetch-Site: same-origin`. A request with neither is refused (fail closed). The `SameSite=Lax`
 * session cookies are the second layer: a cross-site POST does not carry them.
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

/**
 * True when the browser says the request comes from the app itself (`Origin` is ours, or
 * `Sec-Fetch-Site: same-origin`), whatever the method. Used before adding the session cookie's access token
 * to a forwarded request, so a cross-site page cannot make the route act with the user's session, not even
 * with a GET.
 */
export function isFromSameOrigin(request: Request, allowedOrigins: readonly string[] = []): boolean {
  const origin = request.headers.get('origin')
  if (origin !== null) return origin === new URL(request.url).origin || allowedOrigins.includes(origin)
  return request.headers.get('sec-fetch-site') === 'same-origin'
}
