import { SignJWT } from 'jose'
import { findUserByEmail, refreshSession, requireEmailDomain } from '../engine/auth-flow'
import { ApiError } from '../engine/errors'
import { base64url, newId } from '../engine/ids'
import { activeKey, rsaSigningKey } from '../engine/keys'
import type { SigningKey } from '../engine/keys'
import type { ResolvedClient } from '../engine/oauth-clients'
import type { AuthMethod, SessionRecord, TenantRecord, UserRecord } from '../engine/records'
import { revokeSession, startSession } from '../engine/sessions'
import type { TokenSet } from '../engine/sessions'
import type { MockState } from '../engine/state'
import { verifyAccessToken } from '../engine/tokens'
import { defineRoute } from '../http/route'
import type { AnyRouteContext, Route } from '../http/route'
import { createUser } from './auth'
import { signedIn } from './context'
import {
  authorizationRedirect,
  browserSession,
  checkAuthorizationRequest,
  issueAuthorizationCode,
} from './oauth-authorization'
import {
  OAuthFailure,
  authenticateClient,
  formOf,
  isBasic,
  oauthError,
  requireOwner,
} from './oauth-client-auth'
import { HOSTED_SIGN_IN_PATH } from './oauth-hosted-page'
import { oauthIntrospect } from './oauth-introspection'

export { AUTH_CODE_TTL_MS } from './oauth-authorization'
/** Social providers `provider=` can simulate. */
export const SOCIAL_PROVIDERS = [
  'google',
  'github',
  'apple',
  'microsoft',
  'discord',
  'gitlab',
  'twitter',
] as const

async function s256(verifier: string): Promise<string> {
  return base64url(
    new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  )
}

/**
 * An OIDC ID token for a session, with `nonce` when the authorization request had one: EdDSA, or RS256 for a
 * client registered with `id_token_signed_response_alg: RS256` (OIDC Discovery requires RS256 to be offered).
 */
async function idToken(
  state: MockState,
  input: {
    issuer: string
    client: ResolvedClient
    user: UserRecord
    session: SessionRecord
    nonce: string | null
    tenant: TenantRecord
    /** When the user authenticated (ms): the sign-in page's session may be older than this code. */
    authTime: number
  },
): Promise<string> {
  const rs256 = input.client.record?.id_token_signed_response_alg === 'RS256'
  const key = rs256 ? await rsaKeyOf(state) : activeKey(state.keys)
  const clientId = input.client.id
  const now = state.clock.seconds()
  const claims: Record<string, unknown> = {
    iss: input.issuer,
    sub: input.user.id,
    aud: clientId,
    azp: clientId,
    iat: now,
    exp: now + input.tenant.auth_config.session_config.access_token_ttl,
    auth_time: Math.floor(input.authTime / 1000),
    sid: input.session.id,
    tenant_id: input.tenant.id,
    email: input.user.email,
    email_verified: input.user.email_verified,
    name: input.user.name,
  }
  if (input.nonce) claims['nonce'] = input.nonce
  return new SignJWT(claims)
    .setProtectedHeader({ alg: rs256 ? 'RS256' : 'EdDSA', typ: 'JWT', kid: key.kid })
    .sign(key.privateKey)
}

async function rsaKeyOf(state: MockState): Promise<SigningKey> {
  state.keys.rsa ??= await rsaSigningKey()
  return state.keys.rsa
}

function tokenResponse(
  tokens: Partial<TokenSet> & { access_token: string; expires_in: number },
  extra: { id_token?: string; scope?: string },
): Response {
  const body = {
    access_token: tokens.access_token,
    token_type: 'Bearer',
    expires_in: tokens.expires_in,
    ...(tokens.refresh_token ? { refresh_token: tokens.refresh_token } : {}),
    ...(extra.id_token ? { id_token: extra.id_token } : {}),
    ...(extra.scope !== undefined ? { scope: extra.scope } : {}),
  }
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Pragma: 'no-cache' },
  })
}

const oauthAuthorize = defineRoute(
  'get',
  '/v1/oauth/authorize',
  async (ctx) => {
    const state = ctx.state
    const check = checkAuthorizationRequest(state, ctx.query)
    if (check.kind === 'fatal') throw check.error
    if (check.kind === 'error')
      return authorizationRedirect(check.request, {
        error: check.error,
        error_description: check.description,
      })
    const req = check.request
    const tenant = req.client.tenant
    if (req.provider) {
      const provider = req.provider
      const deny = (description: string) =>
        authorizationRedirect(req, { error: 'access_denied', error_description: description })
      if (!(SOCIAL_PROVIDERS as readonly string[]).includes(provider))
        return authorizationRedirect(req, {
          error: 'invalid_request',
          error_description: `Unknown provider ${provider}.`,
        })
      if (!tenant.auth_config.allowed_auth_methods.includes(provider as AuthMethod))
        return deny(`Sign-in with ${provider} is not enabled for this tenant.`)
      const email = `${provider}-user@example.com`
      try {
        requireEmailDomain(tenant, email)
      } catch {
        return deny(`${email} is outside the tenant's allowed email domains.`)
      }
      const user =
        findUserByEmail(state, tenant.id, email) ??
        (await createUser(
          state,
          tenant,
          { email, email_verified: true, name: `${provider[0]?.toUpperCase()}${provider.slice(1)} User` },
          ctx.facts,
        ))
      return issueAuthorizationCode(state, req, user, { method: `oauth_${provider}`, mfaVerified: false })
    }
    // a browser that signed in on the hosted page before: single sign-on, and what prompt=none looks for
    const existing = req.prompt.includes('login') ? null : browserSession(state, ctx.request, tenant.id)
    if (existing)
      return issueAuthorizationCode(state, req, existing.user, {
        method: existing.session.method,
        mfaVerified: existing.session.mfa_verified,
        authTime: existing.session.created_at,
      })
    if (req.prompt.includes('none'))
      return authorizationRedirect(req, {
        error: 'login_required',
        error_description: 'No signed-in session; retry without prompt=none.',
      })
    // the hosted page asks for the password and runs MFA; login_hint only prefills its email field
    const page = new URL(HOSTED_SIGN_IN_PATH, `${ctx.facts.issuer}/`)
    for (const [k, v] of ctx.url.searchParams) if (k !== 'prompt') page.searchParams.set(k, v)
    return new Response(null, {
      status: 302,
      headers: { Location: page.toString(), 'Cache-Control': 'no-store' },
    })
  },
  { ownQueryValidation: true },
)

async function codeGrant(
  ctx: AnyRouteContext,
  form: Record<string, string>,
  client: ResolvedClient | null,
): Promise<Response> {
  const state = ctx.state
  const { code, code_verifier: verifier, redirect_uri: redirectUri } = form
  if (!code || !verifier || !redirectUri)
    throw new OAuthFailure(
      400,
      'invalid_request',
      'authorization_code needs code, code_verifier and redirect_uri.',
    )
  if (!client) throw new OAuthFailure(400, 'invalid_request', 'Send client_id (or authenticate the client).')
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier))
    throw new OAuthFailure(
      400,
      'invalid_request',
      'code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~] (RFC 7636).',
    )
  const rec = state.db.oauthCodes.get(code)
  if (!rec) throw new OAuthFailure(400, 'invalid_grant', 'The authorization code is invalid or has expired.')
  if (rec.used_at !== null) {
    const sid = rec.extra['session_id']
    const session = typeof sid === 'string' ? state.db.sessions.get(sid) : undefined
    if (session) await revokeSession(state, session, 'authorization_code_reuse')
    throw new OAuthFailure(
      400,
      'invalid_grant',
      'The authorization code was already used; the tokens issued with it were revoked.',
    )
  }
  if (rec.expires_at <= state.clock.now())
    throw new OAuthFailure(400, 'invalid_grant', 'The authorization code is invalid or has expired.')
  if (rec.client_id !== client.id)
    throw new OAuthFailure(400, 'invalid_grant', 'The authorization code was issued to another client.')
  if (rec.redirect_uri !== redirectUri)
    throw new OAuthFailure(
      400,
      'invalid_grant',
      'redirect_uri differs from the one of the authorization request.',
    )
  if ((await s256(verifier)) !== rec.code_challenge)
    throw new OAuthFailure(
      400,
      'invalid_grant',
      'code_verifier does not match the code_challenge (PKCE S256).',
    )
  rec.used_at = state.clock.now()
  const user = state.db.users.get(rec.user_id)
  const tenant = state.db.tenants.get(rec.tenant_id)
  if (!user || !tenant || user.status === 'banned')
    throw new OAuthFailure(400, 'invalid_grant', 'The user of this code can no longer sign in.')
  const method = typeof rec.extra['method'] === 'string' ? rec.extra['method'] : 'oauth'
  const { session, tokens } = await startSession(state, {
    tenant,
    user,
    azp: client.id,
    method,
    mfa_verified: rec.extra['mfa_verified'] === true,
    facts: ctx.facts,
  })
  rec.extra['session_id'] = session.id
  const scopes = rec.scope.split(' ')
  const id_token = scopes.includes('openid')
    ? await idToken(state, {
        issuer: ctx.facts.issuer,
        client,
        user,
        session,
        nonce: rec.nonce,
        tenant,
        authTime: typeof rec.extra['auth_time'] === 'number' ? rec.extra['auth_time'] : session.created_at,
      })
    : undefined
  return tokenResponse(tokens, { ...(id_token ? { id_token } : {}), scope: rec.scope })
}

async function refreshGrant(
  ctx: AnyRouteContext,
  form: Record<string, string>,
  client: ResolvedClient | null,
): Promise<Response> {
  const token = form['refresh_token']
  if (!token) throw new OAuthFailure(400, 'invalid_request', 'refresh_token grant needs refresh_token.')
  const rec = ctx.state.db.refreshTokens.get(token)
  const session = rec ? ctx.state.db.sessions.get(rec.session_id) : undefined
  if (session) requireOwner(ctx.state, session, client, isBasic(ctx.request))
  if (client && session && session.azp !== client.id)
    throw new OAuthFailure(400, 'invalid_grant', 'This refresh token was issued to another client.')
  try {
    const { tokens } = await refreshSession(ctx.state, token, ctx.facts.issuer)
    return tokenResponse(tokens, {})
  } catch (e) {
    if (e instanceof ApiError) throw new OAuthFailure(400, 'invalid_grant', e.message)
    throw e
  }
}

async function clientCredentialsGrant(
  ctx: AnyRouteContext,
  form: Record<string, string>,
  client: ResolvedClient | null,
): Promise<Response> {
  if (!client)
    throw new OAuthFailure(
      401,
      'invalid_client',
      'client_credentials needs client authentication (client_id and client_secret).',
    )
  const rec = client.record
  if (!rec || rec.client_secret === null)
    throw new OAuthFailure(
      400,
      'unauthorized_client',
      'Only confidential clients (with a secret) may use client_credentials.',
    )
  if (!rec.grant_types.includes('client_credentials'))
    throw new OAuthFailure(
      400,
      'unauthorized_client',
      'This client may not use the client_credentials grant.',
    )
  const requested = (form['scope'] ?? rec.scopes.join(' ')).split(/\s+/).filter(Boolean)
  const bad = requested.filter((s) => !rec.scopes.includes(s))
  if (bad.length > 0)
    throw new OAuthFailure(400, 'invalid_scope', `Scopes not allowed for this client: ${bad.join(' ')}.`)
  const state = ctx.state
  const now = state.clock.seconds()
  const ttl = client.tenant.auth_config.session_config.access_token_ttl
  const key = activeKey(state.keys)
  const scope = requested.join(' ')
  const access = await new SignJWT({
    iss: ctx.facts.issuer,
    aud: client.tenant.id,
    sub: rec.id,
    azp: rec.id,
    client_id: rec.id,
    tenant_id: client.tenant.id,
    scope,
    gty: 'client_credentials',
    iat: now,
    exp: now + ttl,
    jti: newId('jti', now * 1000),
  })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: key.kid }) // a machine access token (RFC 9068)
    .sign(key.privateKey)
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
        throw new OAuthFailure(
          400,
          'unsupported_grant_type',
          `grant_type ${form['grant_type']} is not supported.`,
        )
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
      requireOwner(state, session, client, isBasic(ctx.request))
      if (client && session.azp !== client.id)
        throw new OAuthFailure(400, 'invalid_request', 'This token was issued to another client.')
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
      sub: user.id,
      email: user.email,
      email_verified: user.email_verified,
      name: user.name,
      phone_number: user.phone_number,
      phone_number_verified: user.phone_verified,
      tenant_id: tenant.id,
      org_id: ctx.auth.claims.org_id,
      role: ctx.auth.claims.role,
      updated_at: Math.floor(user.updated_at / 1000),
    },
  }
})

/**
 * The OAuth 2.0 / OIDC family: authorization-code flow with PKCE S256 (simulated social providers; without
 * `provider` or `login_hint`, a redirect to the mock's hosted sign-in page), the RFC 6749 token endpoint, RFC
 * 7009 revocation and OIDC UserInfo.
 *
 * @example
 * ```ts
 * import { oauthRoutes } from './handlers/oauth'
 * oauthRoutes.map((r) => r.path) // ['/v1/oauth/authorize', '/v1/oauth/token', '/v1/oauth/revoke', '/v1/oauth/userinfo']
 * ```
 */
export const oauthRoutes: Route[] = [oauthAuthorize, oauthToken, oauthRevoke, oauthIntrospect, oauthUserinfo]
