import { activeFactors, completeResult, issueBackupCodes, mfaRequiredByPolicy } from '../engine/auth-flow'
import { recordAudit } from '../engine/audit'
import { isoTime } from '../engine/clock'
import { numericCode } from '../engine/codes'
import { ApiError } from '../engine/errors'
import { fromBase64url, newId, sha256Hex } from '../engine/ids'
import type {
  MfaFactorRecord,
  MfaMethod,
  TenantRecord,
  UserRecord,
  WebAuthnCeremonyRecord,
  WebAuthnCredentialRecord,
} from '../engine/records'
import { backupCodesRemaining, serializeFactor } from '../engine/serialize'
import { startSession } from '../engine/sessions'
import type { MockState } from '../engine/state'
import { acceptTotpStep } from '../engine/mfa-guard'
import { newTotpSecret, totpStep, totpUri } from '../engine/totp'
import { registrationOptions, relyingParty, verifyRegistration } from '../engine/webauthn'
import type { RegistrationResponseJSON } from '../engine/webauthn'
import { emitEvent } from '../engine/webhooks'
import type { AuthContext } from '../http/auth'
import { defineRoute } from '../http/route'
import type { AnyRouteContext, Route } from '../http/route'
import type { components } from '../http/spec-types'
import { asJson, signedIn } from './context'
import { credentialsOf } from './passkey'
import { challengeRoutes } from './mfa-challenges'

/** SMS and email enrollment codes live ten minutes. */
export const ENROLL_CODE_TTL_MS = 10 * 60_000
/** WebAuthn registration ceremonies live five minutes. */
export const REGISTRATION_TTL_MS = 5 * 60_000

function requireMfaMethod(tenant: TenantRecord, method: MfaMethod): void {
  if (!tenant.auth_config.mfa_methods.includes(method)) {
    throw new ApiError(
      403,
      'auth_method_disabled',
      `The MFA method "${method}" is not enabled for this tenant (mfa_methods).`,
    )
  }
}

function ownFactor(state: MockState, user: UserRecord, factorId: string): MfaFactorRecord {
  const f = state.db.factors.get(factorId)
  if (!f || f.user_id !== user.id)
    throw new ApiError(404, 'factor_not_found', `You have no MFA factor ${factorId}.`)
  return f
}

function newFactor(
  user: UserRecord,
  type: MfaFactorRecord['type'],
  now: number,
  extra: Partial<MfaFactorRecord>,
): MfaFactorRecord {
  return {
    id: newId('fac', now),
    tenant_id: user.tenant_id,
    user_id: user.id,
    type,
    status: 'pending',
    name: null,
    totp_secret: null,
    phone_number: null,
    email: null,
    pending_code_hash: null,
    pending_code_expires_at: null,
    credential: null,
    created_at: now,
    confirmed_at: null,
    last_used_at: null,
    ...extra,
  }
}

/**
 * Activates a factor: the user's first active factor also gets ten backup codes, and a sign-in waiting on MFA
 * enrollment (enrollment token) completes with an `auth_result`. Emits `mfa.enrolled`.
 */
async function activate(
  ctx: AnyRouteContext,
  user: UserRecord,
  tenant: TenantRecord,
  factor: MfaFactorRecord,
) {
  const state = ctx.state
  const first = activeFactors(state, user.id).filter((f) => f.id !== factor.id).length === 0
  const now = state.clock.now()
  factor.status = 'active'
  factor.confirmed_at = now
  factor.pending_code_hash = null
  factor.pending_code_expires_at = null
  user.updated_at = now
  const backup =
    first && tenant.auth_config.mfa_methods.includes('backup_codes')
      ? await issueBackupCodes(state, user)
      : undefined
  recordAudit(state, {
    tenant_id: tenant.id,
    actor: { type: 'user', id: user.id },
    action: 'mfa.enrolled',
    resource: { type: 'mfa_factor', id: factor.id },
    ip_address: ctx.facts.ip_address,
    user_agent: ctx.facts.user_agent,
    metadata: { type: factor.type },
  })
  await emitEvent(state, tenant.id, 'mfa.enrolled', { object: serializeFactor(factor) })
  let auth_result: ReturnType<typeof completeResult> | undefined
  const auth: AuthContext = ctx.auth
  if (auth.kind === 'enrollment') {
    state.db.enrollmentTokens.delete(auth.token)
    const { session, tokens } = await startSession(state, {
      tenant,
      user,
      azp: auth.azp,
      org_id: auth.org_id,
      mfa_verified: true,
      method: 'mfa_enrollment',
      facts: ctx.facts,
    })
    auth_result = completeResult(state, user, session, tokens)
  }
  return {
    factor: serializeFactor(factor),
    ...(backup ? { backup_codes: backup } : {}),
    ...(auth_result ? { auth_result } : {}),
  }
}

const listFactors = defineRoute('get', '/v1/mfa/factors', (ctx) => {
  const { user } = signedIn(ctx.auth)
  const data = [...ctx.state.db.factors.values()]
    .filter((f) => f.user_id === user.id)
    .sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1))
  return {
    status: 200,
    body: {
      data: data.map((f) => serializeFactor(f)),
      backup_codes_remaining: backupCodesRemaining(ctx.state, user.id),
    },
  }
})

const removeFactor = defineRoute('delete', '/v1/mfa/factors/{factorId}', async (ctx) => {
  const { user, tenant } = signedIn(ctx.auth)
  const state = ctx.state
  const factor = ownFactor(state, user, ctx.params.factorId)
  const othersActive = activeFactors(state, user.id).filter((f) => f.id !== factor.id)
  if (factor.status === 'active' && othersActive.length === 0 && mfaRequiredByPolicy(state, tenant, user)) {
    throw new ApiError(
      409,
      'conflict',
      'MFA is required for you: enroll another factor before removing your last one.',
    )
  }
  state.db.factors.delete(factor.id)
  for (const [id, c] of state.db.webauthnCredentials)
    if (c.factor_id === factor.id) state.db.webauthnCredentials.delete(id)
  if (othersActive.length === 0)
    state.db.backupCodes = state.db.backupCodes.filter((c) => c.user_id !== user.id)
  user.updated_at = state.clock.now()
  recordAudit(state, {
    tenant_id: tenant.id,
    actor: ctx.actor,
    action: 'mfa.removed',
    resource: { type: 'mfa_factor', id: factor.id },
    ip_address: ctx.facts.ip_address,
    user_agent: ctx.facts.user_agent,
    metadata: { type: factor.type },
  })
  await emitEvent(state, tenant.id, 'mfa.removed', { object: serializeFactor(factor) })
  return { status: 204 }
})

const enrollTotp = defineRoute(
  'post',
  '/v1/mfa/totp/enroll',
  (ctx) => {
    const { user, tenant } = signedIn(ctx.auth)
    requireMfaMethod(tenant, 'totp')
    const secret = newTotpSecret()
    const factor = newFactor(user, 'totp', ctx.state.clock.now(), {
      totp_secret: secret,
      name: 'Authenticator app',
    })
    ctx.state.db.factors.set(factor.id, factor)
    return { status: 201, body: { factor_id: factor.id, secret, otpauth_uri: totpUri(secret, user.email) } }
  },
  { acceptsEnrollmentToken: true },
)

const confirmTotp = defineRoute(
  'post',
  '/v1/mfa/totp/confirm',
  async (ctx) => {
    const { user, tenant } = signedIn(ctx.auth)
    const factor = ownFactor(ctx.state, user, ctx.body.factor_id)
    if (factor.type !== 'totp' || !factor.totp_secret)
      throw new ApiError(
        404,
        'factor_not_found',
        `${factor.id} is not a TOTP factor; use POST /v1/mfa/{factorId}/confirm.`,
      )
    if (factor.status === 'active')
      throw new ApiError(409, 'conflict', 'This TOTP factor is already confirmed.')
    const step = totpStep(factor.totp_secret, ctx.body.code, ctx.state.clock.now())
    if (step === null) {
      throw new ApiError(
        401,
        'invalid_code',
        'The code is wrong: use the current 6-digit code of your authenticator app (check its clock).',
      )
    }
    acceptTotpStep(ctx.state, factor.id, step) // the confirming code cannot answer a challenge afterwards (RFC 6238 §5.2)
    return { status: 200, body: await activate(ctx, user, tenant, factor) }
  },
  { acceptsEnrollmentToken: true },
)

async function startCodeFactor(ctx: AnyRouteContext, type: 'sms' | 'email', target: string) {
  const { user, tenant } = signedIn(ctx.auth)
  const state = ctx.state
  requireMfaMethod(tenant, type)
  const same = (f: MfaFactorRecord) =>
    f.user_id === user.id &&
    f.type === type &&
    (type === 'sms' ? f.phone_number === target : f.email === target)
  const existing = [...state.db.factors.values()].filter(same)
  if (existing.some((f) => f.status === 'active'))
    throw new ApiError(
      409,
      'conflict',
      `You already have an active ${type} factor for this ${type === 'sms' ? 'number' : 'address'}.`,
    )
  for (const f of existing) state.db.factors.delete(f.id) // a new enrollment replaces a pending one
  const now = state.clock.now()
  const code = numericCode()
  const factor = newFactor(user, type, now, {
    ...(type === 'sms' ? { phone_number: target, name: 'SMS' } : { email: target, name: 'Email' }),
    pending_code_hash: await sha256Hex(code),
    pending_code_expires_at: now + ENROLL_CODE_TTL_MS,
  })
  state.db.factors.set(factor.id, factor)
  state.outbox.send(
    {
      tenant_id: tenant.id,
      channel: type,
      kind: 'mfa_enrollment',
      to: target,
      subject: 'Confirm your two-step verification',
      body: `Your HelloJohn confirmation code is ${code} (valid 10 minutes).`,
      code,
    },
    now,
  )
  return {
    status: 201 as const,
    body: { factor: serializeFactor(factor), code_expires_at: isoTime(now + ENROLL_CODE_TTL_MS) },
  }
}

const enrollSms = defineRoute(
  'post',
  '/v1/mfa/sms/enroll',
  (ctx) => startCodeFactor(ctx, 'sms', ctx.body.phone_number),
  { acceptsEnrollmentToken: true },
)

const enrollEmail = defineRoute(
  'post',
  '/v1/mfa/email/enroll',
  (ctx) => {
    const { user } = signedIn(ctx.auth)
    return startCodeFactor(ctx, 'email', (ctx.body?.email ?? user.email).trim().toLowerCase())
  },
  { acceptsEnrollmentToken: true },
)

const confirmFactor = defineRoute(
  'post',
  '/v1/mfa/{factorId}/confirm',
  async (ctx) => {
    const { user, tenant } = signedIn(ctx.auth)
    const factor = ownFactor(ctx.state, user, ctx.params.factorId)
    if (factor.status === 'active') throw new ApiError(409, 'conflict', 'This factor is already confirmed.')
    if (factor.type === 'totp' && factor.totp_secret) {
      const step = totpStep(factor.totp_secret, ctx.body.code, ctx.state.clock.now())
      if (step === null) throw new ApiError(401, 'invalid_code', 'The code is wrong.')
      acceptTotpStep(ctx.state, factor.id, step)
    } else if (factor.type === 'sms' || factor.type === 'email') {
      if (!factor.pending_code_hash || factor.pending_code_expires_at === null)
        throw new ApiError(401, 'invalid_code', 'No code is pending for this factor; enroll again.')
      if (factor.pending_code_expires_at <= ctx.state.clock.now())
        throw new ApiError(
          401,
          'code_expired',
          'The code has expired (10 minutes); enroll again to get a new one.',
        )
      if ((await sha256Hex(ctx.body.code)) !== factor.pending_code_hash)
        throw new ApiError(401, 'invalid_code', 'The code is wrong: use the 6-digit code that was sent.')
    } else {
      throw new ApiError(
        404,
        'factor_not_found',
        `${factor.id} is a WebAuthn factor; it is confirmed by POST /v1/mfa/webauthn/register/verify.`,
      )
    }
    return { status: 200, body: await activate(ctx, user, tenant, factor) }
  },
  { acceptsEnrollmentToken: true },
)

const webauthnRegisterOptions = defineRoute(
  'post',
  '/v1/mfa/webauthn/register/options',
  async (ctx) => {
    const { user, tenant } = signedIn(ctx.auth)
    requireMfaMethod(tenant, 'webauthn')
    const rp = relyingParty(ctx.request)
    const options = await registrationOptions(rp, user, credentialsOf(ctx.state, user.id))
    const now = ctx.state.clock.now()
    const ceremony: WebAuthnCeremonyRecord = {
      id: newId('wac', now),
      tenant_id: tenant.id,
      user_id: user.id,
      kind: 'registration',
      challenge: options.challenge,
      rp_id: rp.rpID,
      origin: rp.origin,
      expires_at: now + REGISTRATION_TTL_MS,
    }
    ctx.state.db.webauthnCeremonies.set(ceremony.id, ceremony)
    return {
      status: 200,
      body: { options: asJson<components['schemas']['WebAuthnRegistrationOptions']>(options) },
    }
  },
  { acceptsEnrollmentToken: true },
)

function clientChallenge(response: { response: { clientDataJSON: string } }): string | null {
  try {
    const data = JSON.parse(new TextDecoder().decode(fromBase64url(response.response.clientDataJSON))) as {
      challenge?: unknown
    }
    return typeof data.challenge === 'string' ? data.challenge : null
  } catch {
    return null
  }
}

const webauthnRegisterVerify = defineRoute(
  'post',
  '/v1/mfa/webauthn/register/verify',
  async (ctx) => {
    const { user, tenant } = signedIn(ctx.auth)
    const state = ctx.state
    const fail = new ApiError(
      401,
      'webauthn_verification_failed',
      'The WebAuthn registration could not be verified (challenge, origin, RP id or attestation); start again with /register/options.',
    )
    const challenge = clientChallenge(ctx.body.response)
    const ceremony = [...state.db.webauthnCeremonies.values()].find(
      (c) => c.kind === 'registration' && c.user_id === user.id && c.challenge === challenge,
    )
    if (!ceremony || ceremony.expires_at <= state.clock.now()) throw fail
    state.db.webauthnCeremonies.delete(ceremony.id)
    const stored = await verifyRegistration(
      { rpID: ceremony.rp_id, origin: ceremony.origin, rpName: 'HelloJohn' },
      ctx.body.response as unknown as RegistrationResponseJSON,
      ceremony.challenge,
    )
    if (!stored) throw fail
    if (
      [...state.db.webauthnCredentials.values()].some(
        (c) => c.tenant_id === tenant.id && c.credential_id === stored.credential_id,
      )
    ) {
      throw new ApiError(409, 'conflict', 'This authenticator is already registered.')
    }
    const now = state.clock.now()
    const name = ctx.body.name ?? 'Passkey'
    const factor = newFactor(user, 'webauthn', now, { name, credential: { ...stored } })
    state.db.factors.set(factor.id, factor)
    const cred: WebAuthnCredentialRecord = {
      ...stored,
      id: newId('wac', now),
      tenant_id: tenant.id,
      user_id: user.id,
      factor_id: factor.id,
      name,
      created_at: now,
      last_used_at: null,
    }
    state.db.webauthnCredentials.set(cred.id, cred)
    return { status: 201, body: await activate(ctx, user, tenant, factor) }
  },
  { acceptsEnrollmentToken: true },
)

const regenerateBackupCodes = defineRoute('post', '/v1/mfa/backup-codes', async (ctx) => {
  const { user, tenant } = signedIn(ctx.auth)
  if (activeFactors(ctx.state, user.id).length === 0)
    throw new ApiError(409, 'conflict', 'Enroll an MFA factor before generating backup codes.')
  const backup_codes = await issueBackupCodes(ctx.state, user)
  recordAudit(ctx.state, {
    tenant_id: tenant.id,
    actor: ctx.actor,
    action: 'mfa.backup_codes_regenerated',
    resource: { type: 'user', id: user.id },
    ip_address: ctx.facts.ip_address,
    user_agent: ctx.facts.user_agent,
  })
  return { status: 200, body: { backup_codes } }
})

/**
 * The MFA family: factors (TOTP, SMS, email, WebAuthn), backup codes and challenges.
 *
 * @example
 * ```ts
 * import { mfaRoutes } from './handlers/mfa'
 * mfaRoutes.some((r) => r.path === '/v1/mfa/totp/enroll') // true
 * ```
 */
export const mfaRoutes: Route[] = [
  listFactors,
  removeFactor,
  enrollTotp,
  confirmTotp,
  enrollSms,
  enrollEmail,
  confirmFactor,
  webauthnRegisterOptions,
  webauthnRegisterVerify,
  regenerateBackupCodes,
  ...challengeRoutes,
]
