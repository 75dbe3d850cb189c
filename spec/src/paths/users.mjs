import * as ex from '../examples.mjs'
import { op, pathParam, queryParam } from '../op.mjs'

const tag = 'Users'
const user = pathParam('userId', 'usr', 'User')

export const usersPaths = {
  '/v1/users': {
    get: op('get', {
      id: 'listUsers',
      tag,
      auth: 'secret',
      list: true,
      params: [
        queryParam('email', 'Exact email (case-insensitive).', { type: 'string' }, 'alice@example.com'),
        queryParam('phone_number', 'Exact E.164 phone number.', { type: 'string' }, '+14155552671'),
        queryParam('external_id', 'Exact external id.', { type: 'string' }, 'user_42'),
        queryParam(
          'status',
          'Account status.',
          { type: 'string', enum: ['active', 'banned', 'pending'] },
          'active',
        ),
        queryParam('org_id', 'Members of this organization.', { type: 'string' }, 'org_01HABCDEF888888'),
      ],
      summary: 'List users',
      description:
        'Users of the tenant, newest first by default. `sort`: `created_at` | `updated_at` | `email` | `name` | `last_sign_in_at`. `q` searches email, name, phone number and external id. Email, phone number and external id are unique per tenant, so those filters return at most one user.',
      ok: {
        200: {
          description: 'A page of users.',
          schema: 'UserList',
          example: { data: [ex.exUser], pagination: ex.exPagination(1482, 20, 'cur_01HABCDEF123456') },
        },
      },
    }),
    post: op('post', {
      id: 'createUser',
      tag,
      auth: 'secret',
      summary: 'Create a user',
      description:
        'Creates a user. The password (optional) is checked against the tenant policy. Email, phone number and external id must be unique in the tenant (409 `conflict`). Emits `user.created`; written to the audit log.',
      body: { schema: 'CreateUserRequest' },
      ok: {
        201: {
          description: 'The user.',
          schema: 'User',
          example: {
            ...ex.exUser,
            id: 'usr_01HABCDEF123457',
            email: 'user@example.com',
            name: 'New User',
            external_id: 'user_43',
            email_verified: false,
            phone_number: null,
            last_sign_in_at: null,
            public_metadata: {},
            private_metadata: {},
          },
        },
      },
      errors: [409],
    }),
  },
  '/v1/users/{userId}': {
    get: op('get', {
      id: 'getUser',
      tag,
      auth: 'secret',
      params: [user],
      summary: 'Get a user',
      description:
        'One user, including `private_metadata`. 404 `user_not_found` when the id is unknown in this tenant.',
      ok: { 200: { description: 'The user.', schema: 'User' } },
    }),
    patch: op('patch', {
      id: 'updateUser',
      tag,
      auth: 'secret',
      params: [user],
      summary: 'Update a user',
      description:
        'Partial update. A new email is marked unverified and a verification email is sent; the JWT carries the new email after verification. A new phone number is marked unverified. Uniqueness conflicts: 409 `conflict`. Emits `user.updated`; audited.',
      body: { schema: 'UpdateUserRequest' },
      ok: { 200: { description: 'The updated user.', schema: 'User' } },
      errors: [409],
    }),
    delete: op('delete', {
      id: 'deleteUser',
      tag,
      auth: 'secret',
      params: [user],
      summary: 'Delete a user',
      description:
        'Deletes the user, their sessions, factors and memberships. Emits `user.deleted`; audited.',
      ok: { 204: { description: 'Deleted.' } },
    }),
  },
  '/v1/users/{userId}/phone-verification': {
    post: op('post', {
      id: 'sendPhoneVerification',
      tag,
      auth: 'secret',
      params: [user],
      summary: 'Send a phone verification SMS',
      description:
        "Texts a 6-digit code (valid 10 minutes) to the user's phone number. 422 `validation_failed` when the user has no phone number.",
      ok: {
        202: {
          description: 'Sent.',
          schema: 'Accepted',
          example: { status: 'sent', expires_at: '2024-01-15T10:40:00Z' },
        },
      },
    }),
  },
  '/v1/users/{userId}/phone-verification/verify': {
    post: op('post', {
      id: 'verifyPhone',
      tag,
      auth: 'secret',
      params: [user],
      summary: 'Verify a phone number with its code',
      description:
        'Marks the phone number verified. Wrong code: 401 `invalid_code`; expired: 401 `code_expired`; 5 wrong attempts kill the code.',
      body: { schema: 'VerifyCodeRequest' },
      ok: {
        200: { description: 'The user.', schema: 'User', example: { ...ex.exUser, phone_verified: true } },
      },
    }),
  },
  '/v1/users/{userId}/impersonate': {
    post: op('post', {
      id: 'impersonateUser',
      tag,
      auth: 'secret',
      params: [user],
      summary: 'Impersonate a user',
      description:
        'Issues a short-lived access token for the user without their credentials (no refresh token). The token carries an `act` claim naming the impersonator. Always recorded in the audit log (`user.impersonated`). Banned users cannot be impersonated (403).',
      body: { schema: 'ImpersonateRequest', required: false },
      ok: { 200: { description: 'The token.', schema: 'ImpersonationResult' } },
    }),
  },
}
