// The sign-in ticket operations (issue 17): issue one with the secret key, redeem it with the publishable key.
import * as ex from '../examples.mjs'
import { op, pathParam } from '../op.mjs'

export const signInTicketPaths = {
  '/v1/users/{userId}/sign-in-tickets': {
    post: op('post', {
      id: 'createSignInTicket',
      tag: 'Users',
      auth: 'secret',
      params: [pathParam('userId', 'usr', 'User')],
      summary: 'Create a sign-in ticket',
      description:
        'Issues a single-use ticket that signs the user in without a password when redeemed with `POST /v1/auth/sign-in/ticket` (for automated tests and support tools). Short-lived: 60 seconds by default, at most 600. With `mfa_verified: true` the resulting session skips MFA. Always recorded in the audit log (`user.sign_in_ticket_created`, and `user.sign_in_ticket_redeemed` when used), like impersonation. Banned users get no ticket (403 `user_banned`).',
      body: { schema: 'CreateSignInTicketRequest', required: false },
      ok: { 201: { description: 'The ticket (shown once).', schema: 'SignInTicket' } },
    }),
  },
  '/v1/auth/sign-in/ticket': {
    post: op('post', {
      id: 'signInWithTicket',
      tag: 'Auth',
      auth: 'publishable',
      summary: 'Sign in with a sign-in ticket',
      description:
        'Redeems a ticket from `POST /v1/users/{userId}/sign-in-tickets` of this tenant: `complete` with a session and tokens (method `sign_in_ticket`), or, for a ticket without `mfa_verified` and a user with MFA, the same `mfa_required` / `mfa_enrollment_required` step as after a password. A ticket works once: a used, unknown or other-tenant ticket answers 401 `invalid_ticket`, an expired one 401 `ticket_expired`. Banned users: 403 `user_banned`.',
      body: { schema: 'RedeemSignInTicketRequest' },
      ok: {
        200: {
          description: 'Signed in, or the next step.',
          schema: 'AuthResult',
          example: ex.exAuthComplete,
        },
      },
      errors: [403],
    }),
  },
}
