import { isoTime } from '../engine/clock'
import { hashCode, numericCode } from '../engine/codes'
import { ApiError } from '../engine/errors'
import type { ErrorDetail } from '../engine/errors'
import { newId } from '../engine/ids'
import { paginateSorted, parseListParams } from '../engine/pagination'
import { checkPasswordPolicy, hashPassword, isReusedPassword } from '../engine/passwords'
import type { SessionRecord, TenantRecord, UserRecord, VerificationCodeRecord } from '../engine/records'
import { serializeSession, serializeUser } from '../engine/serialize'
import { revokeSession } from '../engine/sessions'
import type { MockState } from '../engine/state'
import { buildAccessClaims, signAccessToken } from '../engine/tokens'
import { defineRoute } from '../http/route'
import type { Route } from '../http/route'
import { audit, emit, findUser, list, tenantOf, textMatch } from './common'

const CODE_TTL_MS = 10 * 60_000
const MAX_CODE_ATTEMPTS = 5

/** 409 when email, phone number or external id is taken by another user of the tenant. */
export function assertUnique(
  state: MockState,
  tenant: TenantRecord,
  fields: { email?: string | null; phone_number?: string | null; external_id?: string | null },
  exceptId?: string,
): void {
  const details: ErrorDetail[] = []
  const taken = (field: 'email' | 'phone_number' | 'external_id', value: string): boolean => {
    const other = state.db.users.findBy(tenant.id, field, value)
    return other !== undefined && other.id !== exceptId
  }
  if (fields.email && taken('email', fields.email.toLowerCase()))
    details.push({ field: 'email', code: 'taken', message: 'Another user of this tenant has this email.' })
  if (fields.phone_number && taken('phone_number', fields.phone_number))
    details.push({
      field: 'phone_number',
      code: 'taken',
      message: 'Another user of this tenant has this phone number.',
    })
  if (fields.external_id && taken('external_id', fields.external_id))
    details.push({
      field: 'external_id',
      code: 'taken',
      message: 'Another user of this tenant has this external_id.',
    })
  if (details.length > 0)
    throw new ApiError(
      409,
      'conflict',
      `A user with this ${details.map((d) => d.field).join(' and ')} already exists in this tenant.`,
      details,
    )
}

/**
 * Checks a new password against the tenant policy (422 `password_too_weak`) and history (422
 * `password_reused`).
 */
export async function assertPassword(
  tenant: TenantRecord,
  password: string,
  previous: readonly string[],
): Promise<void> {
  const policy = tenant.auth_config.password_policy
  const problems = checkPasswordPolicy(password, policy)
  if (problems.length > 0)
    throw new ApiError(
      422,
      'password_too_weak',
      'The password does not meet the password policy: see details.',
      problems,
    )
  if (await isReusedPassword(password, previous, policy.password_history)) {
    throw new ApiError(
      422,
      'password_reused',
      `The password was used recently; choose one not among the last ${policy.password_history}.`,
      [
        {
          field: 'password',
          code: 'password_history',
          message: `Do not reuse any of the last ${policy.password_history} passwords.`,
        },
      ],
    )
  }
}

/** Sets a new password, keeping the history the policy needs. */
export async function setPassword(user: UserRecord, password: string, historySize: number): Promise<void> {
  const hash = await hashPassword(password)
  user.password_hashes = [hash, ...user.password_hashes].slice(0, Math.max(1, historySize + 1))
}

/** Creates a verification code for a user and purpose, killing earlier ones of the same purpose. */
export function issueCode(
  state: MockState,
  user: UserRecord,
  purpose: VerificationCodeRecord['purpose'],
  target: string,
  codeHash: string,
  ttlMs: number,
): VerificationCodeRecord {
  const now = state.clock.now()
  for (const c of state.db.verificationCodes.values())
    if (c.user_id === user.id && c.purpose === purpose && c.used_at === null) c.used_at = now
  const rec: VerificationCodeRecord = {
    id: newId('vc', now),
    tenant_id: user.tenant_id,
    user_id: user.id,
    purpose,
    target,
    code_hash: codeHash,
    attempts: 0,
    created_at: now,
    expires_at: now + ttlMs,
    used_at: null,
  }
  state.db.verificationCodes.set(rec.id, rec)
  return rec
}

/**
 * Checks a code of a purpose: 401 `invalid_code` when wrong (the 5th wrong attempt kills it), 401
 * `code_expired` when too old. Marks it used on success and returns it.
 */
export async function consumeCode(
  state: MockState,
  user: UserRecord,
  purpose: VerificationCodeRecord['purpose'],
  code: string,
): Promise<VerificationCodeRecord> {
  const now = state.clock.now()
  const live = [...state.db.verificationCodes.values()]
    .filter((c) => c.user_id === user.id && c.purpose === purpose && c.used_at === null)
    .pop()
  if (!live) throw new ApiError(401, 'invalid_code', 'No code is pending; request a new one.')
  if (live.expires_at <= now)
    throw new ApiError(401, 'code_expired', 'The code has expired; request a new one.')
  if ((await hashCode(code)) !== live.code_hash) {
    live.attempts += 1
    if (live.attempts >= MAX_CODE_ATTEMPTS) live.used_at = now
    throw new ApiError(
      401,
      'invalid_code',
      live.used_at
        ? 'Wrong code; too many attempts, request a new one.'
        : 'Wrong code; check it and try again.',
    )
  }
  live.used_at = now
  return live
}

/** Sends an email verification code for the user's current email. */
export async function sendEmailVerificationCode(
  state: MockState,
  user: UserRecord,
): Promise<VerificationCodeRecord> {
  const code = numericCode()
  const rec = issueCode(state, user, 'email_verification', user.email, await hashCode(code), 15 * 60_000)
  state.outbox.send(
    {
      tenant_id: user.tenant_id,
      channel: 'email',
      kind: 'email_verification',
      to: user.email,
      subject: 'Verify your email',
      body: `Your verification code is ${code}. It expires in 15 minutes.`,
      code,
    },
    state.clock.now(),
  )
  return rec
}

function removeUserData(state: MockState, user: UserRecord): SessionRecord[] {
  const sessions = [...state.db.sessions.values()].filter((s) => s.user_id === user.id)
  for (const [id, f] of state.db.factors) if (f.user_id === user.id) state.db.factors.delete(id)
  state.db.backupCodes = state.db.backupCodes.filter((c) => c.user_id !== user.id)
  for (const [id, c] of state.db.webauthnCredentials)
    if (c.user_id === user.id) state.db.webauthnCredentials.delete(id)
  state.db.members = state.db.members.filter((m) => m.user_id !== user.id)
  for (const [id, c] of state.db.verificationCodes)
    if (c.user_id === user.id) state.db.verificationCodes.delete(id)
  return sessions
}

/** Users (secret key). */
export const usersRoutes: Route[] = [
  defineRoute('get', '/v1/users', (ctx) => {
    const tenant = tenantOf(ctx)
    const q = ctx.query
    const email = q.get('email')?.toLowerCase()
    const phone = q.get('phone_number')
    const externalId = q.get('external_id')
    const status = q.get('status')
    const orgId = q.get('org_id')
    const users = ctx.state.db.users
    const sortable = {
      created_at: (u: UserRecord) => u.created_at,
      updated_at: (u: UserRecord) => u.updated_at,
      email: (u: UserRecord) => u.email,
      name: (u: UserRecord) => u.name,
      last_sign_in_at: (u: UserRecord) => u.last_sign_in_at,
    }
    // the tenant's whole list by creation: binary search + slice over the table's sorted index, O(log n +
    // limit)
    if (
      email === undefined &&
      phone === null &&
      externalId === null &&
      status === null &&
      orgId === null &&
      !q.get('q') &&
      (q.get('sort') ?? 'created_at') === 'created_at'
    ) {
      const params = parseListParams(q, Object.keys(sortable))
      const page = paginateSorted(
        users.ofTenant(tenant.id),
        params,
        (u) => u.created_at,
        (u) => u.id,
      )
      return {
        status: 200,
        body: { data: page.data.map((u) => serializeUser(ctx.state, u)), pagination: page.pagination },
      }
    }
    // an email, phone or external id names at most one user: look it up in the index instead of scanning
    const indexed =
      email !== undefined
        ? users.findBy(tenant.id, 'email', email)
        : phone !== null
          ? users.findBy(tenant.id, 'phone_number', phone)
          : externalId !== null
            ? users.findBy(tenant.id, 'external_id', externalId)
            : null
    const orgMembers = orgId
      ? new Set(ctx.state.db.members.filter((m) => m.org_id === orgId).map((m) => m.user_id))
      : null
    let source: Iterable<UserRecord>
    if (indexed !== null) source = indexed ? [indexed] : []
    // an organization's members are few: start from them rather than from every user of the tenant
    else if (orgMembers) source = [...orgMembers].flatMap((id) => users.get(id) ?? [])
    else source = users.ofTenant(tenant.id)
    const items = [...source].filter(
      (u) =>
        u.tenant_id === tenant.id &&
        (email === undefined || u.email === email) &&
        (phone === null || u.phone_number === phone) &&
        (externalId === null || u.external_id === externalId) &&
        (status === null || u.status === status) &&
        (orgMembers === null || orgMembers.has(u.id)),
    )
    const page = list(
      ctx,
      items,
      sortable,
      (u) => u.id,
      (u) => serializeUser(ctx.state, u),
      (u, s) => textMatch(s, u.email, u.name, u.phone_number, u.external_id),
    )
    return { status: 200, body: page }
  }),

  defineRoute('post', '/v1/users', async (ctx) => {
    const tenant = tenantOf(ctx)
    const b = ctx.body
    assertUnique(ctx.state, tenant, {
      email: b.email,
      phone_number: b.phone_number ?? null,
      external_id: b.external_id ?? null,
    })
    if (b.password !== undefined) await assertPassword(tenant, b.password, [])
    const now = ctx.state.clock.now()
    const user: UserRecord = {
      id: newId('usr', now),
      tenant_id: tenant.id,
      email: b.email.toLowerCase(),
      email_verified: b.email_verified ?? false,
      phone_number: b.phone_number ?? null,
      phone_verified: false,
      external_id: b.external_id ?? null,
      name: b.name ?? null,
      role: b.role ?? 'member',
      status: 'active',
      public_metadata: { ...(b.public_metadata ?? {}) },
      private_metadata: { ...(b.private_metadata ?? {}) },
      password_hashes: [],
      created_at: now,
      updated_at: now,
      last_sign_in_at: null,
    }
    if (b.password !== undefined)
      await setPassword(user, b.password, tenant.auth_config.password_policy.password_history)
    ctx.state.db.users.set(user.id, user)
    const body = serializeUser(ctx.state, user)
    audit(ctx, 'user.created', { type: 'user', id: user.id })
    await emit(ctx, 'user.created', body)
    return { status: 201, body }
  }),

  defineRoute('get', '/v1/users/{userId}', (ctx) => ({
    status: 200,
    body: serializeUser(ctx.state, findUser(ctx, ctx.params.userId)),
  })),

  defineRoute('patch', '/v1/users/{userId}', async (ctx) => {
    const tenant = tenantOf(ctx)
    const user = findUser(ctx, ctx.params.userId)
    const b = ctx.body
    assertUnique(
      ctx.state,
      tenant,
      { email: b.email ?? null, phone_number: b.phone_number ?? null, external_id: b.external_id ?? null },
      user.id,
    )
    if (b.password !== undefined) await assertPassword(tenant, b.password, user.password_hashes)
    const changed: string[] = []
    let emailChanged = false
    if (b.email !== undefined && b.email.toLowerCase() !== user.email) {
      user.email = b.email.toLowerCase()
      user.email_verified = false
      emailChanged = true
      changed.push('email')
    }
    if (b.email_verified !== undefined) {
      user.email_verified = b.email_verified
      changed.push('email_verified')
    }
    if (b.phone_number !== undefined && b.phone_number !== user.phone_number) {
      user.phone_number = b.phone_number
      user.phone_verified = false
      changed.push('phone_number')
    }
    if (b.phone_verified !== undefined) {
      user.phone_verified = user.phone_number === null ? false : b.phone_verified
      changed.push('phone_verified')
    }
    if (b.external_id !== undefined) {
      user.external_id = b.external_id
      changed.push('external_id')
    }
    if (b.name !== undefined) {
      user.name = b.name
      changed.push('name')
    }
    if (b.role !== undefined) {
      user.role = b.role
      changed.push('role')
    }
    if (b.public_metadata !== undefined) {
      user.public_metadata = { ...b.public_metadata }
      changed.push('public_metadata')
    }
    if (b.private_metadata !== undefined) {
      user.private_metadata = { ...b.private_metadata }
      changed.push('private_metadata')
    }
    if (b.password !== undefined) {
      await setPassword(user, b.password, tenant.auth_config.password_policy.password_history)
      changed.push('password')
    }
    let bannedNow = false
    if (b.status !== undefined && b.status !== user.status) {
      bannedNow = b.status === 'banned'
      user.status = b.status
      changed.push('status')
    }
    user.updated_at = ctx.state.clock.now()
    ctx.state.db.users.set(user.id, user) // re-index email / phone number / external id
    if (emailChanged && b.email_verified !== true) await sendEmailVerificationCode(ctx.state, user)
    if (bannedNow) {
      for (const s of ctx.state.db.sessions.values())
        if (s.user_id === user.id && s.status === 'active') await revokeSession(ctx.state, s, 'user_banned')
    }
    const body = serializeUser(ctx.state, user)
    audit(ctx, 'user.updated', { type: 'user', id: user.id }, { fields: changed })
    await emit(ctx, 'user.updated', body)
    return { status: 200, body }
  }),

  defineRoute('delete', '/v1/users/{userId}', async (ctx) => {
    const user = findUser(ctx, ctx.params.userId)
    const body = serializeUser(ctx.state, user)
    const sessions = removeUserData(ctx.state, user)
    for (const s of sessions) await revokeSession(ctx.state, s, 'user_deleted')
    ctx.state.db.users.delete(user.id)
    audit(ctx, 'user.deleted', { type: 'user', id: user.id }, { email: user.email })
    await emit(ctx, 'user.deleted', body)
    return { status: 204 }
  }),

  defineRoute('post', '/v1/users/{userId}/phone-verification', async (ctx) => {
    const user = findUser(ctx, ctx.params.userId)
    if (!user.phone_number) {
      throw new ApiError(
        422,
        'validation_failed',
        'The user has no phone number; set one with PATCH /v1/users/{userId} first.',
        [{ field: 'phone_number', code: 'required', message: 'The user has no phone number.' }],
      )
    }
    const code = numericCode()
    const rec = issueCode(
      ctx.state,
      user,
      'phone_verification',
      user.phone_number,
      await hashCode(code),
      CODE_TTL_MS,
    )
    ctx.state.outbox.send(
      {
        tenant_id: user.tenant_id,
        channel: 'sms',
        kind: 'phone_verification',
        to: user.phone_number,
        subject: 'Phone verification',
        body: `Your HelloJohn verification code is ${code}`,
        code,
      },
      ctx.state.clock.now(),
    )
    audit(ctx, 'user.phone_verification_sent', { type: 'user', id: user.id })
    return { status: 202, body: { status: 'sent' as const, expires_at: isoTime(rec.expires_at) } }
  }),

  defineRoute('post', '/v1/users/{userId}/phone-verification/verify', async (ctx) => {
    const user = findUser(ctx, ctx.params.userId)
    const rec = await consumeCode(ctx.state, user, 'phone_verification', ctx.body.code)
    if (rec.target !== user.phone_number)
      throw new ApiError(401, 'invalid_code', 'The code was sent to another phone number; request a new one.')
    user.phone_verified = true
    user.updated_at = ctx.state.clock.now()
    const body = serializeUser(ctx.state, user)
    audit(ctx, 'user.phone_verified', { type: 'user', id: user.id })
    await emit(ctx, 'user.updated', body)
    return { status: 200, body }
  }),

  defineRoute('post', '/v1/users/{userId}/impersonate', async (ctx) => {
    const tenant = tenantOf(ctx)
    const user = findUser(ctx, ctx.params.userId)
    if (user.status === 'banned')
      throw new ApiError(403, 'user_banned', 'Banned users cannot be impersonated.')
    const ttl = ctx.body?.expires_in ?? 3600
    const now = ctx.state.clock.now()
    const actorId = ctx.actor.id ?? 'unknown'
    const session: SessionRecord = {
      id: newId('ses', now),
      tenant_id: tenant.id,
      user_id: user.id,
      status: 'active',
      azp: ctx.auth.kind === 'secret' ? ctx.auth.key.id : 'impersonation',
      org_id: null,
      mfa_verified: false,
      method: 'impersonation',
      impersonator: { type: ctx.actor.type, id: actorId },
      ip_address: ctx.facts.ip_address,
      user_agent: ctx.facts.user_agent,
      created_at: now,
      last_active_at: now,
      expires_at: now + ttl * 1000,
      revoked_at: null,
    }
    ctx.state.db.sessions.set(session.id, session)
    const nowSec = Math.floor(now / 1000)
    const claims = buildAccessClaims({ issuer: ctx.facts.issuer, tenant, user, session, nowSec })
    claims.exp = nowSec + ttl
    const accessToken = await signAccessToken(ctx.state.keys, claims)
    audit(
      ctx,
      'user.impersonated',
      { type: 'user', id: user.id },
      { session_id: session.id, reason: ctx.body?.reason ?? null, expires_in: ttl },
    )
    await emit(ctx, 'session.created', serializeSession(session))
    return {
      status: 200,
      body: {
        access_token: accessToken,
        token_type: 'Bearer' as const,
        expires_in: ttl,
        session_id: session.id,
        user_id: user.id,
      },
    }
  }),
]
