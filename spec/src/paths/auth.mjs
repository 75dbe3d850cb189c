import * as ex from '../examples.mjs'
import { op } from '../op.mjs'

const tag = 'Auth'
const authResult = (description, example = ex.exAuthComplete) => ({
  description,
  schema: 'AuthResult',
  example,
})

export const authPaths = {
  '/v1/auth/sign-up': {
    post: op('post', {
      id: 'signUp',
      tag,
      auth: 'publishable',
      summary: 'Sign up with email and password',
      description:
        'Creates a user and, unless MFA enrollment is required by the tenant policy, a session. Rate limit: 10 requests per minute per IP. Fails with 403 `auth_method_disabled` when `email_password` is not allowed, 403 `email_domain_not_allowed` outside `allowed_email_domains`, 422 `password_too_weak` (one `details` entry per broken rule) and 409 `conflict` when the email is taken in this tenant.',
      body: { schema: 'SignUpRequest' },
      ok: {
        201: authResult(
          'The user was created. `status` is `complete`, or `mfa_enrollment_required` when the tenant requires MFA.',
        ),
      },
      errors: [403, 409],
    }),
  },
  '/v1/auth/sign-in': {
    post: op('post', {
      id: 'signIn',
      tag,
      auth: 'publishable',
      summary: 'Sign in with email and password',
      description:
        "Checks the password. When MFA is required (by the tenant, an organization of the user, or the user's role) or the user has an active factor, the result is `mfa_required` with a challenge (5 minutes, 5 attempts) instead of tokens; when MFA is required and the user has no factor, `mfa_enrollment_required`. Every attempt writes an audit-log entry. Rate limit: 10 requests per minute per IP. Wrong email or password: 401 `invalid_credentials` (the same answer for both).",
      body: { schema: 'SignInRequest' },
      ok: { 200: authResult('Signed in, or the next step.', ex.exAuthMfaRequired) },
      errors: [403],
    }),
  },
  '/v1/auth/sign-out': {
    post: op('post', {
      id: 'signOut',
      tag,
      auth: 'access',
      summary: 'Sign out',
      description:
        "Revokes the session of the calling access token: its refresh token stops working at once. The HelloJohn API refuses the session's access tokens from now on, but a JWT cannot be revoked: backends that verify it locally accept it until it expires, so keep access tokens short-lived.",
      ok: { 204: { description: 'The session is revoked.' } },
    }),
  },
  '/v1/auth/token/refresh': {
    post: op('post', {
      id: 'refreshToken',
      tag,
      auth: 'publishable',
      summary: 'Refresh the token pair',
      description:
        'Exchanges a refresh token for a new access token and a new refresh token. Refresh tokens are single use and rotated: the old one is spent. Presenting a spent refresh token again within the tenant `session_config.refresh_token_reuse_interval` (default 10 s) answers the same successor pair its first use returned (racing tabs and server instances stay signed in); after the interval it is treated as theft: the whole session is revoked and the answer is 401 `refresh_token_reused`. A revoked or expired session answers 401 `session_revoked` / `invalid_refresh_token`. Rate limit: 60 requests per minute per user.',
      body: { schema: 'RefreshRequest' },
      ok: { 200: authResult('A new token pair (status `complete`).') },
    }),
  },
  '/v1/auth/magic-link': {
    post: op('post', {
      id: 'sendMagicLink',
      tag,
      auth: 'publishable',
      summary: 'Send a magic link',
      description:
        'Emails a single-use sign-in link that expires after 15 minutes. The answer is the same whether or not the account exists. Subject to `allowed_auth_methods` (`magic_link`) and `allowed_email_domains`.',
      body: { schema: 'MagicLinkRequest' },
      ok: { 202: { description: 'The link was sent (if the address may sign in).', schema: 'Accepted' } },
      errors: [403],
    }),
  },
  '/v1/auth/magic-link/verify': {
    post: op('post', {
      id: 'verifyMagicLink',
      tag,
      auth: 'publishable',
      summary: 'Sign in with a magic-link token',
      description:
        'Redeems the token from the link. Single use: a second use fails with 401 `invalid_link`; after 15 minutes, 401 `link_expired`. MFA rules apply as for password sign-in.',
      body: { schema: 'TokenRequest', example: { token: 'ml_4Kp9sQ2wE7rT1yU6iO3pA8sD5fG0hJ2k' } },
      ok: { 200: authResult('Signed in, or the next step.') },
      errors: [403],
    }),
  },
  '/v1/auth/password/forgot': {
    post: op('post', {
      id: 'forgotPassword',
      tag,
      auth: 'publishable',
      summary: 'Request a password reset',
      description:
        'Emails a single-use reset link valid for 1 hour. The answer is the same whether or not the account exists.',
      body: { schema: 'ForgotPasswordRequest' },
      ok: { 202: { description: 'Accepted.', schema: 'Accepted' } },
    }),
  },
  '/v1/auth/password/reset': {
    post: op('post', {
      id: 'resetPassword',
      tag,
      auth: 'publishable',
      summary: 'Reset the password',
      description:
        "Sets a new password with the token from the reset email (single use, 1 hour). The new password must meet the policy and not be one of the last `password_history` passwords (422 `password_reused`). All the user's sessions are revoked.",
      body: { schema: 'ResetPasswordRequest' },
      ok: { 204: { description: 'The password was changed.' } },
    }),
  },
  '/v1/auth/email/verification': {
    post: op('post', {
      id: 'sendEmailVerification',
      tag,
      auth: 'publishable',
      summary: 'Send an email verification code',
      description:
        'Emails a 6-digit code valid for 15 minutes to the address of an account. The answer is the same whether or not the account exists.',
      body: { schema: 'EmailVerificationRequest' },
      ok: { 202: { description: 'Accepted.', schema: 'Accepted' } },
    }),
  },
  '/v1/auth/email/verify': {
    post: op('post', {
      id: 'verifyEmail',
      tag,
      auth: 'publishable',
      summary: 'Verify an email with its code',
      description:
        'Marks the email verified. Wrong code: 401 `invalid_code`; expired: 401 `code_expired`. Codes die after 5 wrong attempts.',
      body: { schema: 'VerifyEmailRequest' },
      ok: {
        200: {
          description: 'The verified user.',
          schema: 'User',
          example: { ...ex.exUser, email_verified: true },
        },
      },
    }),
  },
  '/v1/auth/passkey/options': {
    post: op('post', {
      id: 'getPasskeyOptions',
      tag,
      auth: 'publishable',
      summary: 'Start a passkey sign-in',
      description:
        'Returns WebAuthn request options and a challenge id (valid 5 minutes). Requires `passkey` in `allowed_auth_methods` (403 `auth_method_disabled`).',
      body: { schema: 'PasskeyOptionsRequest', required: false },
      ok: { 200: { description: 'Options for navigator.credentials.get.', schema: 'PasskeyOptions' } },
      errors: [403],
    }),
  },
  '/v1/auth/passkey/verify': {
    post: op('post', {
      id: 'verifyPasskey',
      tag,
      auth: 'publishable',
      summary: 'Finish a passkey sign-in',
      description:
        'Verifies the assertion against the registered credential (signature, counter, origin, RP id). A passkey counts as two factors, so the session is `mfa_verified`. Failure: 401 `webauthn_verification_failed`.',
      body: { schema: 'PasskeyVerifyRequest' },
      ok: { 200: authResult('Signed in.') },
      errors: [403, 404],
    }),
  },
}
