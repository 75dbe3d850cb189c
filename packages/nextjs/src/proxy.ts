import { serializeCookie, type ServerSessionOptions } from '@hellojohn/server-session'
import { NextResponse, type NextRequest } from 'next/server.js' // .js: next has no exports map, plain Node ESM needs the file
import { authFrom, type Auth } from './auth'
import { DEFAULT_API_PATH } from './placeholder'
import { sessionsFor } from './sessions'

/**
 * Which paths require a session: path prefixes (`'/dashboard'` covers `/dashboard/…`), RegExps, or a
 * function.
 */
export type RoutePattern = string | RegExp
/** The `protect` option: patterns, or a function of the request. */
export type ProtectOption = RoutePattern[] | ((request: NextRequest) => boolean)

/** Options of {@link helloJohnProxy}. */
export interface HelloJohnProxyOptions extends ServerSessionOptions {
  /** Paths that need a session; signed-out visitors are redirected to `signInUrl`. Default: none. */
  protect?: ProtectOption
  /** Your sign-in page (default `/sign-in`); never protected, never a `redirect_url`. */
  signInUrl?: string
  /** Where the route handler is mounted (default `/api/hellojohn`); the proxy leaves it alone. */
  apiPath?: string
}

/** Your own logic after the session is known: return a Response to answer, or nothing to go on. */
export type ProxyHandler = (
  auth: Auth,
  request: NextRequest,
) => Response | undefined | void | Promise<Response | undefined | void>

function matches(pattern: RoutePattern, pathname: string): boolean {
  if (pattern instanceof RegExp) return pattern.test(pathname)
  const base = pattern.replace(/\/+$/, '')
  return pathname === base || pathname.startsWith(`${base}/`) || base === ''
}

/**
 * The Next.js proxy (Next 16's `proxy.ts`, formerly `middleware.ts`): reads the session from its cookies
 * (local JWKS verification), refreshes it when due — once per session, however many requests arrive together
 * — and passes the fresh cookies both to the browser and to the page being rendered, so `auth()` in server
 * components sees them. Protected paths redirect signed-out visitors to `signInUrl?redirect_url=<path>`; the
 * sign-in page itself is never redirected and never becomes a `redirect_url`, so there is no loop. A revoked
 * session's cookies are cleared; a temporary API failure keeps them.
 *
 * @example
 * ```ts
 * // proxy.ts
 * import { helloJohnProxy } from '@hellojohn/nextjs/server'
 *
 * export default helloJohnProxy({ protect: ['/dashboard'] })
 * export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] }
 * ```
 */
export function helloJohnProxy(
  handlerOrOptions?: ProxyHandler | HelloJohnProxyOptions,
  maybeOptions?: HelloJohnProxyOptions,
): (request: NextRequest) => Promise<Response> {
  const handler = typeof handlerOrOptions === 'function' ? handlerOrOptions : undefined
  const options = (typeof handlerOrOptions === 'function' ? maybeOptions : handlerOrOptions) ?? {}
  const { protect = [], signInUrl = '/sign-in', apiPath = DEFAULT_API_PATH, ...sessionOptions } = options
  const isProtected = (request: NextRequest): boolean =>
    typeof protect === 'function'
      ? protect(request)
      : protect.some((p) => matches(p, request.nextUrl.pathname))

  return async function proxy(request) {
    const { pathname, search } = request.nextUrl
    if (pathname === apiPath || pathname.startsWith(`${apiPath}/`)) return NextResponse.next()
    const core = sessionsFor(sessionOptions)
    const resolved = await core.resolve(request)
    const signedIn = resolved.session.status === 'signed_in'
    const onSignIn = pathname === signInUrl || pathname.startsWith(`${signInUrl}/`)

    let response: Response | undefined
    if (!signedIn && !onSignIn && isProtected(request)) {
      const target = new URL(signInUrl, request.url)
      target.searchParams.set('redirect_url', `${pathname}${search}`)
      response = NextResponse.redirect(target, 307)
    }
    if (response === undefined && handler)
      response = (await handler(authFrom(resolved.session), request)) ?? undefined
    if (response === undefined) {
      const headers = new Headers(request.headers)
      if (resolved.cookieHeader === '') headers.delete('cookie')
      else headers.set('cookie', resolved.cookieHeader)
      response = NextResponse.next({ request: { headers } })
    }
    for (const c of resolved.cookies) response.headers.append('set-cookie', serializeCookie(c))
    if (resolved.cookies.length > 0) response.headers.set('cache-control', 'private, no-store')
    return response
  }
}
