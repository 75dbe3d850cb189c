import { requestInit, unwrap, unwrapVoid } from './call'
import { requireObject, requireString, type AdminContext } from './context'
import { PageRequest } from './page-request'
import type {
  AddMemberParams,
  AdminOrganization,
  CreateInvitationParams,
  CreateOrganizationParams,
  InvitationList,
  ListInvitationsParams,
  ListMembersParams,
  ListOrganizationsParams,
  MemberList,
  OrganizationInvitation,
  OrganizationList,
  OrganizationMember,
  RequestOptions,
  UpdateMemberParams,
  UpdateOrganizationParams,
} from './types'

/**
 * `hj.organizations.members`: who belongs to an organization, with which role (`owner` | `admin` | `member`).
 *
 * @example
 * ```ts
 * await hj.organizations.members.add(orgId, { user_id: userId, role: 'admin' })
 * ```
 */
export interface OrganizationMembersApi {
  /** A page of members (`await`), or all (`for await`). */
  list(
    orgId: string,
    params?: ListMembersParams,
    options?: RequestOptions,
  ): PageRequest<OrganizationMember, MemberList>
  /** Adds an existing user (409 `conflict` if already a member). */
  add(orgId: string, params: AddMemberParams, options?: RequestOptions): Promise<OrganizationMember>
  /** Changes a member's role. */
  update(
    orgId: string,
    userId: string,
    params: UpdateMemberParams,
    options?: RequestOptions,
  ): Promise<OrganizationMember>
  /** Removes a member (409 when removing the last owner). */
  remove(orgId: string, userId: string, options?: RequestOptions): Promise<void>
}

/**
 * `hj.organizations.invitations` (also `hj.invitations`): invitations by email, accepted by the invitee with the
 * token they receive.
 *
 * @example
 * ```ts
 * const invitation = await hj.organizations.invitations.create(orgId, { email: 'carol@example.com', role: 'member' })
 * ```
 */
export interface OrganizationInvitationsApi {
  /** A page of invitations (`await`), or all (`for await`). Filter: `status`. */
  list(
    orgId: string,
    params?: ListInvitationsParams,
    options?: RequestOptions,
  ): PageRequest<OrganizationInvitation, InvitationList>
  /** Invites someone by email (the invitation email is sent). */
  create(
    orgId: string,
    params: CreateInvitationParams,
    options?: RequestOptions,
  ): Promise<OrganizationInvitation>
  /** Revokes a pending invitation; its token stops working. */
  revoke(orgId: string, invitationId: string, options?: RequestOptions): Promise<void>
}

/**
 * `hj.organizations`: the tenant's organizations (`/v1/organizations`). `orgId` may be the id or the slug.
 *
 * @example
 * ```ts
 * const org = await hj.organizations.create({ name: 'Acme', slug: 'acme' })
 * for await (const m of hj.organizations.members.list(org.id)) console.log(m.user_id, m.role)
 * ```
 */
export interface OrganizationsApi {
  /** A page of organizations (`await`), or all (`for await`). */
  list(
    params?: ListOrganizationsParams,
    options?: RequestOptions,
  ): PageRequest<AdminOrganization, OrganizationList>
  /** Creates an organization (slug unique per tenant: 409 `conflict`). */
  create(params: CreateOrganizationParams, options?: RequestOptions): Promise<AdminOrganization>
  /** One organization by id or slug. */
  get(orgId: string, options?: RequestOptions): Promise<AdminOrganization>
  /** Partial update (name, slug, settings such as `mfa_required`, metadata). */
  update(
    orgId: string,
    params: UpdateOrganizationParams,
    options?: RequestOptions,
  ): Promise<AdminOrganization>
  /** Deletes an organization with its memberships and invitations. */
  delete(orgId: string, options?: RequestOptions): Promise<void>
  readonly members: OrganizationMembersApi
  readonly invitations: OrganizationInvitationsApi
}

const org = (orgId: string, method: string) => requireString(orgId, 'the organization id or slug', method)

/** Builds `hj.organizations.invitations`. */
export function createInvitationsApi({ api }: AdminContext): OrganizationInvitationsApi {
  return {
    list(orgId, params = {}, options) {
      org(orgId, 'invitations.list()')
      return new PageRequest(
        (cursor) =>
          api.GET('/v1/organizations/{orgId}/invitations', {
            params: { path: { orgId }, query: { ...params, cursor } },
            ...requestInit(options),
          }),
        params.cursor,
      )
    },
    async create(orgId, params, options) {
      org(orgId, 'invitations.create()')
      requireObject(params, 'the invitation ({ email, role? })', 'invitations.create()')
      return unwrap(
        api.POST('/v1/organizations/{orgId}/invitations', {
          params: { path: { orgId } },
          body: params,
          ...requestInit(options, true),
        }),
      )
    },
    async revoke(orgId, invitationId, options) {
      org(orgId, 'invitations.revoke()')
      requireString(invitationId, 'the invitation id (inv_…)', 'invitations.revoke()')
      return unwrapVoid(
        api.DELETE('/v1/organizations/{orgId}/invitations/{invitationId}', {
          params: { path: { orgId, invitationId } },
          ...requestInit(options),
        }),
      )
    },
  }
}

/** Builds `hj.organizations`. */
export function createOrganizationsApi(
  ctx: AdminContext,
  invitations: OrganizationInvitationsApi,
): OrganizationsApi {
  const { api } = ctx
  const members: OrganizationMembersApi = {
    list(orgId, params = {}, options) {
      org(orgId, 'members.list()')
      return new PageRequest(
        (cursor) =>
          api.GET('/v1/organizations/{orgId}/members', {
            params: { path: { orgId }, query: { ...params, cursor } },
            ...requestInit(options),
          }),
        params.cursor,
      )
    },
    async add(orgId, params, options) {
      org(orgId, 'members.add()')
      requireObject(params, 'the membership ({ user_id, role? })', 'members.add()')
      return unwrap(
        api.POST('/v1/organizations/{orgId}/members', {
          params: { path: { orgId } },
          body: params,
          ...requestInit(options, true),
        }),
      )
    },
    async update(orgId, userId, params, options) {
      org(orgId, 'members.update()')
      requireString(userId, 'the user id (usr_…)', 'members.update()')
      requireObject(params, 'the change ({ role })', 'members.update()')
      return unwrap(
        api.PATCH('/v1/organizations/{orgId}/members/{userId}', {
          params: { path: { orgId, userId } },
          body: params,
          ...requestInit(options),
        }),
      )
    },
    async remove(orgId, userId, options) {
      org(orgId, 'members.remove()')
      requireString(userId, 'the user id (usr_…)', 'members.remove()')
      return unwrapVoid(
        api.DELETE('/v1/organizations/{orgId}/members/{userId}', {
          params: { path: { orgId, userId } },
          ...requestInit(options),
        }),
      )
    },
  }
  return {
    list(params = {}, options) {
      return new PageRequest(
        (cursor) =>
          api.GET('/v1/organizations', { params: { query: { ...params, cursor } }, ...requestInit(options) }),
        params.cursor,
      )
    },
    async create(params, options) {
      requireObject(params, 'the new organization ({ name, slug? })', 'organizations.create()')
      return unwrap(api.POST('/v1/organizations', { body: params, ...requestInit(options, true) }))
    },
    async get(orgId, options) {
      org(orgId, 'organizations.get()')
      return unwrap(
        api.GET('/v1/organizations/{orgId}', { params: { path: { orgId } }, ...requestInit(options) }),
      )
    },
    async update(orgId, params, options) {
      org(orgId, 'organizations.update()')
      requireObject(params, 'the fields to change', 'organizations.update()')
      return unwrap(
        api.PATCH('/v1/organizations/{orgId}', {
          params: { path: { orgId } },
          body: params,
          ...requestInit(options),
        }),
      )
    },
    async delete(orgId, options) {
      org(orgId, 'organizations.delete()')
      return unwrapVoid(
        api.DELETE('/v1/organizations/{orgId}', { params: { path: { orgId } }, ...requestInit(options) }),
      )
    },
    members,
    invitations,
  }
}
