// Schemas of the sign-in ticket (issue 17): a server-issued, single-use, short-lived credential that signs a user in
// without a password, for automated tests (@hellojohn/testing) and "sign in as this user" flows.
import { bool, int, obj, str, ts } from './schema-helpers.mjs'

const exTicket = 'sit_4kQ9x2Lr8TfWm3Zc7YpB1nDs6HvJ0aGe5UoKiRtX'

export const signInTicketSchemas = {
  CreateSignInTicketRequest: obj(
    {
      mfa_verified: bool(
        'Treat the session as MFA-verified: redeeming the ticket answers `complete` even when the user has factors or the tenant requires MFA. Default false: the ticket replaces the password only, and MFA is asked as after a password sign-in.',
      ),
      expires_in_seconds: int('How long the ticket can be redeemed, in seconds (default 60, max 600).', {
        minimum: 5,
        maximum: 600,
      }),
    },
    [],
    'Sign-in ticket options.',
    { example: { mfa_verified: true, expires_in_seconds: 60 } },
  ),
  SignInTicket: obj(
    {
      ticket: str(
        'The ticket (`sit_…`): pass it to `POST /v1/auth/sign-in/ticket`. Single use. Shown once.',
        { pattern: '^sit_[0-9A-Za-z_-]+$' },
      ),
      expires_at: ts('When the ticket stops being redeemable.'),
    },
    ['ticket', 'expires_at'],
    'A single-use sign-in ticket for one user.',
    { example: { ticket: exTicket, expires_at: '2024-01-15T10:31:00Z' } },
  ),
  RedeemSignInTicketRequest: obj(
    {
      ticket: str('The ticket from `POST /v1/users/{userId}/sign-in-tickets`.', {
        minLength: 1,
        maxLength: 256,
      }),
    },
    ['ticket'],
    'The ticket to redeem.',
    { example: { ticket: exTicket } },
  ),
}
