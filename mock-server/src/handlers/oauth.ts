import { SignJWT } from 'jose'
import { findUserByEmail, refreshSession, requireEmailDomain } from '../engine/auth-flow'
import { ApiError } from '../engine/errors'
import { base64url, newId, randomToken } from '../engine/ids'
import { activeKey } from '../engine/keys'
import { resolveClient } from '../engine/oauth-clients'
import type { ResolvedClient } from '../engine/oauth-clients'
import type { AuthMethod, OAuthCodeRecord, SessionRecord, TenantRecord, UserRecord } from '../engine/records'
import { revokeSession, startSession } from '../engine/sessions'
import type { TokenSet } from '../engine/sessions'
import type { MockState } from '../engine/state'
import { verifyAccessToken } from '../engine/tokens'
import { defineRoute } from '../http/route'
import type { Route, RouteContext } from '../http/route'
import { createUser } from './auth'
import { signedIn } from './context'
import { HOSTED_SIGN_IN_PATH } from './oauth-hosted-page'

/** Authorization codes are single use and live sixty seconds. */
export const AUTH_CODE_TTL_MS = 60_000
/** Social providers `provider=` can simulate. */
export const SOCIAL_PROVIDERS = ['google', 'github', 'apple', 'microsoft', 'discord', 'gitlab', 'twitter'] as const

type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope' | 'access_denied' | 'server_error'

/** An RFC 6749 error answer (`{error, error_description}`), never the API envelope. */
function oauthError(status: 400 | 401, error: OAuthErrorCode, description: string, basic = false): Response {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Pragma: 'no-cache' }
  if (status === 401 && basic) headers['WWW-Authenticate'] = 'Basic realm="hellojohn"'
  return new Response(JSON.stringify({ error, error_description: description }), { status, headers })
}

class OAuthFailure extends Error {
  constructor(readonly status: 400 | 401, readonly error: OAuthErrorCode, readonly description: string, readonly basic = false) {
    super(description)
  }
}

/** The form parameters (the pipeline leaves validation to this family, which answers RFC 6749 errors). */
function formOf(ctx: RouteContext<unknown, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  const body = ctx.body
  if (body === undefined && ctx.rawBody.trim() !== '') {
    throw new OAuthFailure(400, 'invalid_request', 'Send the parameters form-encoded (Content-Type: application/x-www-form-urlencoded).')
  }
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) if (typeof v === 'string') out[k] = v
  }
  return out
}

/**
 * Client authentication of the token and revocation endpoints: HTTP Basic (client_secret_basic), or
 * client_id/client_secret in the form (client_secret_post), or client_id alone for public clients (PKCE).
 * Returns null when no client identifies itself.
 */
function authenticateClient(state: MockState, request: Request, form: Record<string, string>): ResolvedClient | null {
  let clientId = form['client_id']
  let secret = form['client_secret']
  let basic = false
  const header = request.headers.get('authorization')
  if (header && /^basic\s+/i.test(header)) {
    basic = true
    let decoded: string
    try {
      decoded = atob(header.replace(/^basic\s+/i, '').trim())
    } catch {
      throw new OAuthFailure(401, 'invalid_client', 'The Basic authorization header is not valid base64.', true)
    }
    const i = decoded.indexOf(':')
    if (i < 0) throw new OAuthFailure(401, 'invalid_client', 'The Basic authorization header must be base64(client_id:client_secret).', true)
    let id: string
    try {
      id = decodeURIComponent(decoded.slice(0, i))
      secret = decodeURIComponent(decoded.slice(i + 1))
    } catch {
      throw new OAuthFailure(401, 'invalid_client', 'The Basic credentials are not valid form-urlencoded text.', true)
    }
    if (clientId !== undefined && clientId !== id) throw new OAuthFailure(400, 'invalid_request', 'client_id in the form differs from the Basic credentials.')
    clientId = id
  }
  if (clientId === undefined || clientId === '') return null
  const client = resolveClient(state, clientId)
  if (!client) throw new OAuthFailure(401, 'invalid_client', 'Unknown client_id.', basic)
  const expected = client.record?.client_secret ?? null
  if (expected !== null) {
    if (secret === undefined) throw new OAuthFailure(401, 'invalid_client', 'This client is confidential: authenticate with its client_secret (Basic or form).', basic)
    if (secret !== expected) throw new OAuthFailure(401, 'invalid_client', 'Client authentication failed.', basic)
  } else if (secret !== undefined && secret !== '') {
    throw new OAuthFailure(401, 'invalid_client', 'This client has no secret; public clients authenticate with PKCE only.', basic)
  }
  return client
}

async function s256(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))))
}

/** An OIDC ID token (EdDSA) for a session, with `nonce` when the authorization request had one. */
async function idToken(state: MockState, input: { issuer: string; clientId: string; user: UserRecord; session: SessionRecord; nonce: string | null; tenant: TenantRecord }): Promise<string> {
  const key = activeKey(state.keys)
  const now = state.clock.seconds()
  const claims: Record<string, unknown> = {
    iss: input.issuer, sub: input.user.id, aud: input.clientId, azp: input.clientId, iat: now, exp: now + input.tenant.auth_config.session_config.access_token_ttl,
    auth_time: Math.floor(input.session.created_at / 1000), sid: input.session.id, tenant_id: input.tenant.id,
    email: input.user.email, email_verified: input.user.email_verified, name: input.user.name,
  }
  if (input.nonce) claims['nonce'] = input.nonce
  return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: key.kid }).sign(key.privateKey)
}

function tokenResponse(tokens: Partial<TokenSet> & { access_token: string; expires_in: number }, extra: { id_token?: string; scope?: string }): Response {
  const body = {
    access_token: tokens.access_token, token_type: 'Bearer', expires_in: tokens.expires_in,
    ...(tokens.refresh_token ? { refresh_token: tokens.refresh_token } : {}),
    ...(extra.id_token ? { id_token: extra.id_token } : {}),
    ...(extra.scope !== undefined ? { scope: extra.scope } : {}),
  }
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Pragma: 'no-cache' } })
}

const oauthAuthorize = defineRoute('get', '/v1/oauth/authorize', async (ctx) => {
  const q = ctx.query
  const state = ctx.state
  const clientId = q.get('client_id') ?? ''
  const client = resolveClient(state, clientId)
  if (!client) throw new ApiError(400, 'bad_request', 'Unknown client_id: use a registered client id (cli_…) or the tenant publishable key.', [{ field: 'client_id', code: 'unknown', message: 'No such client.' }])
  const redirectUri = q.get('redirect_uri') ?? ''
  let redirect: URL
  try {
    redirect = new URL(redirectUri)
  } catch {
    throw new ApiError(400, 'bad_request', 'redirect_uri is not an absolute URL.', [{ field: 'redirect_uri', code: 'format', message: 'Send an absolute http(s) URL.' }])
  }
  const registered = client.record ? client.record.redirect_uris.includes(redirectUri) : redirect.protocol === 'http:' || redirect.protocol === 'https:'
  if (!registered) {
    throw new ApiError(400, 'bad_request', 'redirect_uri is not registered for this client; add it to the client\'s redirect_uris.', [{ field: 'redirect_uri', code: 'not_registered', message: 'Use one of the registered redirect URIs.' }])
  }
  const stateParam = q.get('state') ?? ''
  const back = (params: Record<string, string>) => {
    const u = new URL(redirect)
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v)
    if (stateParam) u.searchParams.set('state', stateParam)
    return new Response(null, { status: 302, headers: { Location: u.toString(), 'Cache-Control': 'no-store' } })
  }
  const deny = (error: OAuthErrorCode, description: string) => back({ error, error_description: description })
  if (q.get('response_type') !== 'code') return deny('invalid_request', 'response_type must be code.')
  if (q.get('code_challenge_method') !== 'S256') return deny('invalid_request', 'Only PKCE with code_challenge_method=S256 is supported.')
  const challenge = q.get('code_challenge') ?? ''
  if (!/^[A-Za-z0-9_-]{43,128}$/.test(challenge)) return deny('invalid_request', 'code_challenge must be BASE64URL(SHA-256(code_verifier)).')
  if (client.record && !client.record.grant_types.includes('authorization_code')) return deny('unauthorized_client', 'This client may not use the authorization_code grant.')
  const scope = (q.get('scope') ?? 'openid profile email').split(/\s+/).filter(Boolean)
  if (client.record && client.record.scopes.length > 0) {
    const bad = scope.filter((s) => s !== 'openid' && !client.record!.scopes.includes(s))
    if (bad.length > 0) return deny('invalid_scope', `Scopes not allowed for this client: ${bad.join(' ')}.`)
  }
  const tenant = client.tenant
  const provider = q.get('provider')
  let user: UserRecord | undefined
  let method = 'oauth'
  if (provider) {
    if (!tenant.auth_config.allowed_auth_methods.includes(provider as AuthMethod)) return deny('access_denied', `Sign-in with ${provider} is not enabled for this tenant.`)
    const email = `${provider}-user@example.com`
    try {
      requireEmailDomain(tenant, email)
    } catch {
      return deny('access_denied', `${email} is outside the tenant's allowed email domains.`)
    }
    user = findUserByEmail(state, tenant.id, email) ?? (await createUser(state, tenant, {
      email, email_verified: true, name: `${provider[0]?.toUpperCase()}${provider.slice(1)} User`,
    }, ctx.facts))
    method = `oauth_${provider}`
  } else {
    const hint = q.get('login_hint')
    const page = (notice: string | null) => {
      const u = new URL(HOSTED_SIGN_IN_PATH, ctx.facts.issuer)
      for (const [k, v] of ctx.url.searchParams) if (k !== 'login_hint') u.searchParams.set(k, v)
      if (notice) u.searchParams.set('notice', notice)
      return new Response(null, { status: 302, headers: { Location: u.toString(), 'Cache-Control': 'no-store' } })
    }
    if (!hint) return page(null)
    user = findUserByEmail(state, tenant.id, hint)
    if (!user) return page(`No account for ${hint} in this tenant.`)
  }
  if (user.status === 'banned') return deny('access_denied', 'This user is banned.')
  const now = state.clock.now()
  const rec: OAuthCodeRecord = {
    code: randomToken('ac', 32), tenant_id: tenant.id, client_id: clientId, redirect_uri: redirectUri, code_challenge: challenge, nonce: q.get('nonce'),
    scope: scope.join(' '), user_id: user.id, created_at: now, expires_at: now + AUTH_CODE_TTL_MS, used_at: null, extra: { method, session_id: null },
  }
  state.db.oauthCodes.set(rec.code, rec)
  return back({ code: rec.code })
})

async function codeGrant(ctx: RouteContext<unknown, unknown>, form: Record<string, string>, client: ResolvedClient | null): Promise<Response> {
  const state = ctx.state
  const { code, code_verifier: verifier, redirect_uri: redirectUri } = form
  if (!code || !verifier || !redirectUri) throw new OAuthFailure(400, 'invalid_request', 'authorization_code needs code, code_verifier and redirect_uri.')
  if (!client) throw new OAuthFailure(400, 'invalid_request', 'Send client_id (or authenticate the client).')
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) throw new OAuthFailure(400, 'invalid_request', 'code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~] (RFC 7636).')
  const rec = state.db.oauthCodes.get(code)
  if (!rec) throw new OAuthFailure(400, 'invalid_grant', 'The authorization code is invalid or has expired.')
  if (rec.used_at !== null) {
    const sid = rec.extra['session_id']
    const session = typeof sid === 'string' ? state.db.sessions.get(sid) : undefined
    if (session) await revokeSession(state, session, 'authorization_code_reuse')
    throw new OAuthFailure(400, 'invalid_grant', 'The authorization code was already used; the tokens issued with it were revoked.')
  }
  if (rec.expires_at <= state.clock.now()) throw new OAuthFailure(400, 'invalid_grant', 'The authorization code is invalid or has expired.')
  if (rec.client_id !== client.id) throw new OAuthFailure(400, 'invalid_grant', 'The authorization code was issued to another client.')
  if (rec.redirect_uri !== redirectUri) throw new OAuthFailure(400, 'invalid_grant', 'redirect_uri differs from the one of the authorization request.')
  if ((await s256(verifier)) !== rec.code_challenge) throw new OAuthFailure(400, 'invalid_grant', 'code_verifier does not match the code_challenge (PKCE S256).')
  rec.used_at = state.clock.now()
  const user = state.db.users.get(rec.user_id)
  const tenant = state.db.tenants.get(rec.tenant_id)
  if (!user || !tenant || user.status === 'banned') throw new OAuthFailure(400, 'invalid_grant', 'The user of this code can no longer sign in.')
  const method = typeof rec.extra['method'] === 'string' ? rec.extra['method'] : 'oauth'
  const { session, tokens } = await startSession(state, { tenant, user, azp: client.id, method, facts: ctx.facts })
  rec.extra['session_id'] = session.id
  const scopes = rec.scope.split(' ')
  const id_token = scopes.includes('openid') ? await idToken(state, { issuer: ctx.facts.issuer, clientId: client.id, user, session, nonce: rec.nonce, tenant }) : undefined
  return tokenResponse(tokens, { ...(id_token ? { id_token } : {}), scope: rec.scope })
}

async function refreshGrant(ctx: RouteContext<unknown, unknown>, form: Record<string, string>, client: ResolvedClient | null): Promise<Response> {
  const token = form['refresh_token']
  if (!token) throw new OAuthFailure(400, 'invalid_request', 'refresh_token grant needs refresh_token.')
  const rec = ctx.state.db.refreshTokens.get(token)
  const session = rec ? ctx.state.db.sessions.get(rec.session_id) : undefined
  if (client && session && session.azp !== client.id) throw new OAuthFailure(400, 'invalid_grant', 'This refresh token was issued to another client.')
  try {
    const { tokens } = await refreshSession(ctx.state, token, ctx.facts.issuer)
    return tokenResponse(tokens, {})
  } catch (e) {
    if (e instanceof ApiError) throw new OAuthFailure(400, 'invalid_grant', e.message)
    throw e
  }
}

async function clientCredentialsGrant(ctx: RouteContext<unknown, unknown>, form: Record<string, string>, client: ResolvedClient | null): Promise<Response> {
  if (!client) throw new OAuthFailure(401, 'invalid_client', 'client_credentials needs client authentication (client_id and client_secret).')
  const rec = client.record
  if (!rec || rec.client_secret === null) throw new OAuthFailure(400, 'unauthorized_client', 'Only confidential clients (with a secret) may use client_credentials.')
  if (!rec.grant_types.includes('client_credentials')) throw new OAuthFailure(400, 'unauthorized_client', 'This client may not use the client_credentials grant.')
  const requested = (form['scope'] ?? rec.scopes.join(' ')).split(/\s+/).filter(Boolean)
  const bad = requested.filter((s) => !rec.scopes.includes(s))
  if (bad.length > 0) throw new OAuthFailure(400, 'invalid_scope', `Scopes not allowed for this client: ${bad.join(' ')}.`)
  const state = ctx.state
  const now = state.clock.seconds()
  const ttl = client.tenant.auth_config.session_config.access_token_ttl
  const key = activeKey(state.keys)
  const scope = requested.join(' ')
  const access = await new SignJWT({
    iss: ctx.facts.issuer, aud: client.tenant.id, sub: rec.id, azp: rec.id, client_id: rec.id, tenant_id: client.tenant.id, scope, gty: 'client_credentials',
    iat: now, exp: now + ttl, jti: newId('jti', now * 1000),
  }).setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: key.kid }).sign(key.privateKey) // a machine access token (RFC 9068)
  return tokenResponse({ access_token: access, expires_in: ttl }, { scope })
}

const oauthToken = defineRoute('post', '/v1/oauth/token', async (ctx) => {
  try {
    const form = formOf(ctx)
    const client = authenticateClient(ctx.state, ctx.request, form)
    switch (form['grant_type']) {
      case 'authorization_code':
        return await codeGrant(ctx, form, client)
      case 'refresh_token':
        return await refreshGrant(ctx, form, client)
      case 'client_credentials':
        return await clientCredentialsGrant(ctx, form, client)
      case undefined:
        throw new OAuthFailure(400, 'invalid_request', 'grant_type is required.')
      default:
        throw new OAuthFailure(400, 'unsupported_grant_type', `grant_type ${form['grant_type']} is not supported.`)
    }
  } catch (e) {
    if (e instanceof OAuthFailure) return oauthError(e.status, e.error, e.description, e.basic)
    throw e
  }
})

const oauthRevoke = defineRoute('post', '/v1/oauth/revoke', async (ctx) => {
  try {
    const form = formOf(ctx)
    const client = authenticateClient(ctx.state, ctx.request, form)
    const token = form['token']
    if (!token) throw new OAuthFailure(400, 'invalid_request', 'token is required.')
    const state = ctx.state
    let session: SessionRecord | undefined
    const rt = state.db.refreshTokens.get(token)
    if (rt) session = state.db.sessions.get(rt.session_id)
    else if (token.split('.').length === 3) {
      const r = await verifyAccessToken(state.keys, token, state.clock.seconds())
      if (r.ok) session = state.db.sessions.get(r.claims.sid)
    }
    if (session) {
      if (client && session.azp !== client.id) throw new OAuthFailure(400, 'invalid_request', 'This token was issued to another client.')
      await revokeSession(state, session, 'oauth_revoke')
    }
    return new Response(null, { status: 200, headers: { 'Cache-Control': 'no-store' } })
  } catch (e) {
    if (e instanceof OAuthFailure) return oauthError(e.status, e.error, e.description, e.basic)
    throw e
  }
})

const oauthUserinfo = defineRoute('get', '/v1/oauth/userinfo', (ctx) => {
  const { user, tenant } = signedIn(ctx.auth)
  if (ctx.auth.kind !== 'access') throw new ApiError(401, 'unauthorized', 'UserInfo needs an access token.')
  return {
    status: 200,
    body: {
      sub: user.id, email: user.email, email_verified: user.email_verified, name: user.name, phone_number: user.phone_number,
      phone_number_verified: user.phone_verified, tenant_id: tenant.id, org_id: ctx.auth.claims.org_id, role: ctx.auth.claims.role,
      updated_at: Math.floor(user.updated_at / 1000),
    },
  }
})

/**
 * The OAuth 2.0 / OIDC family: authorization-code flow with PKCE S256 (simulated social providers; without
 * `provider` or `login_hint`, a redirect to the mock's hosted sign-in page), the RFC 6749 token endpoint, RFC 7009 revocation and OIDC UserInfo.
 *
 * @example
 * ```ts
 * import { oauthRoutes } from './handlers/oauth'
 * oauthRoutes.map((r) => r.path) // ['/v1/oauth/authorize', '/v1/oauth/token', '/v1/oauth/revoke', '/v1/oauth/userinfo']
 * ```
 */
export const oauthRoutes: Route[] = [oauthAuthorize, oauthToken, oauthRevoke, oauthUserinfo]
