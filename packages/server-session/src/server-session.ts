import type { HelloJohnClaims } from '@hellojohn/node'
import { createTokenVerifier, type TokenVerifier } from '@hellojohn/node'
import {
  applyCookies,
  chunkedCookies,
  cookieHeader,
  deleteCookies,
  readChunked,
  readCookies,
  type CookieOptions,
  type CookieSource,
  type CookieToSet,
} from './cookies'
import { isSameOriginRequest } from './csrf'
import {
  resolveServerSessionOptions,
  type ResolvedServerSessionOptions,
  type ServerSessionOptions,
} from './options'
import { createRefresher, type CompleteAuthResult, type RefreshOutcome } from './refresh'

/** The session of a request, read from its cookies and verified locally (no network call). */
export type ServerSessionState =
  | {
      status: 'signed_in'
      claims: Readonly<HelloJohnClaims>
      accessToken: string
      /**
       * True when the access token expires within the refresh leeway: refresh where cookies can be written.
       */
      refreshDue: boolean
    }
  | {
      status: 'signed_out'
      /**
       * Why: `no_session` (no cookies), `expired` (access token expired, refresh cookie present), `invalid`
       * (bad token), `revoked` (the API refused the refresh), `unavailable` (JWKS or refresh temporarily
       * failing: the cookies are kept).
       */
      reason: 'no_session' | 'expired' | 'invalid' | 'revoked' | 'unavailable'
      /** A refresh cookie is present. */
      canRefresh: boolean
    }

/** What {@link ServerSession.resolve} returns: the session after any refresh, and the cookies to send. */
export interface ResolvedRequestSession {
  session: ServerSessionState
  /**
   * Cookies to set on the response (new tokens, or deletions after a revocation). Empty when nothing changed.
   */
  cookies: CookieToSet[]
  /**
   * The request's `Cookie` header with `cookies` applied: forward it to the rest of this request (Next.js:
   * `NextResponse.next({ request: { headers } })`) so server components see the refreshed tokens.
   */
  cookieHeader: string
  /** The refresh outcome, when a refresh was attempted. */
  refresh?: RefreshOutcome['type']
}

/** The server-side session core. Create it once per app (module scope) and share it. */
export interface ServerSession {
  readonly options: Readonly<ResolvedServerSessionOptions>
  /** Names of the two (possibly chunked) cookies. */
  readonly cookieNames: { accessToken: string; refreshToken: string }
  /** Reads and verifies the session from cookies: local JWKS verification, never a refresh. */
  read(source: CookieSource): Promise<ServerSessionState>
  /**
   * Reads the session and refreshes it when due (single flight per session), for places that can write
   * cookies (proxy/middleware, route handlers, server actions). A temporary failure keeps the session (and
   * the cookies) while the access token is valid; a revoked session clears the cookies.
   */
  resolve(request: Request): Promise<ResolvedRequestSession>
  /** Refreshes with the request's refresh cookie (single flight). */
  refresh(
    request: Request,
  ): Promise<{ outcome: RefreshOutcome | { type: 'no_session' }; cookies: CookieToSet[] }>
  /** The cookies that store a completed `AuthResult` (sign-in, MFA, refresh) for `request`. */
  cookiesFor(request: Request, result: CompleteAuthResult | OAuthTokens): CookieToSet[]
  /** Deletions of every session cookie the request carries (sign-out, revocation). */
  clearCookies(request: Request): CookieToSet[]
  /** CSRF check for mutating routes (see `isSameOriginRequest`). */
  isSameOrigin(request: Request): boolean
  /** Drops verified tokens from the cache (after a sign-out). */
  readonly verifier: TokenVerifier
}

/** A token response of `/v1/oauth/token` (top-level tokens, no session object). */
export interface OAuthTokens {
  access_token: string
  refresh_token?: string
  expires_in?: number
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i

/** `Secure` everywhere except plain http on a loopback host (local development), where browsers drop it. */
export function isSecureContextUrl(url: URL): boolean {
  return !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))
}

/**
 * Creates the server-side session core: the backend-for-frontend pattern on Web `Request`/`Response`/cookies
 * only (Node, edge runtimes, Bun, Deno). The refresh token lives only in an `HttpOnly; Secure; SameSite=Lax`
 * cookie (no `Secure` on http://localhost), the access token in another; cookies over 4 KB are chunked.
 * Reading a session is a local JWKS verification; refreshing is single-flight per session and keeps the
 * session on temporary failures.
 *
 * @example
 * ```ts
 * import { createServerSession, serializeCookie } from '@hellojohn/server-session'
 *
 * const sessions = createServerSession({ baseUrl: 'http://localhost:3000', tenantId: 'tnt_demo', publishableKey: 'pk_test_demo' })
 *
 * export async function handle(request: Request): Promise<Response> {
 *   const { session, cookies } = await sessions.resolve(request)
 *   const response = session.status === 'signed_in'
 *     ? Response.json({ userId: session.claims.sub })
 *     : Response.json({ error: 'unauthorized' }, { status: 401 })
 *   for (const c of cookies) response.headers.append('set-cookie', serializeCookie(c))
 *   return response
 * }
 * ```
 */
export function createServerSession(options: ServerSessionOptions = {}): ServerSession {
  const o = resolveServerSessionOptions(options)
  const verifier = createTokenVerifier({
    issuer: o.issuer,
    audience: o.audience,
    ...(o.jwksUrl === undefined ? {} : { jwksUrl: o.jwksUrl }),
    fetch: o.fetch,
    now: o.now,
  })
  const names = { accessToken: `${o.cookiePrefix}_at`, refreshToken: `${o.cookiePrefix}_rt` }
  const refresher = createRefresher(o)

  const cookieOptions = (request: Request, maxAge?: number): CookieOptions => ({
    httpOnly: true,
    secure: isSecureContextUrl(new URL(request.url)),
    sameSite: 'lax',
    path: '/',
    ...(maxAge === undefined ? {} : { maxAge }),
  })

  async function readFrom(cookies: Map<string, string>): Promise<ServerSessionState> {
    const accessToken = readChunked(cookies, names.accessToken)
    const canRefresh = readChunked(cookies, names.refreshToken) !== undefined
    if (accessToken === undefined)
      return { status: 'signed_out', reason: canRefresh ? 'expired' : 'no_session', canRefresh }
    const result = await verifier.safeVerify(accessToken)
    if (!result.ok) {
      const reason =
        result.reason === 'token_expired'
          ? 'expired'
          : result.reason === 'jwks_unavailable'
            ? 'unavailable'
            : 'invalid'
      return { status: 'signed_out', reason, canRefresh }
    }
    const refreshDue = result.claims.exp * 1000 - o.now() <= o.refreshLeewayMs
    return { status: 'signed_in', claims: result.claims, accessToken, refreshDue: refreshDue && canRefresh }
  }

  function cookiesFor(request: Request, result: CompleteAuthResult | OAuthTokens): CookieToSet[] {
    const existing = readCookies(request)
    const tokens = 'tokens' in result ? result.tokens : result
    const sessionEnd = 'session' in result ? Date.parse(result.session.expires_at) : Number.NaN
    // Both cookies live as long as the session (the refresh token); a browser-session cookie when unknown.
    const maxAge = Number.isFinite(sessionEnd)
      ? Math.max(1, Math.floor((sessionEnd - o.now()) / 1000))
      : undefined
    const attrs = cookieOptions(request, maxAge)
    const out = chunkedCookies(names.accessToken, tokens.access_token, attrs, existing)
    if (typeof tokens.refresh_token === 'string')
      out.push(...chunkedCookies(names.refreshToken, tokens.refresh_token, attrs, existing))
    return out
  }

  function clearCookies(request: Request): CookieToSet[] {
    const existing = readCookies(request)
    const attrs = cookieOptions(request)
    return [
      ...deleteCookies(names.accessToken, attrs, existing),
      ...deleteCookies(names.refreshToken, attrs, existing),
    ]
  }

  async function refresh(
    request: Request,
  ): Promise<{ outcome: RefreshOutcome | { type: 'no_session' }; cookies: CookieToSet[] }> {
    const refreshToken = readChunked(readCookies(request), names.refreshToken)
    if (refreshToken === undefined) return { outcome: { type: 'no_session' }, cookies: [] }
    const outcome = await refresher(refreshToken)
    if (outcome.type === 'refreshed') return { outcome, cookies: cookiesFor(request, outcome.result) }
    if (outcome.type === 'revoked') return { outcome, cookies: clearCookies(request) }
    return { outcome, cookies: [] }
  }

  async function resolve(request: Request): Promise<ResolvedRequestSession> {
    const existing = readCookies(request)
    const current = await readFrom(existing)
    const due =
      current.status === 'signed_in'
        ? current.refreshDue
        : current.canRefresh && current.reason !== 'unavailable'
    if (!due) return { session: current, cookies: [], cookieHeader: cookieHeader(existing) }
    const { outcome, cookies } = await refresh(request)
    const updated = applyCookies(existing, cookies)
    const header = cookieHeader(updated)
    if (outcome.type === 'refreshed') {
      return { session: await readFrom(updated), cookies, cookieHeader: header, refresh: outcome.type }
    }
    if (outcome.type === 'revoked') {
      return {
        session: { status: 'signed_out', reason: 'revoked', canRefresh: false },
        cookies,
        cookieHeader: header,
        refresh: outcome.type,
      }
    }
    // temporary failure: a still-valid access token keeps working; otherwise signed out for this request only
    const session: ServerSessionState =
      current.status === 'signed_in'
        ? { ...current, refreshDue: false }
        : { status: 'signed_out', reason: 'unavailable', canRefresh: true }
    return {
      session,
      cookies: [],
      cookieHeader: header,
      ...(outcome.type === 'unavailable' ? { refresh: outcome.type } : {}),
    }
  }

  return {
    options: o,
    cookieNames: names,
    read: (source) => readFrom(readCookies(source)),
    resolve,
    refresh,
    cookiesFor,
    clearCookies,
    isSameOrigin: (request) => isSameOriginRequest(request, o.allowedOrigins),
    verifier,
  }
}
