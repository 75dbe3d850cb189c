import {
  activeFactors,
  checkNewPassword,
  completeResult,
  createChallengeRecord,
  ENROLLMENT_TOKEN_TTL_MS,
  mfaRequiredResult,
  pushPasswordHash,
  revokeUserSessions,
} from '../engine/auth-flow'
import { recordAudit } from '../engine/audit'
import { ApiError } from '../engine/errors'
import { newId, randomToken } from '../engine/ids'
import { paginate, parseListParams } from '../engine/pagination'
import { hashPassword, verifyPassword } from '../engine/passwords'
import type { InvitationRecord, MemberRecord, OrganizationRecord, UserRecord } from '../engine/records'
import {
  serializeInvitation,
  serializeMember,
  serializeOrganization,
  serializeSession,
  serializeUser,
} from '../engine/serialize'
import { issueTokens, revokeSession } from '../engine/sessions'
import type { MockState } from '../engine/state'
import { emitEvent } from '../engine/webhooks'
import { defineRoute } from '../http/route'
import type { Route } from '../http/route'
import { slugify } from './common'
import { liveSession, signedIn } from './context'

function membershipOf(
  state: MockState,
  user: UserRecord,
  idOrSlug: string,
): { org: OrganizationRecord; member: MemberRecord } {
  let org = state.db.organizations.get(idOrSlug)
  if (org && org.tenant_id !== user.tenant_id) org = undefined
  org ??= [...state.db.organizations.values()].find(
    (o) => o.tenant_id === user.tenant_id && o.slug === idOrSlug,
  )
  const member = org ? state.db.members.find((m) => m.org_id === org.id && m.user_id === user.id) : undefined
  if (!org || !member)
    throw new ApiError(
      404,
      'organization_not_found',
      `You are not a member of an organization "${idOrSlug}".`,
    )
  return { org, member }
}

const getMe = defineRoute('get', '/v1/me', (ctx) => {
  const { user } = signedIn(ctx.auth)
  return { status: 200, body: serializeUser(ctx.state, user, 'self') }
})

const updateMe = defineRoute('patch', '/v1/me', async (ctx) => {
  const { user, tenant } = signedIn(ctx.auth)
  const body = ctx.body
  const state = ctx.state
  if (body.password !== undefined) {
    if (body.current_password === undefined) {
      throw new ApiError(422, 'validation_failed', 'Changing the password needs current_password.', [
        {
          field: 'current_password',
          code: 'required',
          message: 'Send your current password with the new one.',
        },
      ])
    }
    const current = user.password_hashes[0]
    if (current === undefined || !(await verifyPassword(body.current_password, current))) {
      throw new ApiError(401, 'invalid_credentials', 'current_password is wrong.')
    }
    await checkNewPassword(tenant, body.password, user.password_hashes)
  } else if (body.current_password !== undefined) {
    throw new ApiError(422, 'validation_failed', 'current_password is only used together with password.', [
      {
        field: 'password',
        code: 'required',
        message: 'Send the new password with current_password, or drop current_password.',
      },
    ])
  }
  if (
    body.phone_number !== undefined &&
    body.phone_number !== null &&
    body.phone_number !== user.phone_number
  ) {
    const other = state.db.users.findBy(tenant.id, 'phone_number', body.phone_number)
    const taken = other !== undefined && other.id !== user.id
    if (taken)
      throw new ApiError(409, 'conflict', 'This phone number belongs to another user of this tenant.', [
        { field: 'phone_number', code: 'taken', message: 'Use another number.' },
      ])
  }
  const changed: string[] = []
  if (body.name !== undefined) {
    user.name = body.name
    changed.push('name')
  }
  if (body.phone_number !== undefined && body.phone_number !== user.phone_number) {
    user.phone_number = body.phone_number
    user.phone_verified = false
    state.db.users.set(user.id, user) // re-index the phone number
    changed.push('phone_number')
  }
  if (body.public_metadata !== undefined) {
    user.public_metadata = { ...body.public_metadata }
    changed.push('public_metadata')
  }
  if (body.password !== undefined) {
    pushPasswordHash(tenant, user, await hashPassword(body.password))
    changed.push('password')
    const keep = ctx.auth.kind === 'access' ? ctx.auth.claims.sid : undefined
    await revokeUserSessions(state, user.id, 'password_changed', keep)
  }
  user.updated_at = state.clock.now()
  recordAudit(state, {
    tenant_id: tenant.id,
    actor: ctx.actor,
    action: 'user.updated',
    resource: { type: 'user', id: user.id },
    ip_address: ctx.facts.ip_address,
    user_agent: ctx.facts.user_agent,
    metadata: { fields: changed, via: 'me' },
  })
  await emitEvent(state, tenant.id, 'user.updated', { object: serializeUser(state, user) })
  return { status: 200, body: serializeUser(state, user, 'self') }
})

const listMySessions = defineRoute('get', '/v1/me/sessions', (ctx) => {
  const { user } = signedIn(ctx.auth)
  const params = parseListParams(ctx.query, ['created_at', 'last_active_at'])
  const now = ctx.state.clock.now()
  let items = [...ctx.state.db.sessions.values()].filter(
    (s) => s.user_id === user.id && s.status === 'active' && s.expires_at > now,
  )
  if (params.q) {
    const q = params.q.toLowerCase()
    items = items.filter(
      (s) => (s.user_agent ?? '').toLowerCase().includes(q) || (s.ip_address ?? '').includes(q),
    )
  }
  const page = paginate(
    items,
    params,
    { created_at: (s) => s.created_at, last_active_at: (s) => s.last_active_at },
    (s) => s.id,
  )
  const current = ctx.auth.kind === 'access' ? ctx.auth.claims.sid : undefined
  return {
    status: 200,
    body: { data: page.data.map((s) => serializeSession(s, s.id === current)), pagination: page.pagination },
  }
})

const revokeMySession = defineRoute('delete', '/v1/me/sessions/{sessionId}', async (ctx) => {
  const { user } = signedIn(ctx.auth)
  const session = ctx.state.db.sessions.get(ctx.params.sessionId)
  if (!session || session.user_id !== user.id)
    throw new ApiError(404, 'session_not_found', `You have no session ${ctx.params.sessionId}.`)
  if (session.status === 'active') {
    await revokeSession(ctx.state, session, 'user_revoked')
    recordAudit(ctx.state, {
      tenant_id: session.tenant_id,
      actor: ctx.actor,
      action: 'session.revoked',
      resource: { type: 'session', id: session.id },
      ip_address: ctx.facts.ip_address,
      user_agent: ctx.facts.user_agent,
      metadata: { via: 'me' },
    })
  }
  return { status: 204 }
})

const listMyOrganizations = defineRoute('get', '/v1/me/organizations', (ctx) => {
  const { user } = signedIn(ctx.auth)
  const params = parseListParams(ctx.query, ['created_at', 'name'])
  let items = ctx.state.db.members
    .filter((m) => m.user_id === user.id)
    .map((m) => ({ member: m, org: ctx.state.db.organizations.get(m.org_id) }))
    .filter((x): x is { member: MemberRecord; org: OrganizationRecord } => x.org !== undefined)
  if (params.q) {
    const q = params.q.toLowerCase()
    items = items.filter((x) => x.org.name.toLowerCase().includes(q) || x.org.slug.includes(q))
  }
  const page = paginate(
    items,
    params,
    { created_at: (x) => x.member.created_at, name: (x) => x.org.name.toLowerCase() },
    (x) => x.org.id,
  )
  const active = ctx.auth.kind === 'access' ? (ctx.auth.session?.org_id ?? ctx.auth.claims.org_id) : null
  return {
    status: 200,
    body: {
      data: page.data.map((x) => ({
        organization: serializeOrganization(ctx.state, x.org, 'member'),
        role: x.member.role,
        active: x.org.id === active,
      })),
      pagination: page.pagination,
    },
  }
})

const createMyOrganization = defineRoute('post', '/v1/me/organizations', async (ctx) => {
  const { user, tenant } = signedIn(ctx.auth)
  const body = ctx.body
  const state = ctx.state
  if (body.owner_id !== undefined) {
    throw new ApiError(
      422,
      'validation_failed',
      'owner_id is only accepted with a secret key; you become the owner.',
      [
        {
          field: 'owner_id',
          code: 'not_allowed',
          message: 'Drop owner_id: the signed-in user owns the new organization.',
        },
      ],
    )
  }
  const slug = body.slug ?? slugify(body.name)
  if ([...state.db.organizations.values()].some((o) => o.tenant_id === tenant.id && o.slug === slug)) {
    throw new ApiError(409, 'conflict', `The slug "${slug}" is taken in this tenant; choose another.`, [
      { field: 'slug', code: 'taken', message: 'Choose another slug.' },
    ])
  }
  const now = state.clock.now()
  const org: OrganizationRecord = {
    id: newId('org', now),
    tenant_id: tenant.id,
    name: body.name,
    slug,
    public_metadata: { ...(body.public_metadata ?? {}) },
    private_metadata: { ...(body.private_metadata ?? {}) },
    settings: {
      mfa_required: body.settings?.mfa_required ?? false,
      allowed_email_domains: [...(body.settings?.allowed_email_domains ?? [])],
    },
    created_at: now,
    updated_at: now,
  }
  state.db.organizations.set(org.id, org)
  const member: MemberRecord = {
    tenant_id: tenant.id,
    org_id: org.id,
    user_id: user.id,
    role: 'owner',
    created_at: now,
    updated_at: now,
  }
  state.db.members.push(member)
  recordAudit(state, {
    tenant_id: tenant.id,
    actor: ctx.actor,
    action: 'organization.created',
    resource: { type: 'organization', id: org.id },
    ip_address: ctx.facts.ip_address,
    user_agent: ctx.facts.user_agent,
    metadata: { via: 'me' },
  })
  const view = serializeOrganization(state, org, 'member')
  await emitEvent(state, tenant.id, 'organization.created', { object: serializeOrganization(state, org) })
  await emitEvent(state, tenant.id, 'organization.member_added', { object: serializeMember(state, member) })
  return { status: 201, body: view }
})

const listMyOrganizationMembers = defineRoute('get', '/v1/me/organizations/{orgId}/members', (ctx) => {
  const { user } = signedIn(ctx.auth)
  const { org } = membershipOf(ctx.state, user, ctx.params.orgId)
  const params = parseListParams(ctx.query, ['created_at', 'email', 'role'])
  let items = ctx.state.db.members
    .filter((m) => m.org_id === org.id)
    .map((m) => ({ m, u: ctx.state.db.users.get(m.user_id) }))
    .filter((x): x is { m: MemberRecord; u: UserRecord } => x.u !== undefined)
  if (params.q) {
    const q = params.q.toLowerCase()
    items = items.filter((x) => x.u.email.includes(q) || (x.u.name ?? '').toLowerCase().includes(q))
  }
  const page = paginate(
    items,
    params,
    { created_at: (x) => x.m.created_at, email: (x) => x.u.email, role: (x) => x.m.role },
    (x) => x.u.id,
  )
  return {
    status: 200,
    body: {
      data: page.data.map((x) => serializeMember(ctx.state, x.m)),
      pagination: page.pagination,
    },
  }
})

const inviteToMyOrganization = defineRoute(
  'post',
  '/v1/me/organizations/{orgId}/invitations',
  async (ctx) => {
    const { user, tenant } = signedIn(ctx.auth)
    const state = ctx.state
    const { org, member } = membershipOf(state, user, ctx.params.orgId)
    const role = ctx.body.role ?? 'member'
    if (member.role === 'member')
      throw new ApiError(403, 'forbidden', 'Only owners and admins of the organization can invite.')
    if (role === 'owner' && member.role !== 'owner')
      throw new ApiError(403, 'forbidden', 'Only owners can invite owners.')
    const email = ctx.body.email.trim().toLowerCase()
    const domains = org.settings.allowed_email_domains
    if (
      domains.length > 0 &&
      !domains.map((d) => d.toLowerCase()).includes(email.slice(email.lastIndexOf('@') + 1))
    ) {
      throw new ApiError(
        403,
        'email_domain_not_allowed',
        `This organization only invites addresses at: ${domains.join(', ')}.`,
      )
    }
    const now = state.clock.now()
    const existing = state.db.users.findBy(tenant.id, 'email', email)
    if (existing && state.db.members.some((m) => m.org_id === org.id && m.user_id === existing.id)) {
      throw new ApiError(409, 'conflict', `${email} is already a member of this organization.`)
    }
    if (
      [...state.db.invitations.values()].some(
        (i) => i.org_id === org.id && i.email === email && i.status === 'pending' && i.expires_at > now,
      )
    ) {
      throw new ApiError(409, 'conflict', `${email} already has a pending invitation to this organization.`)
    }
    const inv: InvitationRecord = {
      id: newId('inv', now),
      tenant_id: tenant.id,
      org_id: org.id,
      email,
      role,
      status: 'pending',
      token: randomToken('inv', 32),
      inviter: { type: 'user', id: user.id },
      created_at: now,
      expires_at: now + (ctx.body.expires_in ?? 604_800) * 1000,
      accepted_at: null,
    }
    state.db.invitations.set(inv.id, inv)
    const url = new URL(ctx.body.redirect_url ?? `${ctx.facts.issuer}/accept-invitation`)
    url.searchParams.set('token', inv.token)
    state.outbox.send(
      {
        tenant_id: tenant.id,
        channel: 'email',
        kind: 'invitation',
        to: email,
        subject: `You are invited to ${org.name}`,
        body: `${user.name ?? user.email} invited you to join ${org.name} as ${role}. Accept: ${url.toString()}`,
        link: url.toString(),
        token: inv.token,
      },
      now,
    )
    recordAudit(state, {
      tenant_id: tenant.id,
      actor: ctx.actor,
      action: 'invitation.created',
      resource: { type: 'invitation', id: inv.id },
      ip_address: ctx.facts.ip_address,
      user_agent: ctx.facts.user_agent,
      metadata: { organization_id: org.id, role },
    })
    const view = serializeInvitation(inv, now)
    await emitEvent(state, tenant.id, 'invitation.created', { object: view })
    return { status: 201, body: view }
  },
)

const switchOrganization = defineRoute('post', '/v1/me/active-organization', async (ctx) => {
  const { user, tenant, session } = liveSession(ctx)
  const state = ctx.state
  const target = ctx.body.organization_id
  let orgId: string | null = null
  if (target !== null) {
    const { org } = membershipOf(state, user, target)
    orgId = org.id
    if (org.settings.mfa_required && !session.mfa_verified) {
      if (activeFactors(state, user.id).length > 0) {
        const challenge = createChallengeRecord(state, {
          tenant,
          user,
          kind: 'step_up',
          azp: session.azp,
          org_id: org.id,
          method: session.method,
          session_id: session.id,
        })
        return { status: 200, body: mfaRequiredResult(state, challenge) }
      }
      const token = randomToken('enr', 32)
      state.db.enrollmentTokens.set(token, {
        tenant_id: tenant.id,
        user_id: user.id,
        azp: session.azp,
        org_id: org.id,
        expires_at: state.clock.now() + ENROLLMENT_TOKEN_TTL_MS,
      })
      return {
        status: 200,
        body: {
          status: 'mfa_enrollment_required' as const,
          enrollment_token: token,
          allowed_methods: tenant.auth_config.mfa_methods.filter((m) => m !== 'backup_codes'),
        },
      }
    }
  }
  session.org_id = orgId
  const tokens = await issueTokens(state, session, ctx.facts.issuer)
  recordAudit(state, {
    tenant_id: tenant.id,
    actor: ctx.actor,
    action: 'session.organization_switched',
    resource: { type: 'session', id: session.id },
    ip_address: ctx.facts.ip_address,
    user_agent: ctx.facts.user_agent,
    metadata: { org_id: orgId },
  })
  return { status: 200, body: completeResult(state, user, session, tokens) }
})

/**
 * The Me family: the signed-in user, their sessions and organizations, and switching the active organization.
 *
 * @example
 * ```ts
 * import { meRoutes } from './handlers/me'
 * meRoutes.length // 9
 * ```
 */
export const meRoutes: Route[] = [
  getMe,
  updateMe,
  listMySessions,
  revokeMySession,
  listMyOrganizations,
  createMyOrganization,
  listMyOrganizationMembers,
  inviteToMyOrganization,
  switchOrganization,
]
