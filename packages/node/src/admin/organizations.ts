import type { AdminContext } from './context'
import {
  organizationsInvitationsOperations,
  organizationsMembersOperations,
  organizationsOperations,
  type OrganizationsInvitationsOperations,
  type OrganizationsMembersOperations,
  type OrganizationsOperations,
} from './generated/organizations'

/**
 * `hj.organizations.members`: who belongs to an organization, with which role (`owner` | `admin` | `member`).
 * Generated from the spec.
 *
 * @example
 * ```ts
 * await hj.organizations.members.add(orgId, { user_id: userId, role: 'admin' })
 * ```
 */
export interface OrganizationMembersApi extends OrganizationsMembersOperations {}

/**
 * `hj.organizations.invitations` (also `hj.invitations`): invitations by email, accepted by the invitee with
 * the token they receive. Generated from the spec.
 *
 * @example
 * ```ts
 * const invitation = await hj.organizations.invitations.create(orgId, { email: 'carol@example.com', role: 'member' })
 * ```
 */
export interface OrganizationInvitationsApi extends OrganizationsInvitationsOperations {}

/**
 * `hj.organizations`: the tenant's organizations (`/v1/organizations`). `orgId` may be the id or the slug.
 *
 * @example
 * ```ts
 * const org = await hj.organizations.create({ name: 'Acme', slug: 'acme' })
 * for await (const m of hj.organizations.members.list(org.id)) console.log(m.user_id, m.role)
 * ```
 */
export interface OrganizationsApi extends OrganizationsOperations {
  readonly members: OrganizationMembersApi
  readonly invitations: OrganizationInvitationsApi
}

/** Builds `hj.organizations.invitations`. */
export function createInvitationsApi({ request }: AdminContext): OrganizationInvitationsApi {
  return organizationsInvitationsOperations(request)
}

/** Builds `hj.organizations`. */
export function createOrganizationsApi(
  { request }: AdminContext,
  invitations: OrganizationInvitationsApi,
): OrganizationsApi {
  return {
    ...organizationsOperations(request),
    members: organizationsMembersOperations(request),
    invitations,
  }
}
