import * as ex from '../examples.mjs'
import { op, pathParam } from '../op.mjs'

const tag = 'Organizations'
const org = pathParam('orgId', 'org', 'Organization (or its slug)')
const member = pathParam('userId', 'usr', 'Member user')

export const organizationsPaths = {
  '/v1/organizations': {
    get: op('get', {
      id: 'listOrganizations',
      tag,
      auth: 'secret',
      list: true,
      summary: 'List organizations',
      description: '`sort`: `created_at` | `name` | `slug`. `q` searches name and slug.',
      ok: {
        200: {
          description: 'A page of organizations.',
          schema: 'OrganizationList',
          example: { data: [ex.exOrg], pagination: ex.exPagination(1) },
        },
      },
    }),
    post: op('post', {
      id: 'createOrganization',
      tag,
      auth: 'secret',
      summary: 'Create an organization',
      description:
        'The slug is derived from the name when omitted; it must be unique in the tenant (409 `conflict`). With `owner_id`, that user becomes the owner. Emits `organization.created`; audited.',
      body: { schema: 'CreateOrganizationRequest' },
      ok: { 201: { description: 'The organization.', schema: 'Organization' } },
      errors: [409],
    }),
  },
  '/v1/organizations/{orgId}': {
    get: op('get', {
      id: 'getOrganization',
      tag,
      auth: 'secret',
      params: [org],
      summary: 'Get an organization',
      description: 'By id or slug.',
      ok: { 200: { description: 'The organization.', schema: 'Organization' } },
    }),
    patch: op('patch', {
      id: 'updateOrganization',
      tag,
      auth: 'secret',
      params: [org],
      summary: 'Update an organization',
      description:
        'Partial update, including `settings.mfa_required` (members must then complete MFA when this organization is active). Emits `organization.updated`; audited.',
      body: { schema: 'UpdateOrganizationRequest' },
      ok: {
        200: {
          description: 'The organization.',
          schema: 'Organization',
          example: { ...ex.exOrg, settings: { mfa_required: true, allowed_email_domains: [] } },
        },
      },
      errors: [409],
    }),
    delete: op('delete', {
      id: 'deleteOrganization',
      tag,
      auth: 'secret',
      params: [org],
      summary: 'Delete an organization',
      description: 'Deletes it with its memberships and invitations. Emits `organization.deleted`; audited.',
      ok: { 204: { description: 'Deleted.' } },
    }),
  },
  '/v1/organizations/{orgId}/members': {
    get: op('get', {
      id: 'listMembers',
      tag,
      auth: 'secret',
      list: true,
      params: [org],
      summary: 'List members',
      description: '`sort`: `created_at` | `role`. `q` searches member email and name.',
      ok: {
        200: {
          description: 'A page of members.',
          schema: 'MemberList',
          example: { data: [ex.exMember], pagination: ex.exPagination(1) },
        },
      },
    }),
    post: op('post', {
      id: 'addMember',
      tag,
      auth: 'secret',
      params: [org],
      summary: 'Add a member',
      description:
        'Adds a user of the tenant. 409 `conflict` when already a member. Emits `organization.member_added`; audited.',
      body: { schema: 'AddMemberRequest' },
      ok: {
        201: {
          description: 'The membership.',
          schema: 'Member',
          example: { ...ex.exMember, role: 'member' },
        },
      },
      errors: [409],
    }),
  },
  '/v1/organizations/{orgId}/members/{userId}': {
    patch: op('patch', {
      id: 'updateMember',
      tag,
      auth: 'secret',
      params: [org, member],
      summary: "Change a member's role",
      description: 'The last owner cannot be demoted (409 `conflict`). Audited.',
      body: { schema: 'UpdateMemberRequest' },
      ok: { 200: { description: 'The membership.', schema: 'Member' } },
      errors: [409],
    }),
    delete: op('delete', {
      id: 'removeMember',
      tag,
      auth: 'secret',
      params: [org, member],
      summary: 'Remove a member',
      description:
        'The last owner cannot be removed (409 `conflict`). Emits `organization.member_removed`; audited.',
      ok: { 204: { description: 'Removed.' } },
      errors: [409],
    }),
  },
  '/v1/organizations/{orgId}/invitations': {
    get: op('get', {
      id: 'listInvitations',
      tag,
      auth: 'secret',
      list: true,
      params: [
        org,
        {
          name: 'status',
          in: 'query',
          required: false,
          description: 'Invitation status.',
          schema: { type: 'string', enum: ['pending', 'accepted', 'revoked', 'expired'] },
          example: 'pending',
        },
      ],
      summary: 'List invitations',
      description: 'Invitations of the organization.',
      ok: {
        200: {
          description: 'A page of invitations.',
          schema: 'InvitationList',
          example: { data: [ex.exInvitation], pagination: ex.exPagination(1) },
        },
      },
    }),
    post: op('post', {
      id: 'createInvitation',
      tag,
      auth: 'secret',
      params: [org],
      summary: 'Invite by email',
      description:
        'Emails a time-limited token (default 7 days). 409 `conflict` when the email is already a member or has a pending invitation. Emits `invitation.created`; audited.',
      body: { schema: 'CreateInvitationRequest' },
      ok: { 201: { description: 'The invitation.', schema: 'Invitation' } },
      errors: [409],
    }),
  },
  '/v1/organizations/{orgId}/invitations/{invitationId}': {
    delete: op('delete', {
      id: 'revokeInvitation',
      tag,
      auth: 'secret',
      params: [org, pathParam('invitationId', 'inv', 'Invitation')],
      summary: 'Revoke an invitation',
      description: 'Its token stops working. Audited.',
      ok: { 204: { description: 'Revoked.' } },
    }),
  },
  '/v1/invitations/accept': {
    post: op('post', {
      id: 'acceptInvitation',
      tag,
      auth: 'access',
      summary: 'Accept an invitation',
      description:
        "The signed-in user joins the organization with the invited role. The user's email must match the invitation (403 `forbidden`); expired tokens fail with 401 `invitation_expired`, used or revoked ones with 404 `invitation_not_found`. Emits `invitation.accepted` and `organization.member_added`.",
      body: { schema: 'AcceptInvitationRequest' },
      ok: { 200: { description: 'The membership.', schema: 'InvitationAcceptance' } },
      errors: [403, 404, 409],
    }),
  },
}
