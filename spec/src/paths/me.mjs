import * as ex from '../examples.mjs'
import { op, pathParam } from '../op.mjs'

const tag = 'Me'
const org = pathParam('orgId', 'org', 'Organization (or its slug)')

export const mePaths = {
  '/v1/me': {
    get: op('get', {
      id: 'getMe',
      tag,
      auth: 'access',
      summary: 'Get the signed-in user',
      description: 'The user of the access token (without `private_metadata`).',
      ok: {
        200: {
          description: 'The user.',
          schema: 'User',
          example: { ...ex.exUser, private_metadata: undefined },
        },
      },
    }),
    patch: op('patch', {
      id: 'updateMe',
      tag,
      auth: 'access',
      summary: 'Update the signed-in user',
      description:
        'Changes the name, phone number (marked unverified), public metadata or password (with `current_password`; policy and history apply; other sessions are revoked).',
      body: { schema: 'UpdateMeRequest' },
      ok: {
        200: {
          description: 'The updated user.',
          schema: 'User',
          example: { ...ex.exUser, name: 'Alice A. Example', private_metadata: undefined },
        },
      },
      errors: [409],
    }),
  },
  '/v1/me/sessions': {
    get: op('get', {
      id: 'listMySessions',
      tag,
      auth: 'access',
      list: true,
      summary: 'List my sessions',
      description: 'Active sessions of the signed-in user; `current` marks the calling one.',
      ok: {
        200: {
          description: 'A page of sessions.',
          schema: 'SessionList',
          example: { data: [{ ...ex.exSession, current: true }], pagination: ex.exPagination(1) },
        },
      },
    }),
  },
  '/v1/me/sessions/{sessionId}': {
    delete: op('delete', {
      id: 'revokeMySession',
      tag,
      auth: 'access',
      params: [pathParam('sessionId', 'ses', 'Session')],
      summary: 'Revoke one of my sessions',
      description: 'Signs that session out: its refresh token stops working at once.',
      ok: { 204: { description: 'Revoked.' } },
    }),
  },
  '/v1/me/organizations': {
    get: op('get', {
      id: 'listMyOrganizations',
      tag,
      auth: 'access',
      list: true,
      summary: 'List my organizations',
      description:
        'Organizations the user belongs to, with the role in each and which one is active in this session.',
      ok: {
        200: {
          description: 'A page of memberships.',
          schema: 'MembershipList',
          example: {
            data: [
              { organization: { ...ex.exOrg, private_metadata: undefined }, role: 'admin', active: false },
            ],
            pagination: ex.exPagination(1),
          },
        },
      },
    }),
    post: op('post', {
      id: 'createMyOrganization',
      tag,
      auth: 'access',
      summary: 'Create an organization',
      description:
        'Creates an organization with the signed-in user as its owner. 409 `conflict` when the slug is taken.',
      body: { schema: 'CreateOrganizationRequest', example: { name: 'Acme Corp', slug: 'acme-corp' } },
      ok: {
        201: {
          description: 'The organization.',
          schema: 'Organization',
          example: { ...ex.exOrg, members_count: 1, private_metadata: undefined },
        },
      },
      errors: [409],
    }),
  },
  '/v1/me/organizations/{orgId}/members': {
    get: op('get', {
      id: 'listMyOrganizationMembers',
      tag,
      auth: 'access',
      list: true,
      params: [org],
      summary: 'List members of one of my organizations',
      description: 'Any member may list the members. 404 when the user is not a member.',
      ok: {
        200: {
          description: 'A page of members.',
          schema: 'MemberList',
          example: { data: [ex.exMember], pagination: ex.exPagination(1) },
        },
      },
    }),
  },
  '/v1/me/organizations/{orgId}/invitations': {
    post: op('post', {
      id: 'inviteToMyOrganization',
      tag,
      auth: 'access',
      params: [org],
      summary: 'Invite someone to one of my organizations',
      description:
        'Owners and admins may invite (403 `forbidden` otherwise); only owners may invite owners. The email carries a time-limited token for POST /v1/invitations/accept.',
      body: { schema: 'CreateInvitationRequest' },
      ok: { 201: { description: 'The invitation.', schema: 'Invitation' } },
      errors: [403, 409],
    }),
  },
  '/v1/me/active-organization': {
    post: op('post', {
      id: 'switchOrganization',
      tag,
      auth: 'access',
      summary: 'Switch the active organization',
      description:
        'Sets (or clears) the active organization of the session and returns a new token pair whose `org_id` and `role` claims reflect it. If the organization requires MFA and the session is not MFA-verified, the result is `mfa_required`.',
      body: { schema: 'SwitchOrganizationRequest' },
      ok: {
        200: {
          description: 'New tokens, or the MFA step.',
          schema: 'AuthResult',
          example: ex.exAuthComplete,
        },
      },
      errors: [404],
    }),
  },
}
