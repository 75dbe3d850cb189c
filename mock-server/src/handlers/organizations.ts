import { ApiError } from '../engine/errors'
import { newId, randomToken } from '../engine/ids'
import type { InvitationRecord, MemberRecord, OrganizationRecord } from '../engine/records'
import { serializeInvitation, serializeMember, serializeOrganization } from '../engine/serialize'
import type { MockState } from '../engine/state'
import { defineRoute } from '../http/route'
import type { AnyRouteContext, Route } from '../http/route'
import {
  audit,
  conflict,
  emit,
  findOrganization,
  findUser,
  list,
  slugify,
  tenantOf,
  textMatch,
} from './common'

type Role = MemberRecord['role']

const DEFAULT_INVITATION_TTL_S = 7 * 24 * 3600

function assertSlugFree(state: MockState, tenantId: string, slug: string, exceptId?: string): void {
  for (const o of state.db.organizations.values()) {
    if (o.tenant_id === tenantId && o.slug === slug && o.id !== exceptId)
      throw conflict('slug', `The slug "${slug}" is taken by another organization of this tenant.`)
  }
}

function findMember(state: MockState, org: OrganizationRecord, userId: string): MemberRecord {
  const m = state.db.members.find((x) => x.org_id === org.id && x.user_id === userId)
  if (!m) throw new ApiError(404, 'member_not_found', `User ${userId} is not a member of ${org.slug}.`)
  return m
}

function ownerCount(state: MockState, orgId: string): number {
  return state.db.members.filter((m) => m.org_id === orgId && m.role === 'owner').length
}

/**
 * Adds a membership (409 when the user already is a member) and emits `organization.member_added`.
 */
export async function addMembership(
  ctx: AnyRouteContext,
  org: OrganizationRecord,
  userId: string,
  role: Role,
): Promise<MemberRecord> {
  if (ctx.state.db.members.some((m) => m.org_id === org.id && m.user_id === userId))
    throw conflict('user_id', 'The user is already a member of this organization.')
  const now = ctx.state.clock.now()
  const member: MemberRecord = {
    tenant_id: org.tenant_id,
    org_id: org.id,
    user_id: userId,
    role,
    created_at: now,
    updated_at: now,
  }
  ctx.state.db.members.push(member)
  org.updated_at = now
  await emit(ctx, 'organization.member_added', serializeMember(ctx.state, member), {}, org.tenant_id)
  return member
}

/**
 * Creates an invitation, emails its token and emits `invitation.created` (used by the admin and /v1/me
 * endpoints).
 */
export async function createInvitation(
  ctx: AnyRouteContext,
  org: OrganizationRecord,
  input: { email: string; role?: Role; expires_in?: number; redirect_url?: string },
  inviter: { type: string; id: string } | null,
): Promise<InvitationRecord> {
  const state = ctx.state
  const email = input.email.toLowerCase()
  const domains = org.settings.allowed_email_domains
  const domain = email.split('@')[1] ?? ''
  if (domains.length > 0 && !domains.includes(domain)) {
    throw new ApiError(
      422,
      'validation_failed',
      `This organization only invites emails of: ${domains.join(', ')}.`,
      [{ field: 'email', code: 'domain_not_allowed', message: `Use an address at ${domains.join(' or ')}.` }],
    )
  }
  const existingUser = state.db.users.findBy(org.tenant_id, 'email', email)
  if (existingUser && state.db.members.some((m) => m.org_id === org.id && m.user_id === existingUser.id))
    throw conflict('email', 'This email already belongs to a member of the organization.')
  const now = state.clock.now()
  for (const i of state.db.invitations.values()) {
    if (i.org_id === org.id && i.email === email && i.status === 'pending' && i.expires_at > now)
      throw conflict('email', 'This email already has a pending invitation to the organization.')
  }
  const inv: InvitationRecord = {
    id: newId('inv', now),
    tenant_id: org.tenant_id,
    org_id: org.id,
    email,
    role: input.role ?? 'member',
    status: 'pending',
    token: randomToken('inv_tok', 24),
    inviter,
    created_at: now,
    expires_at: now + (input.expires_in ?? DEFAULT_INVITATION_TTL_S) * 1000,
    accepted_at: null,
  }
  state.db.invitations.set(inv.id, inv)
  const link = input.redirect_url
    ? `${input.redirect_url}${input.redirect_url.includes('?') ? '&' : '?'}token=${encodeURIComponent(inv.token)}`
    : undefined
  state.outbox.send(
    {
      tenant_id: org.tenant_id,
      channel: 'email',
      kind: 'invitation',
      to: email,
      subject: `You are invited to join ${org.name}`,
      body: `You have been invited to join ${org.name} as ${inv.role}.${link ? ` Accept: ${link}` : ` Your invitation token: ${inv.token}`}`,
      token: inv.token,
      ...(link ? { link } : {}),
    },
    now,
  )
  await emit(ctx, 'invitation.created', serializeInvitation(inv, now), {}, org.tenant_id)
  return inv
}

function findInvitation(
  ctx: AnyRouteContext,
  org: OrganizationRecord,
  invitationId: string,
): InvitationRecord {
  const inv = ctx.state.db.invitations.get(invitationId)
  if (!inv || inv.org_id !== org.id)
    throw new ApiError(404, 'invitation_not_found', `No invitation ${invitationId} in ${org.slug}.`)
  return inv
}

/** Organizations, members and invitations (secret key), and POST /v1/invitations/accept (access token). */
export const organizationsRoutes: Route[] = [
  defineRoute('get', '/v1/organizations', (ctx) => {
    const tenant = tenantOf(ctx)
    const items = [...ctx.state.db.organizations.values()].filter((o) => o.tenant_id === tenant.id)
    const page = list(
      ctx,
      items,
      { created_at: (o) => o.created_at, name: (o) => o.name.toLowerCase(), slug: (o) => o.slug },
      (o) => o.id,
      (o) => serializeOrganization(ctx.state, o),
      (o, q) => textMatch(q, o.name, o.slug),
    )
    return { status: 200, body: page }
  }),

  defineRoute('post', '/v1/organizations', async (ctx) => {
    const tenant = tenantOf(ctx)
    const b = ctx.body
    const slug = b.slug ?? slugify(b.name)
    assertSlugFree(ctx.state, tenant.id, slug)
    const owner = b.owner_id !== undefined ? findUser(ctx, b.owner_id) : undefined
    const now = ctx.state.clock.now()
    const org: OrganizationRecord = {
      id: newId('org', now),
      tenant_id: tenant.id,
      name: b.name,
      slug,
      public_metadata: { ...(b.public_metadata ?? {}) },
      private_metadata: { ...(b.private_metadata ?? {}) },
      settings: {
        mfa_required: b.settings?.mfa_required ?? false,
        allowed_email_domains: [...(b.settings?.allowed_email_domains ?? [])],
      },
      created_at: now,
      updated_at: now,
    }
    ctx.state.db.organizations.set(org.id, org)
    audit(ctx, 'organization.created', { type: 'organization', id: org.id })
    await emit(ctx, 'organization.created', serializeOrganization(ctx.state, org))
    if (owner) await addMembership(ctx, org, owner.id, 'owner')
    return { status: 201, body: serializeOrganization(ctx.state, org) }
  }),

  defineRoute('get', '/v1/organizations/{orgId}', (ctx) => ({
    status: 200,
    body: serializeOrganization(ctx.state, findOrganization(ctx, ctx.params.orgId)),
  })),

  defineRoute('patch', '/v1/organizations/{orgId}', async (ctx) => {
    const org = findOrganization(ctx, ctx.params.orgId)
    const b = ctx.body
    if (b.slug !== undefined) assertSlugFree(ctx.state, org.tenant_id, b.slug, org.id)
    if (b.name !== undefined) org.name = b.name
    if (b.slug !== undefined) org.slug = b.slug
    if (b.public_metadata !== undefined) org.public_metadata = { ...b.public_metadata }
    if (b.private_metadata !== undefined) org.private_metadata = { ...b.private_metadata }
    if (b.settings !== undefined) {
      if (b.settings.mfa_required !== undefined) org.settings.mfa_required = b.settings.mfa_required
      if (b.settings.allowed_email_domains !== undefined)
        org.settings.allowed_email_domains = [...b.settings.allowed_email_domains]
    }
    org.updated_at = ctx.state.clock.now()
    const body = serializeOrganization(ctx.state, org)
    audit(ctx, 'organization.updated', { type: 'organization', id: org.id }, { fields: Object.keys(b) })
    await emit(ctx, 'organization.updated', body)
    return { status: 200, body }
  }),

  defineRoute('delete', '/v1/organizations/{orgId}', async (ctx) => {
    const org = findOrganization(ctx, ctx.params.orgId)
    const body = serializeOrganization(ctx.state, org)
    ctx.state.db.members = ctx.state.db.members.filter((m) => m.org_id !== org.id)
    for (const [id, inv] of ctx.state.db.invitations)
      if (inv.org_id === org.id) ctx.state.db.invitations.delete(id)
    for (const s of ctx.state.db.sessions.values()) if (s.org_id === org.id) s.org_id = null
    ctx.state.db.organizations.delete(org.id)
    audit(ctx, 'organization.deleted', { type: 'organization', id: org.id }, { slug: org.slug })
    await emit(ctx, 'organization.deleted', body)
    return { status: 204 }
  }),

  defineRoute('get', '/v1/organizations/{orgId}/members', (ctx) => {
    const org = findOrganization(ctx, ctx.params.orgId)
    const items = ctx.state.db.members.filter((m) => m.org_id === org.id)
    const roleRank: Record<Role, number> = { owner: 0, admin: 1, member: 2 }
    const page = list(
      ctx,
      items,
      { created_at: (m) => m.created_at, role: (m) => roleRank[m.role] },
      (m) => `${m.org_id}:${m.user_id}`,
      (m) => serializeMember(ctx.state, m),
      (m, q) => {
        const u = ctx.state.db.users.get(m.user_id)
        return textMatch(q, u?.email, u?.name)
      },
    )
    return { status: 200, body: page }
  }),

  defineRoute('post', '/v1/organizations/{orgId}/members', async (ctx) => {
    const org = findOrganization(ctx, ctx.params.orgId)
    const user = findUser(ctx, ctx.body.user_id)
    const member = await addMembership(ctx, org, user.id, ctx.body.role)
    audit(
      ctx,
      'organization.member_added',
      { type: 'organization', id: org.id },
      { user_id: user.id, role: member.role },
    )
    return { status: 201, body: serializeMember(ctx.state, member) }
  }),

  defineRoute('patch', '/v1/organizations/{orgId}/members/{userId}', (ctx) => {
    const org = findOrganization(ctx, ctx.params.orgId)
    const member = findMember(ctx.state, org, ctx.params.userId)
    if (member.role === 'owner' && ctx.body.role !== 'owner' && ownerCount(ctx.state, org.id) <= 1) {
      throw conflict('role', 'The last owner cannot be demoted; make another member owner first.')
    }
    const from = member.role
    member.role = ctx.body.role
    member.updated_at = ctx.state.clock.now()
    audit(
      ctx,
      'organization.member_updated',
      { type: 'organization', id: org.id },
      { user_id: member.user_id, from, to: member.role },
    )
    return { status: 200, body: serializeMember(ctx.state, member) }
  }),

  defineRoute('delete', '/v1/organizations/{orgId}/members/{userId}', async (ctx) => {
    const org = findOrganization(ctx, ctx.params.orgId)
    const member = findMember(ctx.state, org, ctx.params.userId)
    if (member.role === 'owner' && ownerCount(ctx.state, org.id) <= 1)
      throw conflict('user_id', 'The last owner cannot be removed; make another member owner first.')
    const body = serializeMember(ctx.state, member)
    ctx.state.db.members = ctx.state.db.members.filter((m) => m !== member)
    for (const s of ctx.state.db.sessions.values())
      if (s.org_id === org.id && s.user_id === member.user_id) s.org_id = null
    audit(
      ctx,
      'organization.member_removed',
      { type: 'organization', id: org.id },
      { user_id: member.user_id },
    )
    await emit(ctx, 'organization.member_removed', body)
    return { status: 204 }
  }),

  defineRoute('get', '/v1/organizations/{orgId}/invitations', (ctx) => {
    const org = findOrganization(ctx, ctx.params.orgId)
    const now = ctx.state.clock.now()
    const status = ctx.query.get('status')
    const items = [...ctx.state.db.invitations.values()].filter(
      (i) => i.org_id === org.id && (status === null || serializeInvitation(i, now).status === status),
    )
    const page = list(
      ctx,
      items,
      { created_at: (i) => i.created_at, expires_at: (i) => i.expires_at, email: (i) => i.email },
      (i) => i.id,
      (i) => serializeInvitation(i, now),
      (i, q) => textMatch(q, i.email),
    )
    return { status: 200, body: page }
  }),

  defineRoute('post', '/v1/organizations/{orgId}/invitations', async (ctx) => {
    const org = findOrganization(ctx, ctx.params.orgId)
    const b = ctx.body
    const inv = await createInvitation(
      ctx,
      org,
      {
        email: b.email,
        ...(b.role ? { role: b.role } : {}),
        ...(b.expires_in ? { expires_in: b.expires_in } : {}),
        ...(b.redirect_url ? { redirect_url: b.redirect_url } : {}),
      },
      null,
    )
    audit(
      ctx,
      'invitation.created',
      { type: 'invitation', id: inv.id },
      { organization_id: org.id, email: inv.email, role: inv.role },
    )
    return { status: 201, body: serializeInvitation(inv, ctx.state.clock.now()) }
  }),

  defineRoute('delete', '/v1/organizations/{orgId}/invitations/{invitationId}', (ctx) => {
    const org = findOrganization(ctx, ctx.params.orgId)
    const inv = findInvitation(ctx, org, ctx.params.invitationId)
    if (inv.status === 'pending') inv.status = 'revoked'
    audit(ctx, 'invitation.revoked', { type: 'invitation', id: inv.id }, { organization_id: org.id })
    return { status: 204 }
  }),

  defineRoute('post', '/v1/invitations/accept', async (ctx) => {
    if (ctx.auth.kind !== 'access')
      throw new ApiError(
        401,
        'unauthorized',
        'Sign in first: accepting an invitation needs the access token of the invited user.',
      )
    const user = ctx.auth.user
    const now = ctx.state.clock.now()
    const inv = [...ctx.state.db.invitations.values()].find(
      (i) => i.token === ctx.body.token && i.tenant_id === user.tenant_id,
    )
    if (!inv || inv.status === 'accepted' || inv.status === 'revoked')
      throw new ApiError(
        404,
        'invitation_not_found',
        'This invitation does not exist, was already accepted, or was revoked.',
      )
    if (inv.expires_at <= now)
      throw new ApiError(401, 'invitation_expired', 'This invitation has expired; ask for a new one.')
    if (inv.email !== user.email)
      throw new ApiError(
        403,
        'forbidden',
        "This invitation was sent to another email address than the signed-in user's.",
      )
    const org = ctx.state.db.organizations.get(inv.org_id)
    if (!org)
      throw new ApiError(404, 'invitation_not_found', 'The organization of this invitation no longer exists.')
    const member = await addMembership(ctx, org, user.id, inv.role)
    inv.status = 'accepted'
    inv.accepted_at = now
    audit(
      ctx,
      'invitation.accepted',
      { type: 'invitation', id: inv.id },
      { organization_id: org.id, user_id: user.id },
      org.tenant_id,
    )
    await emit(ctx, 'invitation.accepted', serializeInvitation(inv, now), {}, org.tenant_id)
    return {
      status: 200,
      body: {
        organization: serializeOrganization(ctx.state, org, 'member'),
        member: serializeMember(ctx.state, member),
      },
    }
  }),
]
