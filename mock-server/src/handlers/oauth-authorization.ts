import { ApiError } from '../engine/errors'
import { randomToken } from '../engine/ids'
import { resolveClient } from '../engine/oauth-clients'
import type { ResolvedClient } from '../engine/oauth-clients'
import type { OAuthCodeRecord, SessionRecord, UserRecord } from '../engine/records'
import { redirectAllowed } from '../engine/redirects'
import { isSessionActive } from '../engine/sessions'
import type { MockState } from '../engine/state'

/** Authorization codes are single use and live sixty seconds. */
export const AUTH_CODE_TTL_MS = 60_000

/** The cookie of the hosted sign-in page's browser session (what `prompt=none` looks for). */
export const BROWSER_SESSION_COOKIE = 'hellojohn_mock_session'

/** The error codes of an authorization response (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6). */
export type AuthorizationErrorCode =
  | 'invalid_request'
  | 'unauthorized_client'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'server_error'
  | 'login_required'

/** A checked authorization request: the client and redirect URI are valid, so answers go back to it. */
export interface AuthorizationRequest {
  client: ResolvedClient
  redirectUri: string
  /** Optional with PKCE S256 (RFC 9700 §2.1.1); echoed unchanged when sent. */
  state: string | null
  challenge: string
  nonce: string | null
  scope: string[]
  prompt: string[]
  provider: string | null
  loginHint: string | null
}

/** What {@link checkAuthorizationRequest} found. */
export type AuthorizationCheck =
  /** No valid client or redirect URI: answer the browser directly, never redirect (RFC 6749 §4.1.2.1). */
  | { kind: 'fatal'; error: ApiError }
  /** Redirect this error back to the client. */
  | {
      kind: 'error'
      request: Pick<AuthorizationRequest, 'redirectUri' | 'state'>
      error: AuthorizationErrorCode
      description: string
    }
  | { kind: 'ok'; request: AuthorizationRequest }

/**
 * Whether `uri` is registered for the client: one of a registered client's `redirect_uris` (exact, loopback
 * port free per RFC 8252 §7.3), or for a publishable key one of the tenant's `allowed_redirect_urls`.
 */
export function redirectRegistered(client: ResolvedClient, uri: string): boolean {
  if (client.record)
    return (
      client.record.redirect_uris.includes(uri) ||
      redirectAllowed(client.record.redirect_uris, uri, { originEntries: false })
    )
  return redirectAllowed(client.tenant.auth_config.allowed_redirect_urls, uri)
}

/**
 * Checks the query of an authorization request in the order RFC 6749 §4.1.2.1 demands: first the client and
 * the redirect URI (fatal: answered without a redirect), then everything else (redirected back as `error=…`).
 *
 * @example
 * ```ts
 * const check = checkAuthorizationRequest(state, new URL(request.url).searchParams)
 * if (check.kind === 'error') return authorizationRedirect(check.request, { error: check.error })
 * ```
 */
export function checkAuthorizationRequest(state: MockState, q: URLSearchParams): AuthorizationCheck {
  const clientId = q.get('client_id') ?? ''
  const client = clientId ? resolveClient(state, clientId) : null
  if (!client) {
    return {
      kind: 'fatal',
      error: new ApiError(
        400,
        'bad_request',
        'Unknown client_id: use a registered client id (cli_…) or the tenant publishable key.',
        [{ field: 'client_id', code: 'unknown', message: 'No such client.' }],
      ),
    }
  }
  const redirectUri = q.get('redirect_uri') ?? ''
  if (!redirectRegistered(client, redirectUri)) {
    const where = client.record
      ? "the client's redirect_uris"
      : "the tenant's auth_config.allowed_redirect_urls"
    return {
      kind: 'fatal',
      error: new ApiError(
        400,
        'bad_request',
        `redirect_uri is not registered for this client; add it to ${where}.`,
        [
          {
            field: 'redirect_uri',
            code: 'not_registered',
            message: 'Use a registered absolute http(s) redirect URI.',
          },
        ],
      ),
    }
  }
  const stateParam = q.get('state')
  const back = { redirectUri, state: stateParam === '' ? null : stateParam }
  const fail = (error: AuthorizationErrorCode, description: string): AuthorizationCheck => ({
    kind: 'error',
    request: back,
    error,
    description,
  })
  if (q.get('response_type') !== 'code')
    return fail('unsupported_response_type', 'Only response_type=code is supported.')
  if (q.get('code_challenge_method') !== 'S256')
    return fail('invalid_request', 'PKCE is required, with code_challenge_method=S256.')
  const challenge = q.get('code_challenge') ?? ''
  if (!/^[A-Za-z0-9_-]{43,128}$/.test(challenge))
    return fail('invalid_request', 'code_challenge must be BASE64URL(SHA-256(code_verifier)) (RFC 7636).')
  if (client.record && !client.record.grant_types.includes('authorization_code'))
    return fail('unauthorized_client', 'This client may not use the authorization_code grant.')
  const scope = (q.get('scope') ?? 'openid profile email').split(/\s+/).filter(Boolean)
  if (client.record && client.record.scopes.length > 0) {
    const bad = scope.filter((s) => s !== 'openid' && !client.record!.scopes.includes(s))
    if (bad.length > 0) return fail('invalid_scope', `Scopes not allowed for this client: ${bad.join(' ')}.`)
  }
  const prompt = (q.get('prompt') ?? '').split(/\s+/).filter(Boolean)
  if (prompt.includes('none') && prompt.length > 1)
    return fail('invalid_request', 'prompt=none cannot be combined with other values.')
  return {
    kind: 'ok',
    request: {
      client,
      redirectUri,
      state: back.state,
      challenge,
      nonce: q.get('nonce') || null,
      scope,
      prompt,
      provider: q.get('provider') || null,
      loginHint: q.get('login_hint') || null,
    },
  }
}

/** A 302 back to the client's redirect URI with these parameters and the unchanged `state`. */
export function authorizationRedirect(
  request: Pick<AuthorizationRequest, 'redirectUri' | 'state'>,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Response {
  const u = new URL(request.redirectUri)
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v)
  if (request.state !== null) u.searchParams.set('state', request.state)
  return new Response(null, {
    status: 302,
    headers: { Location: u.toString(), 'Cache-Control': 'no-store', ...headers },
  })
}

/**
 * Issues a single-use authorization code for the user and redirects back with it.
 *
 * @example
 * ```ts
 * return issueAuthorizationCode(state, request, user, { method: 'password', mfaVerified: false })
 * ```
 */
export function issueAuthorizationCode(
  state: MockState,
  request: AuthorizationRequest,
  user: UserRecord,
  how: {
    method: string
    mfaVerified: boolean
    /** When the user authenticated (ms); default now. */ authTime?: number
  },
  headers: Record<string, string> = {},
): Response {
  if (user.status === 'banned')
    return authorizationRedirect(
      request,
      { error: 'access_denied', error_description: 'This user is banned.' },
      headers,
    )
  const now = state.clock.now()
  const rec: OAuthCodeRecord = {
    code: randomToken('ac', 32),
    tenant_id: request.client.tenant.id,
    client_id: request.client.id,
    redirect_uri: request.redirectUri,
    code_challenge: request.challenge,
    nonce: request.nonce,
    scope: request.scope.join(' '),
    user_id: user.id,
    created_at: now,
    expires_at: now + AUTH_CODE_TTL_MS,
    used_at: null,
    extra: {
      method: how.method,
      mfa_verified: how.mfaVerified,
      auth_time: how.authTime ?? now,
      session_id: null,
    },
  }
  state.db.oauthCodes.set(rec.code, rec)
  return authorizationRedirect(request, { code: rec.code }, headers)
}

/** The active browser session of the hosted sign-in page for this tenant, from the request's cookie. */
export function browserSession(
  state: MockState,
  request: Request,
  tenantId: string,
): { session: SessionRecord; user: UserRecord } | null {
  const cookie = request.headers.get('cookie') ?? ''
  const value = cookie
    .split(';')
    .map((c) => c.trim().split('='))
    .find(([k]) => k === BROWSER_SESSION_COOKIE)?.[1]
  if (!value) return null
  const session = state.db.sessions.get(decodeURIComponent(value))
  if (!session || session.tenant_id !== tenantId || !isSessionActive(state, session)) return null
  const user = state.db.users.get(session.user_id)
  return user && user.status !== 'banned' ? { session, user } : null
}

/** The `Set-Cookie` value that remembers a hosted-page sign-in (HttpOnly, SameSite=Lax). */
export function browserSessionCookie(sessionId: string): string {
  return `${BROWSER_SESSION_COOKIE}=${encodeURIComponent(sessionId)}; Path=/; HttpOnly; SameSite=Lax`
}
