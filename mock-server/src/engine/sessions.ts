import { recordAudit } from './audit'
import { ApiError } from './errors'
import { newId, randomToken } from './ids'
import type { RefreshTokenRecord, SessionRecord, TenantRecord, UserRecord } from './records'
import type { MockState } from './state'
import { buildAccessClaims, signAccessToken } from './tokens'
import { emitEvent } from './webhooks'
import { serializeSession } from './serialize'

/** The `tokens` object of a complete AuthResult. */
export interface TokenSet {
  access_token: string
  refresh_token: string
  token_type: 'Bearer'
  expires_in: number
}

/** Request facts a session records. */
export interface RequestFacts {
  ip_address: string | null
  user_agent: string | null
  issuer: string
}

/** What starts a session. */
export interface StartSessionInput {
  tenant: TenantRecord
  user: UserRecord
  /** Publishable key or OAuth client id that started it. */
  azp: string
  org_id?: string | null
  mfa_verified?: boolean
  method: string
  impersonator?: { type: string; id: string } | null
  facts: RequestFacts
}

function roleFor(state: MockState, session: SessionRecord, user: UserRecord): string {
  if (session.org_id) {
    const m = state.db.members.find((x) => x.org_id === session.org_id && x.user_id === user.id)
    if (m) return m.role
  }
  return user.role
}

/**
 * Issues a new access token and a new refresh token for a session. Every earlier refresh token of the session
 * is marked `used` (one refresh token at a time).
 */
export async function issueTokens(
  state: MockState,
  session: SessionRecord,
  issuer: string,
): Promise<TokenSet> {
  const tenant = state.db.tenants.get(session.tenant_id)
  const user = state.db.users.get(session.user_id)
  if (!tenant || !user) throw new ApiError(401, 'unauthorized', 'The session no longer has a user or tenant.')
  const now = state.clock.now()
  const nowSec = Math.floor(now / 1000)
  const claims = buildAccessClaims({
    issuer,
    tenant,
    user,
    session,
    nowSec,
    role: roleFor(state, session, user),
  })
  const access = await signAccessToken(state.keys, claims)
  for (const rt of state.db.refreshTokens.values())
    if (rt.session_id === session.id && rt.status === 'active') rt.status = 'used'
  const refresh: RefreshTokenRecord = {
    token: randomToken('rt', 32),
    session_id: session.id,
    tenant_id: session.tenant_id,
    user_id: session.user_id,
    status: 'active',
    created_at: now,
    expires_at: now + tenant.auth_config.session_config.refresh_token_ttl * 1000,
  }
  state.db.refreshTokens.set(refresh.token, refresh)
  session.expires_at = refresh.expires_at
  session.last_active_at = now
  return {
    access_token: access,
    refresh_token: refresh.token,
    token_type: 'Bearer',
    expires_in: tenant.auth_config.session_config.access_token_ttl,
  }
}

/**
 * Starts a session (`ses_…`) with its first token pair, audits the sign-in and emits `session.created`.
 *
 * @example
 * ```ts
 * const { session, tokens } = await startSession(state, { tenant, user, azp: 'pk_test_demo', method: 'password', facts })
 * ```
 */
export async function startSession(
  state: MockState,
  input: StartSessionInput,
): Promise<{ session: SessionRecord; tokens: TokenSet }> {
  const now = state.clock.now()
  const session: SessionRecord = {
    id: newId('ses', now),
    tenant_id: input.tenant.id,
    user_id: input.user.id,
    status: 'active',
    azp: input.azp,
    org_id: input.org_id ?? null,
    mfa_verified: input.mfa_verified ?? false,
    method: input.method,
    impersonator: input.impersonator ?? null,
    ip_address: input.facts.ip_address,
    user_agent: input.facts.user_agent,
    created_at: now,
    last_active_at: now,
    expires_at: now,
    revoked_at: null,
  }
  state.db.sessions.set(session.id, session)
  const tokens = await issueTokens(state, session, input.facts.issuer)
  if (!input.impersonator) input.user.last_sign_in_at = now
  recordAudit(state, {
    tenant_id: input.tenant.id,
    actor: input.impersonator
      ? { type: input.impersonator.type as 'api_key', id: input.impersonator.id }
      : { type: 'user', id: input.user.id },
    action: input.impersonator ? 'user.impersonated' : 'user.signed_in',
    resource: { type: 'session', id: session.id },
    ip_address: input.facts.ip_address,
    user_agent: input.facts.user_agent,
    metadata: { method: input.method, user_id: input.user.id, mfa_verified: session.mfa_verified },
  })
  await emitEvent(state, input.tenant.id, 'session.created', { object: serializeSession(session) })
  return { session, tokens }
}

/** True when the session is active and not past its expiry (expired sessions are marked on the way). */
export function isSessionActive(state: MockState, session: SessionRecord): boolean {
  if (session.status !== 'active') return false
  if (session.expires_at <= state.clock.now()) {
    session.status = 'expired'
    return false
  }
  return true
}

/**
 * Revokes a session: its refresh tokens die at once (access tokens are refused by this mock as soon as the
 * session is gone). Emits `session.revoked`. Idempotent.
 */
export async function revokeSession(state: MockState, session: SessionRecord, reason: string): Promise<void> {
  if (session.status === 'revoked') return
  session.status = 'revoked'
  session.revoked_at = state.clock.now()
  for (const rt of state.db.refreshTokens.values())
    if (rt.session_id === session.id && rt.status === 'active') rt.status = 'revoked'
  await emitEvent(state, session.tenant_id, 'session.revoked', { object: serializeSession(session), reason })
}

/**
 * Refresh-token rotation: a live token yields a new pair (the old one is spent). A spent token presented
 * again within the tenant's `refresh_token_reuse_interval` (default 10 s) yields the same successor pair
 * (racing tabs or server instances stay signed in); after it, it revokes the whole session (reuse detection)
 * and fails, as does a revoked or expired one.
 *
 * @example
 * ```ts
 * const next = await rotateRefreshToken(state, oldRefreshToken, 'http://localhost:3000')
 * // within 10 s, oldRefreshToken again answers next.tokens; after that it throws 401 and revokes next.session
 * ```
 */
export async function rotateRefreshToken(
  state: MockState,
  token: string,
  issuer: string,
  tenantId?: string,
): Promise<{ session: SessionRecord; user: UserRecord; tokens: TokenSet }> {
  const rt = state.db.refreshTokens.get(token)
  if (!rt || (tenantId !== undefined && rt.tenant_id !== tenantId))
    throw new ApiError(401, 'invalid_refresh_token', 'The refresh token is not valid. Sign in again.')
  const session = state.db.sessions.get(rt.session_id)
  if (!session)
    throw new ApiError(401, 'invalid_refresh_token', 'The refresh token is not valid. Sign in again.')
  if (rt.status === 'used') {
    const grace =
      (state.db.tenants.get(session.tenant_id)?.auth_config.session_config.refresh_token_reuse_interval ??
        0) * 1000
    const user = state.db.users.get(session.user_id)
    const { successor, used_at: usedAt = -Infinity } = rt
    if (
      successor &&
      state.clock.now() - usedAt < grace &&
      isSessionActive(state, session) &&
      user &&
      user.status !== 'banned'
    ) {
      return { session, user, tokens: { ...successor } }
    }
    await revokeSession(state, session, 'refresh_token_reuse')
    recordAudit(state, {
      tenant_id: session.tenant_id,
      actor: { type: 'system', id: null },
      action: 'session.revoked',
      resource: { type: 'session', id: session.id },
      metadata: { reason: 'refresh_token_reuse' },
    })
    throw new ApiError(
      401,
      'refresh_token_reused',
      'This refresh token was already used; the session has been revoked for safety. Sign in again.',
    )
  }
  if (rt.status === 'revoked' || !isSessionActive(state, session))
    throw new ApiError(401, 'session_revoked', 'The session has ended. Sign in again.')
  if (rt.expires_at <= state.clock.now())
    throw new ApiError(401, 'invalid_refresh_token', 'The refresh token has expired. Sign in again.')
  const user = state.db.users.get(session.user_id)
  if (!user || user.status === 'banned') {
    await revokeSession(state, session, 'user_unavailable')
    throw new ApiError(401, 'session_revoked', 'The user can no longer sign in.')
  }
  rt.status = 'used'
  const tokens = await issueTokens(state, session, issuer)
  rt.used_at = state.clock.now()
  rt.successor = { ...tokens }
  return { session, user, tokens }
}
