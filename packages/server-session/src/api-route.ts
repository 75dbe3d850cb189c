import { serializeCookie, type CookieToSet } from './cookies'
import { isFromSameOrigin } from './csrf'
import type { ServerSession } from './server-session'

/**
 * What the browser's client receives instead of the refresh token: the real one stays in the HttpOnly cookie,
 * and the route handler swaps it back in when the client asks for a refresh.
 */
export const REFRESH_TOKEN_PLACEHOLDER = 'hj_httponly_cookie'

/**
 * API paths the route handler forwards: `/v1/…`, plain segments only (no `..`, no `//`, no encoded slashes).
 */
const API_PATH = /^\/v1(?:\/[A-Za-z0-9._~-]+)+$/
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'content-type',
  'authorization',
  'idempotency-key',
  'user-agent',
  'x-request-id',
]
/**
 * WebAuthn ceremonies (passkey sign-in, passkey registration, passkey MFA challenges): the API checks the
 * signed `clientDataJSON.origin` against the browser's `Origin`, so these requests carry it upstream. Other
 * requests do not: the app's origin means nothing to the API there and an API that filters browser origins
 * would refuse them.
 */
const WEBAUTHN_PATH =
  /^\/v1\/(?:auth\/passkey\/(?:options|verify)|mfa\/webauthn\/register\/(?:options|verify)|mfa\/challenges\/[^/]+\/webauthn-options)$/
const CHALLENGE_VERIFY_PATH = /^\/v1\/mfa\/challenges\/[^/]+\/verify$/

/**
 * Whether the forwarded request is part of a WebAuthn ceremony (a challenge answered with a WebAuthn
 * assertion).
 */
function isWebAuthnCeremony(path: string, body: ArrayBuffer | undefined): boolean {
  if (WEBAUTHN_PATH.test(path)) return true
  if (!CHALLENGE_VERIFY_PATH.test(path) || body === undefined) return false
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body)) as unknown
    return typeof parsed === 'object' && parsed !== null && 'webauthn_response' in parsed
  } catch {
    return false
  }
}

const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'retry-after',
  'x-request-id',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'idempotent-replayed',
  'x-hellojohn-version',
]

/** A JSON error in the API's envelope. */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  cookies: readonly CookieToSet[] = [],
): Response {
  const response = Response.json(
    { error: { code, message, status, request_id: requestId() } },
    { status, headers: { 'cache-control': 'no-store' } },
  )
  return withCookies(response, cookies)
}

function requestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  return `req_${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`
}

/** Appends `Set-Cookie` headers to a response (whose headers must be mutable). */
export function withCookies(response: Response, cookies: readonly CookieToSet[]): Response {
  for (const c of cookies) response.headers.append('set-cookie', serializeCookie(c))
  return response
}

/** Replaces the refresh token of an auth or token response by the placeholder; returns the cookies to set. */
function takeTokens(session: ServerSession, request: Request, body: unknown): CookieToSet[] {
  if (typeof body !== 'object' || body === null) return []
  const b = body as {
    status?: unknown
    tokens?: { access_token?: unknown; refresh_token?: unknown }
    access_token?: unknown
    refresh_token?: unknown
  }
  if (b.status === 'complete' && typeof b.tokens?.access_token === 'string') {
    const cookies = session.cookiesFor(request, body as Parameters<ServerSession['cookiesFor']>[1])
    if (typeof b.tokens.refresh_token === 'string') b.tokens.refresh_token = REFRESH_TOKEN_PLACEHOLDER
    return cookies
  }
  if (typeof b.access_token === 'string' && typeof b.refresh_token === 'string') {
    const cookies = session.cookiesFor(request, {
      access_token: b.access_token,
      refresh_token: b.refresh_token,
    })
    b.refresh_token = REFRESH_TOKEN_PLACEHOLDER
    return cookies
  }
  return []
}

/** Answers a refresh request from the browser's client with the refresh cookie (single flight). */
async function refreshRoute(session: ServerSession, request: Request): Promise<Response> {
  const { outcome, cookies } = await session.refresh(request)
  if (outcome.type === 'refreshed') {
    const body = structuredClone(outcome.result)
    body.tokens.refresh_token = REFRESH_TOKEN_PLACEHOLDER
    return withCookies(Response.json(body, { headers: { 'cache-control': 'no-store' } }), cookies)
  }
  if (outcome.type === 'no_session')
    return errorResponse(401, 'invalid_refresh_token', 'No session cookie: sign in first.')
  if (outcome.type === 'revoked')
    return errorResponse(401, outcome.code, 'The session ended: sign in again.', cookies)
  const status = outcome.status === 0 ? 503 : outcome.status
  return errorResponse(
    status,
    outcome.code,
    'The session could not be refreshed right now; it is kept. Try again shortly.',
  )
}

/**
 * Ends the session at the API (with a fresh access token when needed), then clears the cookies whatever
 * happened.
 */
async function signOut(session: ServerSession, request: Request): Promise<CookieToSet[]> {
  const { session: state } = await session.resolve(request)
  const o = session.options
  if (state.status === 'signed_in') {
    // best effort: the cookies are cleared whatever the API answers
    await o.api
      .POST('/v1/auth/sign-out', { headers: { authorization: `Bearer ${state.accessToken}` } })
      .catch(() => undefined)
  }
  return session.clearCookies(request)
}

/** A same-site relative path to go to after a form action (`/x?y`), else `fallback`: never another origin. */
export function safeRedirectPath(value: string | null | undefined, fallback = '/'): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.startsWith('/\\')
  )
    return fallback
  try {
    const url = new URL(value, 'http://local.invalid')
    return url.origin === 'http://local.invalid' ? `${url.pathname}${url.search}${url.hash}` : fallback
  } catch {
    return fallback
  }
}

/**
 * The backend-for-frontend route: everything the browser's HelloJohn client does goes through it.
 *
 * - `<route>/v1/…`: forwarded to the HelloJohn API (path checked, a fixed set of headers, your tenant). When
 *   an answer carries tokens (sign-in, MFA, organization switch, OAuth code exchange), they are stored in
 *   HttpOnly cookies and the refresh token in the body is replaced by a placeholder, so it never reaches
 *   browser JavaScript. Same-origin requests without `Authorization` get the session cookie's access token
 *   (cross-site ones never do, even GETs).
 * - `<route>/v1/auth/token/refresh`: refreshed with the cookie (single flight), whatever the body says.
 * - `<route>/v1/auth/sign-out` and the form action `POST <route>/sign-out` (`redirect_url` field or query):
 *   end the session at the API and clear the cookies.
 *
 * Mutating requests must pass the CSRF check (same origin); others get 403.
 *
 * @example
 * ```ts
 * // any fetch-style server: mount at /api/hellojohn/*
 * const sessions = createServerSession()
 * export const handler = (request: Request) =>
 *   handleSessionRoute(sessions, request, new URL(request.url).pathname.slice('/api/hellojohn'.length))
 * ```
 */
export async function handleSessionRoute(
  session: ServerSession,
  request: Request,
  path: string,
): Promise<Response> {
  const method = request.method.toUpperCase()
  if (!session.isSameOrigin(request)) {
    return errorResponse(
      403,
      'forbidden',
      'Cross-site request refused: this route only accepts requests from the app itself.',
    )
  }
  if (path === '/sign-out' && method === 'POST') {
    const cookies = await signOut(session, request)
    let target = new URL(request.url).searchParams.get('redirect_url')
    const type = request.headers.get('content-type') ?? ''
    if (type.includes('form')) {
      const field = (await request.formData().catch(() => undefined))?.get('redirect_url')
      if (typeof field === 'string') target = field
    }
    const location = new URL(safeRedirectPath(target, '/'), request.url)
    return withCookies(
      new Response(null, { status: 303, headers: { location: location.href, 'cache-control': 'no-store' } }),
      cookies,
    )
  }
  if (!API_PATH.test(path) || path.split('/').some((segment) => segment === '.' || segment === '..'))
    return errorResponse(404, 'not_found', 'No such HelloJohn route.')
  if (path === '/v1/auth/token/refresh' && method === 'POST') return refreshRoute(session, request)
  if (path === '/v1/auth/sign-out' && method === 'POST') {
    return withCookies(
      new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } }),
      await signOut(session, request),
    )
  }

  const o = session.options
  const headers = new Headers({ 'x-tenant-id': o.tenantId })
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name)
    if (value !== null) headers.set(name, value)
  }
  if (!headers.has('authorization') && isFromSameOrigin(request, o.allowedOrigins)) {
    const state = await session.read(request)
    if (state.status === 'signed_in') headers.set('authorization', `Bearer ${state.accessToken}`)
  }
  const search = new URL(request.url).search
  const payload = method === 'GET' || method === 'HEAD' ? undefined : await request.arrayBuffer()
  // the origin passed the same-origin check above (mutating methods): the app's own, or one of
  // `allowedOrigins`
  const origin = request.headers.get('origin') ?? new URL(request.url).origin
  if (isWebAuthnCeremony(path, payload)) headers.set('origin', origin)
  let upstream: Response
  try {
    upstream = await o.fetch(`${o.baseUrl}${path}${search}`, {
      method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
      signal: AbortSignal.timeout(o.timeoutMs),
    })
  } catch {
    return errorResponse(503, 'service_unavailable', 'The HelloJohn API could not be reached.')
  }
  const out = new Headers({ 'cache-control': 'no-store' })
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name)
    if (value !== null) out.set(name, value)
  }
  if (!(upstream.headers.get('content-type') ?? '').includes('json') || upstream.status === 204) {
    return new Response(upstream.status === 204 ? null : await upstream.arrayBuffer(), {
      status: upstream.status,
      headers: out,
    })
  }
  const text = await upstream.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return new Response(text, { status: upstream.status, headers: out })
  }
  const cookies = upstream.ok ? takeTokens(session, request, body) : []
  out.delete('content-length')
  return withCookies(new Response(JSON.stringify(body), { status: upstream.status, headers: out }), cookies)
}
