import {
  auditFailedSignIn,
  checkNewPassword,
  findUserByEmail,
  finishPrimaryAuth,
  pushPasswordHash,
  refreshSession,
  requireAuthMethod,
  requireEmailDomain,
  requireNotBanned,
  revokeUserSessions,
} from '../engine/auth-flow'
import { recordAudit } from '../engine/audit'
import { isoTime } from '../engine/clock'
import { numericCode } from '../engine/codes'
import { requireAllowedRedirect } from '../engine/redirects'
import { ApiError } from '../engine/errors'
import { newId, randomToken, sha256Hex } from '../engine/ids'
import { hashPassword, verifyPasswordOrDummy } from '../engine/passwords'
import type { TenantRecord, UserRecord, VerificationCodeRecord } from '../engine/records'
import { serializeUser } from '../engine/serialize'
import { revokeSession } from '../engine/sessions'
import type { MockState } from '../engine/state'
import { emitEvent } from '../engine/webhooks'
import { defineRoute } from '../http/route'
import type { Route } from '../http/route'
import { tenantOf } from './common'
import { azpOf } from './context'
import { passkeyRoutes } from './passkey'

/** Magic links live fifteen minutes. */
export const MAGIC_LINK_TTL_MS = 15 * 60_000
/** Password-reset links live one hour. */
export const PASSWORD_RESET_TTL_MS = 60 * 60_000
/** Email verification codes live fifteen minutes and die after five wrong attempts. */
export const EMAIL_CODE_TTL_MS = 15 * 60_000
const MAX_CODE_ATTEMPTS = 5

/** Creates a user of a tenant (sign-up, magic link, social sign-in) and emits `user.created`. */
export async function createUser(
  state: MockState,
  tenant: TenantRecord,
  input: {
    email: string
    password_hash?: string
    name?: string | null
    phone_number?: string | null
    public_metadata?: Record<string, unknown>
    email_verified?: boolean
  },
  facts: { ip_address: string | null; user_agent: string | null },
): Promise<UserRecord> {
  const now = state.clock.now()
  const user: UserRecord = {
    id: newId('usr', now),
    tenant_id: tenant.id,
    email: input.email.trim().toLowerCase(),
    email_verified: input.email_verified ?? false,
    phone_number: input.phone_number ?? null,
    phone_verified: false,
    external_id: null,
    name: input.name ?? null,
    role: 'member',
    status: 'active',
    public_metadata: { ...(input.public_metadata ?? {}) },
    private_metadata: {},
    password_hashes: input.password_hash ? [input.password_hash] : [],
    created_at: now,
    updated_at: now,
    last_sign_in_at: null,
  }
  state.db.users.set(user.id, user)
  recordAudit(state, {
    tenant_id: tenant.id,
    actor: { type: 'user', id: user.id },
    action: 'user.created',
    resource: { type: 'user', id: user.id },
    ip_address: facts.ip_address,
    user_agent: facts.user_agent,
    metadata: { via: 'sign_up' },
  })
  await emitEvent(state, tenant.id, 'user.created', { object: serializeUser(state, user) })
  return user
}

function withToken(base: string, token: string): string {
  const url = new URL(base)
  url.searchParams.set('token', token)
  return url.toString()
}

function latestCode(
  state: MockState,
  tenantId: string,
  purpose: VerificationCodeRecord['purpose'],
  target: string,
): VerificationCodeRecord | undefined {
  let found: VerificationCodeRecord | undefined
  for (const c of state.db.verificationCodes.values()) {
    if (c.tenant_id === tenantId && c.purpose === purpose && c.target === target && c.used_at === null) {
      if (!found || c.created_at >= found.created_at) found = c
    }
  }
  return found
}

const signUp = defineRoute('post', '/v1/auth/sign-up', async (ctx) => {
  const tenant = tenantOf(ctx)
  const body = ctx.body
  requireAuthMethod(tenant, 'email_password')
  requireEmailDomain(tenant, body.email)
  if (findUserByEmail(ctx.state, tenant.id, body.email)) {
    throw new ApiError(
      409,
      'conflict',
      'An account with this email already exists in this tenant; sign in instead.',
      [{ field: 'email', code: 'taken', message: 'This email is already registered.' }],
    )
  }
  if (body.phone_number && ctx.state.db.users.findBy(tenant.id, 'phone_number', body.phone_number)) {
    throw new ApiError(409, 'conflict', 'This phone number already belongs to another user of this tenant.', [
      { field: 'phone_number', code: 'taken', message: 'This phone number is already registered.' },
    ])
  }
  await checkNewPassword(tenant, body.password, [])
  const user = await createUser(
    ctx.state,
    tenant,
    {
      email: body.email,
      password_hash: await hashPassword(body.password),
      name: body.name ?? null,
      phone_number: body.phone_number ?? null,
      ...(body.public_metadata ? { public_metadata: body.public_metadata } : {}),
    },
    ctx.facts,
  )
  const result = await finishPrimaryAuth(ctx.state, {
    tenant,
    user,
    azp: azpOf(ctx.auth),
    method: 'password',
    facts: ctx.facts,
  })
  return { status: 201, body: result }
})

const signIn = defineRoute('post', '/v1/auth/sign-in', async (ctx) => {
  const tenant = tenantOf(ctx)
  const { email, password } = ctx.body
  requireAuthMethod(tenant, 'email_password')
  requireEmailDomain(tenant, email)
  const user = findUserByEmail(ctx.state, tenant.id, email)
  const current = user?.password_hashes[0]
  const ok = await verifyPasswordOrDummy(password, current)
  if (!user || !ok) {
    auditFailedSignIn(ctx.state, tenant, ctx.facts, 'password', user?.id ?? null, 'invalid_credentials')
    throw new ApiError(401, 'invalid_credentials', 'The email or the password is wrong.')
  }
  if (user.status === 'banned')
    auditFailedSignIn(ctx.state, tenant, ctx.facts, 'password', user.id, 'user_banned')
  requireNotBanned(user)
  const result = await finishPrimaryAuth(ctx.state, {
    tenant,
    user,
    azp: azpOf(ctx.auth),
    method: 'password',
    facts: ctx.facts,
  })
  return { status: 200, body: result }
})

const signOut = defineRoute('post', '/v1/auth/sign-out', async (ctx) => {
  if (ctx.auth.kind !== 'access')
    throw new ApiError(401, 'unauthorized', 'Sign-out needs the access token of the session to end.')
  const session = ctx.auth.session
  if (session && session.status === 'active') {
    await revokeSession(ctx.state, session, 'sign_out')
    recordAudit(ctx.state, {
      tenant_id: session.tenant_id,
      actor: ctx.actor,
      action: 'user.signed_out',
      resource: { type: 'session', id: session.id },
      ip_address: ctx.facts.ip_address,
      user_agent: ctx.facts.user_agent,
    })
  }
  return { status: 204 }
})

const refreshToken = defineRoute('post', '/v1/auth/token/refresh', async (ctx) => {
  const tenant = tenantOf(ctx)
  const { session, user, tokens } = await refreshSession(
    ctx.state,
    ctx.body.refresh_token,
    ctx.facts.issuer,
    tenant.id,
  )
  return {
    status: 200,
    body: {
      status: 'complete' as const,
      user: serializeUser(ctx.state, user, 'self'),
      session: { id: session.id, expires_at: isoTime(session.expires_at) },
      tokens,
    },
  }
})

const sendMagicLink = defineRoute('post', '/v1/auth/magic-link', async (ctx) => {
  const tenant = tenantOf(ctx)
  const { email, redirect_url } = ctx.body
  requireAllowedRedirect(tenant.auth_config.allowed_redirect_urls, redirect_url, 'redirect_url')
  requireAuthMethod(tenant, 'magic_link')
  requireEmailDomain(tenant, email)
  const now = ctx.state.clock.now()
  const expires = now + MAGIC_LINK_TTL_MS
  const user = findUserByEmail(ctx.state, tenant.id, email)
  const createAllowed =
    ctx.body.create_user ?? tenant.auth_config.allowed_auth_methods.includes('email_password')
  if ((user && user.status !== 'banned') || (!user && createAllowed)) {
    const token = randomToken('ml', 32)
    ctx.state.db.magicLinks.set(token, {
      token,
      tenant_id: tenant.id,
      email: email.trim().toLowerCase(),
      redirect_url,
      azp: azpOf(ctx.auth),
      created_at: now,
      expires_at: expires,
      used_at: null,
    })
    const link = withToken(redirect_url, token)
    ctx.state.outbox.send(
      {
        tenant_id: tenant.id,
        channel: 'email',
        kind: 'magic_link',
        to: email.trim().toLowerCase(),
        subject: 'Your sign-in link',
        body: `Sign in with this link (valid 15 minutes, single use): ${link}`,
        link,
        token,
      },
      now,
    )
  }
  return { status: 202, body: { status: 'sent' as const, expires_at: isoTime(expires) } }
})

const verifyMagicLink = defineRoute('post', '/v1/auth/magic-link/verify', async (ctx) => {
  const tenant = tenantOf(ctx)
  const rec = ctx.state.db.magicLinks.get(ctx.body.token)
  if (!rec || rec.tenant_id !== tenant.id || rec.used_at !== null) {
    throw new ApiError(
      401,
      'invalid_link',
      'This sign-in link is not valid or was already used; request a new one.',
    )
  }
  if (rec.expires_at <= ctx.state.clock.now())
    throw new ApiError(401, 'link_expired', 'This sign-in link has expired (15 minutes); request a new one.')
  requireAuthMethod(tenant, 'magic_link')
  requireEmailDomain(tenant, rec.email)
  rec.used_at = ctx.state.clock.now()
  let user = findUserByEmail(ctx.state, tenant.id, rec.email)
  if (!user) user = await createUser(ctx.state, tenant, { email: rec.email, email_verified: true }, ctx.facts)
  requireNotBanned(user)
  if (!user.email_verified) {
    user.email_verified = true
    user.updated_at = ctx.state.clock.now()
  }
  const result = await finishPrimaryAuth(ctx.state, {
    tenant,
    user,
    azp: rec.azp,
    method: 'magic_link',
    facts: ctx.facts,
  })
  return { status: 200, body: result }
})

const forgotPassword = defineRoute('post', '/v1/auth/password/forgot', async (ctx) => {
  const tenant = tenantOf(ctx)
  const now = ctx.state.clock.now()
  const expires = now + PASSWORD_RESET_TTL_MS
  // the default reset page lives on the issuer; a redirect_url of the app must be allowed by the tenant
  if (ctx.body.redirect_url !== undefined)
    requireAllowedRedirect(tenant.auth_config.allowed_redirect_urls, ctx.body.redirect_url, 'redirect_url')
  const user = findUserByEmail(ctx.state, tenant.id, ctx.body.email)
  if (user && user.status !== 'banned') {
    const token = randomToken('pwr', 32)
    const rec: VerificationCodeRecord = {
      id: newId('vc', now),
      tenant_id: tenant.id,
      user_id: user.id,
      purpose: 'password_reset',
      target: user.email,
      code_hash: await sha256Hex(token),
      attempts: 0,
      created_at: now,
      expires_at: expires,
      used_at: null,
    }
    ctx.state.db.verificationCodes.set(rec.id, rec)
    const link = withToken(ctx.body.redirect_url ?? `${ctx.facts.issuer}/reset-password`, token)
    ctx.state.outbox.send(
      {
        tenant_id: tenant.id,
        channel: 'email',
        kind: 'password_reset',
        to: user.email,
        subject: 'Reset your password',
        body: `Reset your password with this link (valid 1 hour, single use): ${link}`,
        link,
        token,
      },
      now,
    )
  }
  return { status: 202, body: { status: 'sent' as const, expires_at: isoTime(expires) } }
})

const resetPassword = defineRoute('post', '/v1/auth/password/reset', async (ctx) => {
  const tenant = tenantOf(ctx)
  const hash = await sha256Hex(ctx.body.token)
  const rec = [...ctx.state.db.verificationCodes.values()].find(
    (c) => c.purpose === 'password_reset' && c.tenant_id === tenant.id && c.code_hash === hash,
  )
  if (!rec || rec.used_at !== null)
    throw new ApiError(
      401,
      'invalid_link',
      'This password-reset link is not valid or was already used; request a new one.',
    )
  if (rec.expires_at <= ctx.state.clock.now())
    throw new ApiError(
      401,
      'link_expired',
      'This password-reset link has expired (1 hour); request a new one.',
    )
  const user = ctx.state.db.users.get(rec.user_id)
  if (!user)
    throw new ApiError(401, 'invalid_link', 'This password-reset link is not valid; request a new one.')
  await checkNewPassword(tenant, ctx.body.password, user.password_hashes)
  rec.used_at = ctx.state.clock.now()
  pushPasswordHash(tenant, user, await hashPassword(ctx.body.password))
  user.updated_at = ctx.state.clock.now()
  await revokeUserSessions(ctx.state, user.id, 'password_reset')
  recordAudit(ctx.state, {
    tenant_id: tenant.id,
    actor: { type: 'user', id: user.id },
    action: 'user.password_reset',
    resource: { type: 'user', id: user.id },
    ip_address: ctx.facts.ip_address,
    user_agent: ctx.facts.user_agent,
  })
  return { status: 204 }
})

const sendEmailVerification = defineRoute('post', '/v1/auth/email/verification', async (ctx) => {
  const tenant = tenantOf(ctx)
  const now = ctx.state.clock.now()
  const expires = now + EMAIL_CODE_TTL_MS
  const user = findUserByEmail(ctx.state, tenant.id, ctx.body.email)
  if (user && user.status !== 'banned') {
    const code = numericCode()
    for (const c of ctx.state.db.verificationCodes.values()) {
      if (c.user_id === user.id && c.purpose === 'email_verification' && c.used_at === null) c.used_at = now // older codes die
    }
    const rec: VerificationCodeRecord = {
      id: newId('vc', now),
      tenant_id: tenant.id,
      user_id: user.id,
      purpose: 'email_verification',
      target: user.email,
      code_hash: await sha256Hex(code),
      attempts: 0,
      created_at: now,
      expires_at: expires,
      used_at: null,
    }
    ctx.state.db.verificationCodes.set(rec.id, rec)
    ctx.state.outbox.send(
      {
        tenant_id: tenant.id,
        channel: 'email',
        kind: 'email_verification',
        to: user.email,
        subject: 'Verify your email',
        body: `Your verification code is ${code} (valid 15 minutes).`,
        code,
      },
      now,
    )
  }
  return { status: 202, body: { status: 'sent' as const, expires_at: isoTime(expires) } }
})

const verifyEmail = defineRoute('post', '/v1/auth/email/verify', async (ctx) => {
  const tenant = tenantOf(ctx)
  const email = ctx.body.email.trim().toLowerCase()
  const rec = latestCode(ctx.state, tenant.id, 'email_verification', email)
  const user = rec ? ctx.state.db.users.get(rec.user_id) : undefined
  if (!rec || !user || rec.attempts >= MAX_CODE_ATTEMPTS)
    throw new ApiError(401, 'invalid_code', 'The code is wrong or no longer valid; request a new one.')
  if (rec.expires_at <= ctx.state.clock.now())
    throw new ApiError(401, 'code_expired', 'The code has expired (15 minutes); request a new one.')
  if ((await sha256Hex(ctx.body.code)) !== rec.code_hash) {
    rec.attempts += 1
    const left = MAX_CODE_ATTEMPTS - rec.attempts
    throw new ApiError(
      401,
      'invalid_code',
      left > 0
        ? `The code is wrong; ${left} ${left === 1 ? 'attempt' : 'attempts'} left.`
        : 'The code is wrong and is now used up; request a new one.',
    )
  }
  rec.used_at = ctx.state.clock.now()
  user.email_verified = true
  user.updated_at = ctx.state.clock.now()
  recordAudit(ctx.state, {
    tenant_id: tenant.id,
    actor: { type: 'user', id: user.id },
    action: 'user.email_verified',
    resource: { type: 'user', id: user.id },
    ip_address: ctx.facts.ip_address,
    user_agent: ctx.facts.user_agent,
  })
  await emitEvent(ctx.state, tenant.id, 'user.updated', { object: serializeUser(ctx.state, user) })
  return { status: 200, body: serializeUser(ctx.state, user, 'self') }
})

/**
 * The Auth family: sign-up, sign-in, sign-out, refresh, magic links, password reset, email verification and
 * passkey sign-in, over the engine's store, sessions and tenant rules.
 *
 * @example
 * ```ts
 * import { authRoutes } from './handlers/auth'
 * authRoutes.map((r) => `${r.method} ${r.path}`) // ['post /v1/auth/sign-up', …]
 * ```
 */
export const authRoutes: Route[] = [
  signUp,
  signIn,
  signOut,
  refreshToken,
  sendMagicLink,
  verifyMagicLink,
  forgotPassword,
  resetPassword,
  sendEmailVerification,
  verifyEmail,
  ...passkeyRoutes,
]
