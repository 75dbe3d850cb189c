import { recordAudit } from './audit'
import { isoTime } from './clock'
import { hashCode, newBackupCodes } from './codes'
import { ApiError } from './errors'
import type { ErrorDetail } from './errors'
import { newId, randomToken } from './ids'
import { checkPasswordPolicy, isReusedPassword } from './passwords'
import type {
  AuthMethod,
  ChallengeRecord,
  MfaFactorRecord,
  SessionRecord,
  TenantRecord,
  UserRecord,
} from './records'
import { backupCodesRemaining, hasMfa, serializeFactor, serializeUser } from './serialize'
import { issueTokens, revokeSession, rotateRefreshToken, startSession } from './sessions'
import type { RequestFacts, TokenSet } from './sessions'
import type { MockState } from './state'

/** MFA challenges live five minutes and die after five wrong answers. */
export const CHALLENGE_TTL_MS = 5 * 60_000
/** Wrong answers a challenge survives. */
export const CHALLENGE_MAX_FAILURES = 5
/** Enrollment tokens of `mfa_enrollment_required` live fifteen minutes. */
export const ENROLLMENT_TOKEN_TTL_MS = 15 * 60_000

/** The `complete` AuthResult. */
export interface AuthComplete {
  status: 'complete'
  user: ReturnType<typeof serializeUser>
  session: { id: string; expires_at: string }
  tokens: TokenSet
}

/** A factor offered by a challenge. */
export interface ChallengeFactor {
  id: string
  type: 'totp' | 'webauthn' | 'sms' | 'email' | 'backup_code'
  hint: string | null
}

/** The `mfa_required` AuthResult. */
export interface AuthMfaRequired {
  status: 'mfa_required'
  challenge_id: string
  expires_at: string
  factors: ChallengeFactor[]
}

/** The `mfa_enrollment_required` AuthResult. */
export interface AuthEnrollmentRequired {
  status: 'mfa_enrollment_required'
  enrollment_token: string
  allowed_methods: ('totp' | 'webauthn' | 'sms' | 'email' | 'backup_codes')[]
}

/** Every AuthResult. */
export type AuthResult = AuthComplete | AuthMfaRequired | AuthEnrollmentRequired

/** A challenge with the optional restriction to one factor (step-up with `factor_id`). */
export type ChallengeWithScope = ChallengeRecord & { only_factor_id?: string | null }

/** Finds a user of a tenant by email (case-insensitive). */
export function findUserByEmail(state: MockState, tenantId: string, email: string): UserRecord | undefined {
  const wanted = email.trim().toLowerCase()
  return state.db.users.findBy(tenantId, 'email', wanted)
  return undefined
}

/** 403 `auth_method_disabled` unless the tenant allows the primary method. */
export function requireAuthMethod(tenant: TenantRecord, method: AuthMethod): void {
  if (!tenant.auth_config.allowed_auth_methods.includes(method)) {
    throw new ApiError(
      403,
      'auth_method_disabled',
      `The sign-in method "${method}" is not enabled for this tenant (allowed_auth_methods).`,
    )
  }
}

/** 403 `email_domain_not_allowed` when the tenant restricts domains and the email is outside them. */
export function requireEmailDomain(tenant: TenantRecord, email: string): void {
  const allowed = tenant.auth_config.allowed_email_domains
  if (allowed.length === 0) return
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase()
  if (!allowed.some((d) => d.toLowerCase() === domain)) {
    throw new ApiError(
      403,
      'email_domain_not_allowed',
      `Emails at ${domain} cannot sign in to this tenant; allowed domains: ${allowed.join(', ')}.`,
    )
  }
}

/** 403 `user_banned` for a banned user. */
export function requireNotBanned(user: UserRecord): void {
  if (user.status === 'banned')
    throw new ApiError(403, 'user_banned', 'This user is banned and cannot sign in.')
}

/**
 * Checks a new password against the tenant policy (422 `password_too_weak`, one detail per broken rule) and
 * the password history (422 `password_reused`).
 *
 * @example
 * ```ts
 * await checkNewPassword(tenant, 'short', user.password_hashes) // throws 422 password_too_weak, details [{ code: 'min_length', … }]
 * ```
 */
export async function checkNewPassword(
  tenant: TenantRecord,
  password: string,
  previousHashes: readonly string[],
  field = 'password',
): Promise<void> {
  const policy = tenant.auth_config.password_policy
  const details: ErrorDetail[] = checkPasswordPolicy(password, policy, field)
  if (details.length > 0)
    throw new ApiError(
      422,
      'password_too_weak',
      'The password does not meet the password policy: see details.',
      details,
    )
  if (await isReusedPassword(password, previousHashes, Math.max(policy.password_history, 0))) {
    throw new ApiError(
      422,
      'password_reused',
      `Choose a password you have not used recently (the last ${policy.password_history} are refused).`,
      [
        {
          field,
          code: 'password_history',
          message: `The new password must differ from the last ${policy.password_history} passwords.`,
        },
      ],
    )
  }
}

/** Stores a new current password hash, keeping enough older ones for the history rule. */
export function pushPasswordHash(tenant: TenantRecord, user: UserRecord, hash: string): void {
  const keep = Math.max(tenant.auth_config.password_policy.password_history, 1)
  user.password_hashes = [hash, ...user.password_hashes].slice(0, keep + 1)
}

/** The user's active factors. */
export function activeFactors(state: MockState, userId: string): MfaFactorRecord[] {
  return [...state.db.factors.values()].filter((f) => f.user_id === userId && f.status === 'active')
}

/** Replaces the user's backup codes with ten new ones and returns them (shown once). */
export async function issueBackupCodes(state: MockState, user: UserRecord): Promise<string[]> {
  const { codes, hashes } = await newBackupCodes()
  const now = state.clock.now()
  state.db.backupCodes = state.db.backupCodes.filter((c) => c.user_id !== user.id)
  for (const code_hash of hashes)
    state.db.backupCodes.push({
      user_id: user.id,
      tenant_id: user.tenant_id,
      code_hash,
      used_at: null,
      created_at: now,
    })
  return codes
}

/** Marks an unused backup code of the user as used; false when it does not match one. */
export async function consumeBackupCode(state: MockState, userId: string, code: string): Promise<boolean> {
  const hash = await hashCode(code)
  const rec = state.db.backupCodes.find(
    (c) => c.user_id === userId && c.used_at === null && c.code_hash === hash,
  )
  if (!rec) return false
  rec.used_at = state.clock.now()
  return true
}

/**
 * Whether the tenant's policy requires MFA of this user: the tenant's `mfa_required`, an organization of the
 * user with `settings.mfa_required` (or only `orgId` when given), or the user's role (tenant role or an
 * organization role) in `mfa_required_roles`.
 *
 * @example
 * ```ts
 * tenant.auth_config.mfa_required_roles = ['owner']
 * mfaRequiredByPolicy(state, tenant, alice) // true: alice owns Acme Corp
 * ```
 */
export function mfaRequiredByPolicy(
  state: MockState,
  tenant: TenantRecord,
  user: UserRecord,
  orgId?: string | null,
): boolean {
  const ac = tenant.auth_config
  if (ac.mfa_required) return true
  const memberships = state.db.members.filter(
    (m) => m.user_id === user.id && m.tenant_id === tenant.id && (orgId ? m.org_id === orgId : true),
  )
  for (const m of memberships) if (state.db.organizations.get(m.org_id)?.settings.mfa_required) return true
  const roles = new Set(ac.mfa_required_roles)
  if (roles.has(user.role)) return true
  return state.db.members.some((m) => m.user_id === user.id && m.tenant_id === tenant.id && roles.has(m.role))
}

/**
 * The factors a challenge offers: the user's active factors (or the one it is limited to), plus
 * `backup_code`.
 */
export function challengeFactors(state: MockState, challenge: ChallengeWithScope): ChallengeFactor[] {
  const out: ChallengeFactor[] = activeFactors(state, challenge.user_id)
    .filter((f) => !challenge.only_factor_id || f.id === challenge.only_factor_id)
    .map((f) => ({ id: f.id, type: f.type, hint: serializeFactor(f).hint }))
  if (!challenge.only_factor_id && backupCodesRemaining(state, challenge.user_id) > 0)
    out.push({ id: 'fac_backupcodes', type: 'backup_code', hint: null })
  return out
}

/** What a new challenge carries. */
export interface NewChallengeInput {
  tenant: TenantRecord
  user: UserRecord
  kind: 'sign_in' | 'step_up'
  azp: string
  org_id: string | null
  method: string
  session_id?: string | null
  only_factor_id?: string | null
}

/**
 * Creates a challenge (`chl_…`, 5 minutes, 5 failures).
 *
 * @example
 * ```ts
 * const challenge = createChallengeRecord(state, { tenant, user, kind: 'sign_in', azp: 'pk_test_demo', org_id: null, method: 'password' })
 * mfaRequiredResult(state, challenge).factors // [{ id: 'fac_…', type: 'totp', hint: null }, …]
 * ```
 */
export function createChallengeRecord(state: MockState, input: NewChallengeInput): ChallengeWithScope {
  const now = state.clock.now()
  const challenge: ChallengeWithScope = {
    id: newId('chl', now),
    tenant_id: input.tenant.id,
    user_id: input.user.id,
    kind: input.kind,
    status: 'pending',
    failures: 0,
    created_at: now,
    expires_at: now + CHALLENGE_TTL_MS,
    session_id: input.session_id ?? null,
    azp: input.azp,
    org_id: input.org_id,
    method: input.method,
    sent_codes: {},
    webauthn_challenge: null,
    only_factor_id: input.only_factor_id ?? null,
  }
  state.db.challenges.set(challenge.id, challenge)
  return challenge
}

/** The `mfa_required` result of a challenge. */
export function mfaRequiredResult(state: MockState, challenge: ChallengeWithScope): AuthMfaRequired {
  return {
    status: 'mfa_required',
    challenge_id: challenge.id,
    expires_at: isoTime(challenge.expires_at),
    factors: challengeFactors(state, challenge),
  }
}

/** A `complete` result for a session and its fresh tokens. */
export function completeResult(
  state: MockState,
  user: UserRecord,
  session: SessionRecord,
  tokens: TokenSet,
): AuthComplete {
  return {
    status: 'complete',
    user: serializeUser(state, user, 'self'),
    session: { id: session.id, expires_at: isoTime(session.expires_at) },
    tokens,
  }
}

/**
 * What a primary authentication (password, magic link, OAuth, passkey) hands to {@link finishPrimaryAuth}.
 */
export interface PrimaryAuthInput {
  tenant: TenantRecord
  user: UserRecord
  azp: string
  method: string
  facts: RequestFacts
  org_id?: string | null
  /** The primary method already proved two factors (passkey). */
  mfa_verified?: boolean
}

/**
 * After a successful primary authentication: a session (`complete`), or an MFA challenge when the user has an
 * active factor (`mfa_required`), or an enrollment token when policy requires MFA and the user has none
 * (`mfa_enrollment_required`).
 *
 * @example
 * ```ts
 * const result = await finishPrimaryAuth(state, { tenant, user, azp: 'pk_test_demo', method: 'password', facts })
 * if (result.status === 'mfa_required') result.challenge_id // answer it at /v1/mfa/challenges/{id}/verify
 * ```
 */
export async function finishPrimaryAuth(state: MockState, input: PrimaryAuthInput): Promise<AuthResult> {
  const { tenant, user } = input
  if (!input.mfa_verified) {
    if (hasMfa(state, user.id)) {
      const challenge = createChallengeRecord(state, {
        tenant,
        user,
        kind: 'sign_in',
        azp: input.azp,
        org_id: input.org_id ?? null,
        method: input.method,
      })
      recordAudit(state, {
        tenant_id: tenant.id,
        actor: { type: 'user', id: user.id },
        action: 'mfa.challenge_created',
        resource: { type: 'challenge', id: challenge.id },
        ip_address: input.facts.ip_address,
        user_agent: input.facts.user_agent,
        metadata: { method: input.method },
      })
      return mfaRequiredResult(state, challenge)
    }
    if (mfaRequiredByPolicy(state, tenant, user)) {
      const token = randomToken('enr', 32)
      state.db.enrollmentTokens.set(token, {
        tenant_id: tenant.id,
        user_id: user.id,
        azp: input.azp,
        org_id: input.org_id ?? null,
        expires_at: state.clock.now() + ENROLLMENT_TOKEN_TTL_MS,
      })
      recordAudit(state, {
        tenant_id: tenant.id,
        actor: { type: 'user', id: user.id },
        action: 'mfa.enrollment_required',
        resource: { type: 'user', id: user.id },
        ip_address: input.facts.ip_address,
        user_agent: input.facts.user_agent,
        metadata: { method: input.method },
      })
      const allowed = tenant.auth_config.mfa_methods.filter((m) => m !== 'backup_codes')
      return { status: 'mfa_enrollment_required', enrollment_token: token, allowed_methods: allowed }
    }
  }
  const { session, tokens } = await startSession(state, {
    tenant,
    user,
    azp: input.azp,
    org_id: input.org_id ?? null,
    mfa_verified: input.mfa_verified ?? false,
    method: input.method,
    facts: input.facts,
  })
  return completeResult(state, user, session, tokens)
}

/** Records a failed sign-in attempt in the audit log. */
export function auditFailedSignIn(
  state: MockState,
  tenant: TenantRecord,
  facts: RequestFacts,
  method: string,
  userId: string | null,
  reason: string,
): void {
  recordAudit(state, {
    tenant_id: tenant.id,
    actor: { type: 'user', id: userId },
    action: 'user.sign_in_failed',
    resource: { type: 'user', id: userId },
    ip_address: facts.ip_address,
    user_agent: facts.user_agent,
    metadata: { method, reason },
  })
}

/**
 * Refresh-token rotation with the spec's error codes: unknown or expired → 401 `invalid_refresh_token`; spent
 * → the session is revoked and 401 `refresh_token_reused`; revoked or ended session → 401 `session_revoked`.
 *
 * @example
 * ```ts
 * const { tokens } = await refreshSession(state, refreshToken, 'http://localhost:3000', 'tnt_demo')
 * await refreshSession(state, refreshToken, 'http://localhost:3000') // throws 401 refresh_token_reused, session revoked
 * ```
 */
export async function refreshSession(state: MockState, token: string, issuer: string, tenantId?: string) {
  const rt = state.db.refreshTokens.get(token)
  if (!rt || (tenantId !== undefined && rt.tenant_id !== tenantId)) {
    throw new ApiError(401, 'invalid_refresh_token', 'The refresh token is not valid. Sign in again.')
  }
  const session = state.db.sessions.get(rt.session_id)
  if (!session)
    throw new ApiError(401, 'invalid_refresh_token', 'The refresh token is not valid. Sign in again.')
  const wasActive = session.status === 'active'
  try {
    return await rotateRefreshToken(state, token, issuer, tenantId)
  } catch (e) {
    if (!(e instanceof ApiError)) throw e
    if (rt.status === 'used') {
      throw new ApiError(
        401,
        'refresh_token_reused',
        wasActive
          ? 'This refresh token was already used; the session has been revoked for safety. Sign in again.'
          : 'This refresh token was already used and its session has ended. Sign in again.',
      )
    }
    if (rt.status === 'revoked' || session.status !== 'active')
      throw new ApiError(
        401,
        'session_revoked',
        'The session has been signed out or has expired. Sign in again.',
      )
    throw new ApiError(401, 'invalid_refresh_token', e.message)
  }
}

/** Revokes every active session of a user (password reset, password change). */
export async function revokeUserSessions(
  state: MockState,
  userId: string,
  reason: string,
  exceptSessionId?: string,
): Promise<number> {
  let n = 0
  for (const s of [...state.db.sessions.values()]) {
    if (s.user_id !== userId || s.status !== 'active' || s.id === exceptSessionId) continue
    await revokeSession(state, s, reason)
    n++
  }
  return n
}

/**
 * Upgrades a live session after a step-up: MFA verified (and optionally a new active organization), new
 * tokens.
 */
export async function upgradeSession(
  state: MockState,
  session: SessionRecord,
  issuer: string,
  orgId: string | null | undefined,
): Promise<TokenSet> {
  session.mfa_verified = true
  if (orgId !== undefined) session.org_id = orgId
  return issueTokens(state, session, issuer)
}
