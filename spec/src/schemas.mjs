// Reusable component schemas: every resource of the API, the error envelope and the request bodies.
import * as ex from './examples.mjs'
import { signInTicketSchemas } from './sign-in-ticket-schemas.mjs'
import {
  arr,
  bool,
  E164,
  enm,
  id,
  int,
  listOf,
  meta,
  nid,
  nstr,
  nts,
  obj,
  ref,
  str,
  ts,
} from './schema-helpers.mjs'

export const ERROR_CODES = [
  'bad_request',
  'tenant_required',
  'validation_failed',
  'payload_too_large',
  'unsupported_media_type',
  'unauthorized',
  'invalid_credentials',
  'invalid_token',
  'token_expired',
  'invalid_refresh_token',
  'refresh_token_reused',
  'session_revoked',
  'forbidden',
  'auth_method_disabled',
  'email_domain_not_allowed',
  'user_banned',
  'mfa_required',
  'mfa_enrollment_required',
  'not_found',
  'user_not_found',
  'session_not_found',
  'organization_not_found',
  'member_not_found',
  'invitation_not_found',
  'factor_not_found',
  'challenge_not_found',
  'client_not_found',
  'webhook_not_found',
  'audit_log_entry_not_found',
  'tenant_not_found',
  'api_key_not_found',
  'oauth_provider_not_found',
  'conflict',
  'invalid_code',
  'code_expired',
  'challenge_expired',
  'challenge_failed',
  'invalid_link',
  'link_expired',
  'invalid_ticket',
  'ticket_expired',
  'invitation_expired',
  'webauthn_verification_failed',
  'password_too_weak',
  'password_reused',
  'idempotency_key_reused',
  'rate_limited',
  'internal_error',
  'service_unavailable',
]

export const AUTH_METHODS = [
  'email_password',
  'magic_link',
  'passkey',
  'google',
  'github',
  'apple',
  'microsoft',
  'discord',
  'gitlab',
  'twitter',
  'api_key',
  'sso',
]
export const SOCIAL_PROVIDERS = ['google', 'github', 'apple', 'microsoft', 'discord', 'gitlab', 'twitter']
export const MFA_METHODS = ['totp', 'webauthn', 'sms', 'email', 'backup_codes']
export const FACTOR_TYPES = ['totp', 'webauthn', 'sms', 'email']
export const WEBHOOK_EVENTS = [
  'user.created',
  'user.updated',
  'user.deleted',
  'session.created',
  'session.revoked',
  'mfa.enrolled',
  'mfa.removed',
  'organization.created',
  'organization.updated',
  'organization.deleted',
  'organization.member_added',
  'organization.member_removed',
  'invitation.created',
  'invitation.accepted',
]

const passwordPolicy = obj(
  {
    min_length: int('Minimum length.', { minimum: 6, maximum: 128 }),
    max_length: int('Maximum length.', { minimum: 8, maximum: 1024 }),
    require_uppercase: bool('Require at least one uppercase letter.'),
    require_lowercase: bool('Require at least one lowercase letter.'),
    require_numbers: bool('Require at least one digit.'),
    require_symbols: bool('Require at least one symbol.'),
    prevent_common_passwords: bool('Reject passwords from the list of common passwords.'),
    password_history: int("Reject the user's last N passwords (0 turns the check off).", {
      minimum: 0,
      maximum: 24,
    }),
  },
  [],
  'Password strength rules of the tenant (seed: per-tenant configuration). Violations fail with 422 `password_too_weak` and one `details` entry per broken rule.',
)

const sessionConfig = obj(
  {
    access_token_ttl: int('Access-token lifetime in seconds (default 900).', { minimum: 60, maximum: 86400 }),
    refresh_token_ttl: int('Refresh-token (and session) lifetime in seconds (default 2592000 = 30 days).', {
      minimum: 300,
      maximum: 31536000,
    }),
    refresh_token_reuse_interval: int(
      'Seconds (default 10) during which a spent refresh token presented again gets the same successor pair (the access and refresh token its first use returned) instead of counting as reuse: two tabs or two server instances racing to refresh the same token stay signed in. After the interval, presenting it again is treated as theft and revokes the session. 0 turns the grace off.',
      { minimum: 0, maximum: 300 },
    ),
  },
  [],
  'Token lifetimes of new sessions of this tenant, and the refresh-token reuse grace.',
)

const jwtClaims = obj(
  {
    static: meta('Claims added verbatim to every access token.'),
    from_user_metadata: arr(
      str("Key of the user's public_metadata."),
      "Keys copied from the user's public_metadata (own keys only; private_metadata is never copied). Users can edit their public_metadata, so these claims are user-controlled: never authorize on them. Static claims and from_tenant_metadata win over them on a clash.",
    ),
    from_tenant_metadata: arr(
      str("Key of the tenant's metadata."),
      "Keys copied from the tenant's metadata.",
    ),
  },
  [],
  'Custom claims added to access tokens issued for this tenant. They never override the registered claims.',
)

const authConfigFields = {
  allowed_auth_methods: arr(
    ref('AuthMethod'),
    'Methods users may sign in with. A method outside the list fails with 403 `auth_method_disabled`.',
    { uniqueItems: true },
  ),
  mfa_required: bool('Require MFA of every user of the tenant.'),
  mfa_methods: arr(enm(MFA_METHODS, 'An MFA method.'), 'MFA methods users may enroll.', {
    uniqueItems: true,
  }),
  mfa_required_roles: arr(
    str('A system role.'),
    'Roles for which MFA is required even when `mfa_required` is false.',
  ),
  allowed_email_domains: arr(
    str('An email domain.', { pattern: '^[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$' }),
    'When not empty, sign-up, sign-in and magic links are refused (403 `email_domain_not_allowed`) for emails outside these domains.',
  ),
  password_policy: ref('PasswordPolicy'),
  session_config: ref('SessionConfig'),
  sso_enabled: bool('Enterprise SSO (SAML / OIDC) is configured for the tenant.'),
  sso_required: bool('Users must sign in through SSO.'),
  jwt_claims: ref('JwtClaimsConfig'),
  allowed_redirect_urls: arr(
    str(
      'An absolute http(s) URL. An origin (`https://app.acme.com`) allows every path on it; a URL with a path allows that URL exactly. `http://localhost`, `http://127.0.0.1` and `http://[::1]` match any port (RFC 8252 §7.3).',
      { format: 'uri', maxLength: 2048 },
    ),
    "Where magic links, password resets and OAuth redirects of the publishable key (`redirect_uri` with `client_id=pk_…`) may lead. Anything else fails with 422 `validation_failed` (field `redirect_url`) or, at `/v1/oauth/authorize`, with 400. The mock's tenants allow the loopback origins.",
    { maxItems: 100 },
  ),
}

const factorHint = obj(
  {
    id: id('fac', 'Factor'),
    type: enm(
      [...FACTOR_TYPES, 'backup_code'],
      'Factor type. `backup_code` is offered when the user has unused backup codes.',
    ),
    hint: nstr('A masked hint (phone or email) to show the user.'),
  },
  ['id', 'type', 'hint'],
  'A factor the user can answer the challenge with.',
)

/** A copy of an object schema with extra properties (allOf cannot be used with additionalProperties: false). */
function extend(base, properties, required, description, example) {
  return {
    ...base,
    description,
    properties: { ...base.properties, ...properties },
    required: [...base.required, ...required],
    example,
  }
}

export const schemas = {
  ErrorCode: enm(
    ERROR_CODES,
    'Stable machine-readable error code. The list is closed: new codes come with a new API version.',
  ),
  ErrorDetail: obj(
    {
      field: str('The request field the problem is about (dot path).'),
      code: str(
        'A short code for the problem, e.g. `required`, `invalid_type`, `too_short`, `require_uppercase`.',
      ),
      message: str('What to fix.'),
    },
    ['field', 'message'],
    'One problem with one field.',
  ),
  Error: obj(
    {
      error: obj(
        {
          code: ref('ErrorCode'),
          message: str('Human-readable message saying what went wrong and what to fix.'),
          status: int('HTTP status, repeated for convenience.', { minimum: 400, maximum: 599 }),
          request_id: id('req', 'Request'),
          details: arr(ref('ErrorDetail'), 'Per-field problems (validation_failed, password_too_weak).'),
        },
        ['code', 'message', 'status', 'request_id'],
      ),
    },
    ['error'],
    'The error envelope of every 4xx/5xx response (except the OAuth endpoints, which use RFC 6749 bodies).',
    { example: ex.exError('user_not_found', 404, 'No user found with the provided ID.') },
  ),
  OAuthError: obj(
    {
      error: enm(
        [
          'invalid_request',
          'invalid_client',
          'invalid_grant',
          'unauthorized_client',
          'unsupported_grant_type',
          'invalid_scope',
          'access_denied',
          'server_error',
        ],
        'RFC 6749 §5.2 error code.',
      ),
      error_description: str('Human-readable explanation.'),
      error_uri: str('A page describing the error.'),
    },
    ['error'],
    'RFC 6749 error body, used by the OAuth token and revocation endpoints.',
    { example: { error: 'invalid_grant', error_description: 'The authorization code has expired.' } },
  ),
  Pagination: obj(
    {
      total: int('Number of items matching the filters.', { minimum: 0 }),
      limit: int('Page size used.', { minimum: 1, maximum: 100 }),
      has_more: bool('Whether another page follows.'),
      next_cursor: {
        ...nid('cur', 'Cursor'),
        description:
          'Pass as `cursor` to get the next page; null on the last page. Cursors stay valid when items are inserted or deleted.',
      },
    },
    ['total', 'limit', 'has_more', 'next_cursor'],
    'Cursor pagination state.',
    { example: ex.exPagination(1482, 20, 'cur_01HABCDEF123456') },
  ),

  // ---- users and sessions
  UserRole: str(
    'System role of the user within the tenant (e.g. `member`, `admin`). Appears as the `role` claim.',
    { minLength: 1, maxLength: 64 },
  ),
  UserStatus: enm(
    ['active', 'banned', 'pending'],
    'Account status. Banned users cannot sign in (403 `user_banned`).',
  ),
  User: obj(
    {
      id: id('usr', 'User'),
      email: str('Email, unique per tenant.', { format: 'email' }),
      email_verified: bool('Whether the email was verified.'),
      phone_number: nstr('Phone number in E.164, unique per tenant.', { pattern: E164 }),
      phone_verified: bool('Whether the phone number was verified by SMS.'),
      external_id: nstr('Your own identifier for the user, unique per tenant.', { maxLength: 255 }),
      name: nstr('Display name.', { maxLength: 255 }),
      role: ref('UserRole'),
      status: ref('UserStatus'),
      public_metadata: meta(
        'Metadata readable by the user (and copied to claims via `jwt_claims.from_user_metadata`).',
      ),
      private_metadata: meta(
        'Metadata only the secret key can read. Omitted from responses to access tokens.',
      ),
      mfa_enabled: bool('Whether the user has at least one active MFA factor.'),
      created_at: ts('Creation time.'),
      updated_at: ts('Last update time.'),
      last_sign_in_at: nts('Last successful sign-in.'),
    },
    [
      'id',
      'email',
      'email_verified',
      'phone_number',
      'phone_verified',
      'external_id',
      'name',
      'role',
      'status',
      'public_metadata',
      'mfa_enabled',
      'created_at',
      'updated_at',
      'last_sign_in_at',
    ],
    'A user of a tenant.',
    { example: ex.exUser },
  ),
  UserSummary: obj(
    { id: id('usr', 'User'), email: str('Email.', { format: 'email' }), name: nstr('Display name.') },
    ['id', 'email', 'name'],
    'The few user fields embedded in other resources.',
  ),
  UserList: listOf('User', 'users'),
  CreateUserRequest: obj(
    {
      email: str('Email, unique per tenant.', { format: 'email', maxLength: 320 }),
      password: str(
        'Initial password; checked against the password policy. Omit to create a passwordless user.',
        { minLength: 1, maxLength: 1024, writeOnly: true },
      ),
      name: str('Display name.', { maxLength: 255 }),
      phone_number: str('E.164 phone number.', { pattern: E164 }),
      external_id: str('Your identifier, unique per tenant.', { minLength: 1, maxLength: 255 }),
      role: ref('UserRole'),
      email_verified: bool('Mark the email as verified.'),
      public_metadata: meta('Public metadata.'),
      private_metadata: meta('Private metadata.'),
    },
    ['email'],
    'A new user.',
    {
      example: {
        email: 'user@example.com',
        password: 's3cur3P@ssword',
        name: 'New User',
        external_id: 'user_43',
      },
    },
  ),
  UpdateUserRequest: obj(
    {
      email: str('New email; marks it unverified and sends a verification email.', {
        format: 'email',
        maxLength: 320,
      }),
      email_verified: bool('Mark the email verified or not.'),
      phone_number: {
        type: ['string', 'null'],
        pattern: E164,
        description: 'New E.164 phone number (null removes it); marks it unverified.',
      },
      phone_verified: bool('Mark the phone verified or not.'),
      external_id: {
        type: ['string', 'null'],
        minLength: 1,
        maxLength: 255,
        description: 'Your identifier (null removes it).',
      },
      name: { type: ['string', 'null'], maxLength: 255, description: 'Display name.' },
      password: str('New password; checked against the policy and the history.', {
        minLength: 1,
        maxLength: 1024,
        writeOnly: true,
      }),
      role: ref('UserRole'),
      status: ref('UserStatus'),
      public_metadata: meta('Replaces the public metadata.'),
      private_metadata: meta('Replaces the private metadata.'),
    },
    [],
    'A partial update: omitted fields keep their values.',
    { minProperties: 1, example: { phone_number: '+14155552671', external_id: 'user_42' } },
  ),
  UpdateMeRequest: obj(
    {
      name: { type: ['string', 'null'], maxLength: 255, description: 'Display name.' },
      phone_number: {
        type: ['string', 'null'],
        pattern: E164,
        description: 'E.164 phone number; marks it unverified.',
      },
      public_metadata: meta('Replaces the public metadata.'),
      password: str('New password (requires `current_password`).', {
        minLength: 1,
        maxLength: 1024,
        writeOnly: true,
      }),
      current_password: str('The current password, required to change it.', {
        minLength: 1,
        maxLength: 1024,
        writeOnly: true,
      }),
    },
    [],
    'What a signed-in user may change about themselves.',
    { minProperties: 1, example: { name: 'Alice A. Example' } },
  ),
  VerifyCodeRequest: obj(
    { code: str('The 6-digit code that was sent.', { pattern: '^[0-9]{6}$' }) },
    ['code'],
    'A one-time code.',
    {
      example: { code: '123456' },
    },
  ),
  ImpersonateRequest: obj(
    {
      reason: str('Why; recorded in the audit log.', { maxLength: 500 }),
      expires_in: int('Token lifetime in seconds (default and max 3600).', { minimum: 60, maximum: 3600 }),
    },
    [],
    'Impersonation options.',
    { example: { reason: 'Support ticket #1234', expires_in: 900 } },
  ),
  ImpersonationResult: obj(
    {
      access_token: str(
        'Access token for the user; its claims include `act: {sub}` naming the impersonator.',
      ),
      token_type: enm(['Bearer'], 'Always Bearer.'),
      expires_in: int('Lifetime in seconds.'),
      session_id: id('ses', 'Session'),
      user_id: id('usr', 'User'),
    },
    ['access_token', 'token_type', 'expires_in', 'session_id', 'user_id'],
    'A short-lived access token for the user (no refresh token).',
    {
      example: {
        access_token: ex.exTokens.access_token,
        token_type: 'Bearer',
        expires_in: 900,
        session_id: ex.exSession.id,
        user_id: ex.exUser.id,
      },
    },
  ),
  Session: obj(
    {
      id: id('ses', 'Session'),
      user_id: id('usr', 'User'),
      tenant_id: id('tnt', 'Tenant'),
      status: enm(
        ['active', 'revoked', 'expired'],
        "Session status. When a session ends (signed out, revoked, expired) its refresh token fails at once and HelloJohn's own endpoints refuse its access tokens (401 `session_revoked`); access tokens verified locally against the JWKS stay valid until they expire.",
      ),
      ip_address: nstr('IP address at sign-in.'),
      user_agent: nstr('User agent at sign-in.'),
      mfa_verified: bool('Whether MFA was completed in this session.'),
      org_id: nid('org', 'Active organization'),
      created_at: ts('Sign-in time.'),
      last_active_at: ts('Last token refresh.'),
      expires_at: ts('When the refresh token (and so the session) expires.'),
      revoked_at: nts('Revocation time.'),
      current: bool('Only on `/v1/me/sessions`: this is the session of the calling token.'),
    },
    [
      'id',
      'user_id',
      'tenant_id',
      'status',
      'ip_address',
      'user_agent',
      'mfa_verified',
      'org_id',
      'created_at',
      'last_active_at',
      'expires_at',
      'revoked_at',
    ],
    'An authenticated period of a user, created at sign-in and tied to one access token and one refresh token at a time.',
    { example: ex.exSession },
  ),
  SessionList: listOf('Session', 'sessions'),
  RevokedSessions: obj(
    { revoked: int('Number of sessions revoked.', { minimum: 0 }) },
    ['revoked'],
    "Result of revoking all of a user's sessions.",
    {
      example: { revoked: 3 },
    },
  ),

  // ---- auth
  Tokens: obj(
    {
      access_token: str(
        "EdDSA-signed JWT; short-lived (the tenant's `session_config.access_token_ttl`, default 900 s).",
      ),
      refresh_token: str(
        'Opaque, single use: every refresh returns a new one. Reusing a spent refresh token revokes the session.',
      ),
      token_type: enm(['Bearer'], 'Always Bearer.'),
      expires_in: int('Access-token lifetime in seconds.', { minimum: 1 }),
    },
    ['access_token', 'refresh_token', 'token_type', 'expires_in'],
    'The token pair of a session.',
  ),
  AuthResultComplete: obj(
    {
      status: { const: 'complete', type: 'string', description: 'Signed in.' },
      user: ref('User'),
      session: obj({ id: id('ses', 'Session'), expires_at: ts('Session expiry.') }, ['id', 'expires_at']),
      tokens: ref('Tokens'),
    },
    ['status', 'user', 'session', 'tokens'],
    'Authentication finished: a session and its tokens.',
    { example: ex.exAuthComplete },
  ),
  AuthResultMfaRequired: obj(
    {
      status: { const: 'mfa_required', type: 'string', description: 'A second factor is required.' },
      challenge_id: id('chl', 'Challenge'),
      expires_at: ts('The challenge expires 5 minutes after it was created.'),
      factors: arr(factorHint, 'Factors that can answer the challenge.'),
    },
    ['status', 'challenge_id', 'expires_at', 'factors'],
    'The user must answer an MFA challenge: POST /v1/mfa/challenges/{challengeId}/verify.',
    { example: ex.exAuthMfaRequired },
  ),
  AuthResultMfaEnrollmentRequired: obj(
    {
      status: {
        const: 'mfa_enrollment_required',
        type: 'string',
        description: 'MFA is required by policy and the user has no factor.',
      },
      enrollment_token: str(
        'Bearer token valid for 15 minutes only on the MFA enrollment endpoints. Confirming the first factor with it completes the sign-in.',
      ),
      allowed_methods: arr(enm(MFA_METHODS, 'An MFA method.'), 'Methods the user may enroll.'),
    },
    ['status', 'enrollment_token', 'allowed_methods'],
    'The user must enroll a factor before signing in.',
    { example: ex.exAuthEnrollment },
  ),
  AuthResult: {
    description: 'Result of every authentication step, discriminated on `status`.',
    oneOf: [ref('AuthResultComplete'), ref('AuthResultMfaRequired'), ref('AuthResultMfaEnrollmentRequired')],
    discriminator: {
      propertyName: 'status',
      mapping: {
        complete: '#/components/schemas/AuthResultComplete',
        mfa_required: '#/components/schemas/AuthResultMfaRequired',
        mfa_enrollment_required: '#/components/schemas/AuthResultMfaEnrollmentRequired',
      },
    },
  },
  AccessTokenClaims: obj(
    {
      iss: str('Issuer: the API base URL.'),
      aud: {
        description:
          'Audience: the tenant ID (for every access token, first-party or OAuth; ID tokens have the client_id instead). Resource servers must check it.',
        oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      },
      azp: str('Authorized party: the publishable key or OAuth client_id that started the session.'),
      client_id: str(
        'RFC 9068: the OAuth client, or the publishable key, that created the session (for a client_credentials token, the client itself).',
      ),
      sub: str(
        'Subject: the user ID (`usr_…`); for a client_credentials (machine) token, the client ID (`cli_…`).',
        { pattern: '^(usr|cli)_[0-9A-Za-z]+$', examples: ['usr_01HABCDEF123456'] },
      ),
      sid: {
        ...id('ses', 'Session'),
        description: 'Session ID (prefixed `ses_`). Absent on client_credentials (machine) tokens.',
      },
      scope: str('Space-separated scopes of a client_credentials (machine) token.'),
      tenant_id: id('tnt', 'Tenant'),
      org_id: nid('org', 'Active organization'),
      role: str('System role, or the organization role when an organization is active.'),
      mfa_verified: bool('MFA was completed in this session.'),
      email: str('User email.'),
      iat: int('Issued at (unix seconds).'),
      exp: int('Expires at (unix seconds).'),
      jti: str('Unique token id.'),
      act: obj(
        { sub: str('The impersonator (API key or user id).') },
        ['sub'],
        'Present on impersonation tokens.',
      ),
    },
    ['iss', 'aud', 'client_id', 'sub', 'tenant_id', 'iat', 'exp', 'jti'],
    'Claims of an access token, a JWT of the RFC 9068 profile: header `alg: EdDSA`, `typ: at+jwt` (ID tokens have `typ: JWT` and must not be accepted as access tokens), `kid`. A user session token has `sid`, `role` and `mfa_verified`; a client_credentials (machine) token has `sub` = `client_id`, `scope` and no `sid`. Tenant custom claims (jwt_claims) are added beside these.',
    { additionalProperties: true },
  ),
  SignUpRequest: obj(
    {
      email: str("Email; must be in the tenant's allowed_email_domains when that list is set.", {
        format: 'email',
        maxLength: 320,
      }),
      password: str("Password; checked against the tenant's password policy.", {
        minLength: 1,
        maxLength: 1024,
        writeOnly: true,
      }),
      name: str('Display name.', { maxLength: 255 }),
      phone_number: str('E.164 phone number.', { pattern: E164 }),
      public_metadata: meta('Public metadata.'),
    },
    ['email', 'password'],
    'Create an account with email and password.',
    { example: { email: 'carol@example.com', password: 'a-long-and-unique-passphrase', name: 'Carol' } },
  ),
  SignInRequest: obj(
    {
      email: str('Email.', { format: 'email', maxLength: 320 }),
      password: str('Password.', { minLength: 1, maxLength: 1024, writeOnly: true }),
    },
    ['email', 'password'],
    'Email and password.',
    { example: { email: 'alice@example.com', password: 'correct-horse-battery-staple' } },
  ),
  RefreshRequest: obj(
    { refresh_token: str('The current refresh token of the session.', { minLength: 1, writeOnly: true }) },
    ['refresh_token'],
    'Exchange a refresh token for a new token pair.',
    {
      example: { refresh_token: ex.exTokens.refresh_token },
    },
  ),
  MagicLinkRequest: obj(
    {
      email: str('Email to send the link to.', { format: 'email', maxLength: 320 }),
      redirect_url: str(
        "Where the link leads; the token is appended as `?token=`. Must match the tenant's `allowed_redirect_urls` (422 `validation_failed` otherwise).",
        { format: 'uri', maxLength: 2048 },
      ),
      create_user: bool('Create the user when no account exists (default true when sign-up is allowed).'),
    },
    ['email', 'redirect_url'],
    'Send a magic link.',
    { example: { email: 'alice@example.com', redirect_url: 'https://app.acme.com/auth/magic' } },
  ),
  Accepted: obj(
    {
      status: enm(['sent', 'accepted'], 'The request was accepted.'),
      expires_at: nts('When what was sent expires, if anything.'),
    },
    ['status'],
    'The request was accepted; nothing in the answer tells whether an account exists.',
    { example: { status: 'sent', expires_at: '2024-01-15T10:45:00Z' } },
  ),
  TokenRequest: obj(
    { token: str('The token from the link.', { minLength: 1 }) },
    ['token'],
    'A token taken from a link.',
    {
      example: { token: 'ml_4Kp9sQ2wE7rT1yU6iO3pA8sD5fG0hJ2k' },
    },
  ),
  ForgotPasswordRequest: obj(
    {
      email: str('Email of the account.', { format: 'email', maxLength: 320 }),
      redirect_url: str(
        "Page of your app that handles the reset; `?token=` is appended. Must match the tenant's `allowed_redirect_urls` (422 `validation_failed` otherwise).",
        { format: 'uri', maxLength: 2048 },
      ),
    },
    ['email'],
    'Send a password-reset link.',
    { example: { email: 'alice@example.com', redirect_url: 'https://app.acme.com/reset' } },
  ),
  ResetPasswordRequest: obj(
    {
      token: str('Reset token from the email (single use, 1 hour).', { minLength: 1 }),
      password: str('The new password; checked against the policy and history.', {
        minLength: 1,
        maxLength: 1024,
        writeOnly: true,
      }),
    },
    ['token', 'password'],
    'Set a new password. All sessions of the user are revoked.',
    { example: { token: 'pr_7yU2iO9pA4sD1fG6hJ3kL8zX5cV0bN2m', password: 'a-brand-new-passphrase' } },
  ),
  EmailVerificationRequest: obj(
    { email: str('Email to verify.', { format: 'email', maxLength: 320 }) },
    ['email'],
    "Send a verification code (valid 15 minutes) to an account's email.",
    { example: { email: 'alice@example.com' } },
  ),
  VerifyEmailRequest: obj(
    {
      email: str('The email being verified.', { format: 'email' }),
      code: str('The 6-digit code.', { pattern: '^[0-9]{6}$' }),
    },
    ['email', 'code'],
    'Prove ownership of the email.',
    { example: { email: 'alice@example.com', code: '123456' } },
  ),
  PasskeyOptionsRequest: obj(
    {
      email: str("Optional: limit to this user's passkeys (otherwise discoverable credentials).", {
        format: 'email',
      }),
    },
    [],
    'Start a passkey sign-in.',
    {
      example: { email: 'alice@example.com' },
    },
  ),
  PasskeyOptions: obj(
    { challenge_id: id('chl', 'Challenge'), options: ref('WebAuthnAuthenticationOptions') },
    ['challenge_id', 'options'],
    'WebAuthn request options; pass `options` to navigator.credentials.get (or @simplewebauthn/browser startAuthentication).',
    { example: { challenge_id: 'chl_01HABCDEF444444', options: ex.exAuthenticationOptions } },
  ),
  PasskeyVerifyRequest: obj(
    { challenge_id: id('chl', 'Challenge'), response: ref('WebAuthnAuthenticationResponse') },
    ['challenge_id', 'response'],
    "The authenticator's assertion.",
    { example: { challenge_id: 'chl_01HABCDEF444444', response: ex.exAuthenticationResponse } },
  ),
  SwitchOrganizationRequest: obj(
    {
      organization_id: {
        ...nid('org', 'Organization'),
        description: 'Organization to make active, or null for none.',
      },
    },
    ['organization_id'],
    'Change the active organization of the session.',
    { example: { organization_id: 'org_01HABCDEF888888' } },
  ),

  // ---- WebAuthn JSON shapes (as @simplewebauthn produces and consumes them)
  WebAuthnRegistrationOptions: {
    type: 'object',
    description: 'PublicKeyCredentialCreationOptionsJSON (WebAuthn Level 3).',
    required: ['challenge', 'rp', 'user', 'pubKeyCredParams'],
    properties: {
      challenge: str('Base64url challenge.'),
      rp: obj({ name: str('Relying party name.'), id: str('Relying party id (host).') }, ['name']),
      user: obj(
        { id: str('Base64url user handle.'), name: str('User name.'), displayName: str('Display name.') },
        ['id', 'name', 'displayName'],
      ),
      pubKeyCredParams: arr(
        obj({ type: enm(['public-key'], 'Type.'), alg: int('COSE algorithm.') }, ['type', 'alg']),
        'Accepted algorithms.',
      ),
      timeout: int('Milliseconds.'),
      attestation: str('Attestation preference.'),
      excludeCredentials: arr(
        { type: 'object', additionalProperties: true },
        'Already registered credentials.',
      ),
      authenticatorSelection: {
        type: 'object',
        additionalProperties: true,
        description: 'Authenticator criteria.',
      },
      extensions: { type: 'object', additionalProperties: true, description: 'Extensions.' },
      hints: arr(str('Hint.'), 'Hints.'),
    },
    additionalProperties: true,
    example: ex.exRegistrationOptions,
  },
  WebAuthnAuthenticationOptions: {
    type: 'object',
    description: 'PublicKeyCredentialRequestOptionsJSON (WebAuthn Level 3).',
    required: ['challenge'],
    properties: {
      challenge: str('Base64url challenge.'),
      rpId: str('Relying party id.'),
      timeout: int('Milliseconds.'),
      userVerification: str('User verification requirement.'),
      allowCredentials: arr(
        { type: 'object', additionalProperties: true },
        'Allowed credentials (empty for discoverable).',
      ),
      extensions: { type: 'object', additionalProperties: true, description: 'Extensions.' },
      hints: arr(str('Hint.'), 'Hints.'),
    },
    additionalProperties: true,
    example: ex.exAuthenticationOptions,
  },
  WebAuthnRegistrationResponse: {
    type: 'object',
    description: 'RegistrationResponseJSON from navigator.credentials.create.',
    required: ['id', 'rawId', 'type', 'response'],
    properties: {
      id: str('Credential id.'),
      rawId: str('Base64url credential id.'),
      type: enm(['public-key'], 'Type.'),
      response: {
        type: 'object',
        required: ['clientDataJSON', 'attestationObject'],
        additionalProperties: true,
        properties: { clientDataJSON: str('Base64url.'), attestationObject: str('Base64url.') },
      },
      clientExtensionResults: { type: 'object', additionalProperties: true },
      authenticatorAttachment: str('Attachment.'),
    },
    additionalProperties: true,
    example: ex.exRegistrationResponse,
  },
  WebAuthnAuthenticationResponse: {
    type: 'object',
    description: 'AuthenticationResponseJSON from navigator.credentials.get.',
    required: ['id', 'rawId', 'type', 'response'],
    properties: {
      id: str('Credential id.'),
      rawId: str('Base64url credential id.'),
      type: enm(['public-key'], 'Type.'),
      response: {
        type: 'object',
        required: ['clientDataJSON', 'authenticatorData', 'signature'],
        additionalProperties: true,
        properties: {
          clientDataJSON: str('Base64url.'),
          authenticatorData: str('Base64url.'),
          signature: str('Base64url.'),
          userHandle: str('Base64url.'),
        },
      },
      clientExtensionResults: { type: 'object', additionalProperties: true },
      authenticatorAttachment: str('Attachment.'),
    },
    additionalProperties: true,
    example: ex.exAuthenticationResponse,
  },

  // ---- MFA
  FactorType: enm(FACTOR_TYPES, 'MFA factor type.'),
  Factor: obj(
    {
      id: id('fac', 'Factor'),
      type: ref('FactorType'),
      status: enm(
        ['pending', 'active'],
        'A factor is `pending` until confirmed with a code (or WebAuthn verification).',
      ),
      name: nstr('User-facing name (e.g. the passkey name).'),
      hint: nstr('Masked phone or email for SMS/email factors.'),
      created_at: ts('Enrollment time.'),
      last_used_at: nts('Last successful use.'),
    },
    ['id', 'type', 'status', 'name', 'hint', 'created_at', 'last_used_at'],
    'An MFA factor enrolled by a user.',
    { example: ex.exFactorTotp },
  ),
  FactorList: obj(
    {
      data: arr(ref('Factor'), 'The factors.'),
      backup_codes_remaining: int('Unused backup codes.', { minimum: 0 }),
    },
    ['data', 'backup_codes_remaining'],
    'All factors of a user (never more than a handful, so not paginated).',
    { example: { data: [ex.exFactorTotp, ex.exFactorSms], backup_codes_remaining: 8 } },
  ),
  TotpEnrollment: obj(
    {
      factor_id: id('fac', 'Factor'),
      secret: str('Base32 TOTP secret (RFC 6238, SHA-1, 6 digits, 30 s). Shown once.', {
        pattern: '^[A-Z2-7]+=*$',
      }),
      otpauth_uri: str('otpauth:// URI to render as a QR code.', { pattern: '^otpauth://totp/' }),
    },
    ['factor_id', 'secret', 'otpauth_uri'],
    'A pending TOTP factor. Confirm it with a current code.',
    {
      example: {
        factor_id: ex.exFactorTotp.id,
        secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        otpauth_uri:
          'otpauth://totp/HelloJohn:alice%40example.com?issuer=HelloJohn&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30',
      },
    },
  ),
  TotpConfirmRequest: obj(
    { factor_id: id('fac', 'Factor'), code: str('Current 6-digit TOTP code.', { pattern: '^[0-9]{6}$' }) },
    ['factor_id', 'code'],
    'Confirm a TOTP factor.',
    {
      example: { factor_id: ex.exFactorTotp.id, code: '123456' },
    },
  ),
  SmsEnrollRequest: obj(
    { phone_number: str('E.164 phone number to send codes to.', { pattern: E164 }) },
    ['phone_number'],
    'Enroll SMS codes.',
    {
      example: { phone_number: '+14155552671' },
    },
  ),
  EmailEnrollRequest: obj(
    { email: str("Address to send codes to (default: the user's email).", { format: 'email' }) },
    [],
    'Enroll email codes.',
    {
      example: { email: 'alice@example.com' },
    },
  ),
  FactorEnrollment: obj(
    { factor: ref('Factor'), code_expires_at: ts('The confirmation code expires after 10 minutes.') },
    ['factor', 'code_expires_at'],
    'A pending SMS or email factor; a confirmation code was sent.',
    {
      example: { factor: { ...ex.exFactorSms, status: 'pending' }, code_expires_at: '2024-01-15T10:40:00Z' },
    },
  ),
  FactorConfirmation: obj(
    {
      factor: ref('Factor'),
      backup_codes: arr(
        str('A backup code.', { pattern: '^[a-z0-9]{5}-[a-z0-9]{5}$' }),
        "Ten one-time backup codes, returned only with the user's first confirmed factor. Shown once.",
      ),
      auth_result: ref('AuthResultComplete'),
    },
    ['factor'],
    'The factor is active. `auth_result` completes a sign-in that was waiting on MFA enrollment (enrollment token).',
    {
      example: {
        factor: ex.exFactorTotp,
        backup_codes: ex.exBackupCodes,
      },
    },
  ),
  WebAuthnRegisterVerifyRequest: obj(
    {
      response: ref('WebAuthnRegistrationResponse'),
      name: str('A name for the key, shown in factor lists.', { maxLength: 100 }),
    },
    ['response'],
    "The authenticator's attestation.",
    { example: { response: ex.exRegistrationResponse, name: 'MacBook Touch ID' } },
  ),
  WebAuthnOptionsResult: obj(
    { options: ref('WebAuthnRegistrationOptions') },
    ['options'],
    'Registration options (challenge valid 5 minutes).',
    {
      example: { options: ex.exRegistrationOptions },
    },
  ),
  WebAuthnChallengeOptions: obj(
    { options: ref('WebAuthnAuthenticationOptions') },
    ['options'],
    'Assertion options for the challenge.',
    {
      example: { options: ex.exAuthenticationOptions },
    },
  ),
  BackupCodes: obj(
    {
      backup_codes: arr(
        str('A backup code.', { pattern: '^[a-z0-9]{5}-[a-z0-9]{5}$' }),
        'Ten new one-time codes; the old ones no longer work.',
        { minItems: 10, maxItems: 10 },
      ),
    },
    ['backup_codes'],
    'Fresh backup codes. Shown once.',
    {
      example: {
        backup_codes: ex.exBackupCodes,
      },
    },
  ),
  Challenge: obj(
    {
      challenge_id: id('chl', 'Challenge'),
      expires_at: ts('Expires 5 minutes after creation; dies after 5 failed attempts.'),
      factors: arr(factorHint, 'Factors that can answer it.'),
    },
    ['challenge_id', 'expires_at', 'factors'],
    'An MFA challenge.',
    {
      example: {
        challenge_id: ex.exAuthMfaRequired.challenge_id,
        expires_at: ex.T_EXP,
        factors: ex.exAuthMfaRequired.factors,
      },
    },
  ),
  CreateChallengeRequest: obj(
    { factor_id: id('fac', 'Factor') },
    [],
    'Step-up: optionally limit the challenge to one factor.',
    { example: {} },
  ),
  SendChallengeRequest: obj(
    { factor_id: id('fac', 'Factor') },
    ['factor_id'],
    'Which SMS or email factor to send the code to.',
    {
      example: { factor_id: ex.exFactorSms.id },
    },
  ),
  ChallengeCodeSent: obj(
    {
      factor_id: id('fac', 'Factor'),
      hint: nstr('Where it was sent, masked.'),
      code_expires_at: ts('The code expires with the challenge.'),
    },
    ['factor_id', 'hint', 'code_expires_at'],
    'A code was sent.',
    {
      example: { factor_id: ex.exFactorSms.id, hint: '+1•••••••2671', code_expires_at: ex.T_EXP },
    },
  ),
  VerifyChallengeRequest: {
    description:
      'Answer the challenge with exactly one of: a code for a factor (TOTP, SMS, email), a backup code, or a WebAuthn assertion.',
    oneOf: [
      obj(
        { factor_id: id('fac', 'Factor'), code: str('6-digit code.', { pattern: '^[0-9]{6}$' }) },
        ['factor_id', 'code'],
        'A TOTP, SMS or email code.',
      ),
      obj(
        { backup_code: str('An unused backup code.', { pattern: '^[a-z0-9]{5}-?[a-z0-9]{5}$' }) },
        ['backup_code'],
        'A backup code (single use).',
      ),
      obj(
        { webauthn_response: ref('WebAuthnAuthenticationResponse') },
        ['webauthn_response'],
        'A WebAuthn assertion for the options of /webauthn-options.',
      ),
    ],
    example: { factor_id: ex.exFactorTotp.id, code: '123456' },
  },

  // ---- organizations
  MemberRole: enm(['owner', 'admin', 'member'], 'Role within an organization.'),
  OrganizationSettings: obj(
    {
      mfa_required: bool('Members must complete MFA to use a session where this organization is active.'),
      allowed_email_domains: arr(str('Domain.'), 'Only invite these domains (empty: any).'),
    },
    [],
    'Organization settings.',
  ),
  Organization: obj(
    {
      id: id('org', 'Organization'),
      name: str('Name.', { minLength: 1, maxLength: 255 }),
      slug: str('URL-safe unique slug; usable in place of the id in paths.', {
        pattern: '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$',
      }),
      public_metadata: meta('Public metadata.'),
      private_metadata: meta('Private metadata (secret key only).'),
      settings: ref('OrganizationSettings'),
      members_count: int('Number of members.', { minimum: 0 }),
      created_at: ts('Creation time.'),
      updated_at: ts('Last update.'),
    },
    ['id', 'name', 'slug', 'public_metadata', 'settings', 'members_count', 'created_at', 'updated_at'],
    'A group of users within a tenant.',
    { example: ex.exOrg },
  ),
  OrganizationList: listOf('Organization', 'organizations'),
  CreateOrganizationRequest: obj(
    {
      name: str('Name.', { minLength: 1, maxLength: 255 }),
      slug: str('Slug (derived from the name when omitted).', {
        pattern: '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$',
      }),
      owner_id: id('usr', 'User who becomes owner (secret-key calls only)'),
      public_metadata: meta('Public metadata.'),
      private_metadata: meta('Private metadata.'),
      settings: ref('OrganizationSettings'),
    },
    ['name'],
    'A new organization.',
    { example: { name: 'Acme Corp', slug: 'acme-corp' } },
  ),
  UpdateOrganizationRequest: obj(
    {
      name: str('Name.', { minLength: 1, maxLength: 255 }),
      slug: str('Slug.', { pattern: '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$' }),
      public_metadata: meta('Replaces public metadata.'),
      private_metadata: meta('Replaces private metadata.'),
      settings: ref('OrganizationSettings'),
    },
    [],
    'Partial update.',
    { minProperties: 1, example: { settings: { mfa_required: true } } },
  ),
  Member: obj(
    {
      organization_id: id('org', 'Organization'),
      user_id: id('usr', 'User'),
      role: ref('MemberRole'),
      user: ref('UserSummary'),
      created_at: ts('Joined.'),
      updated_at: ts('Last change.'),
    },
    ['organization_id', 'user_id', 'role', 'user', 'created_at', 'updated_at'],
    "A user's membership of an organization.",
    { example: ex.exMember },
  ),
  MemberList: listOf('Member', 'members'),
  AddMemberRequest: obj(
    { user_id: id('usr', 'User'), role: ref('MemberRole') },
    ['user_id', 'role'],
    'Add a user of the tenant.',
    {
      example: { user_id: ex.exUser.id, role: 'member' },
    },
  ),
  UpdateMemberRequest: obj(
    { role: ref('MemberRole') },
    ['role'],
    'Change a role. The last owner cannot be demoted (409 `conflict`).',
    { example: { role: 'admin' } },
  ),
  Membership: obj(
    {
      organization: ref('Organization'),
      role: ref('MemberRole'),
      active: bool('This organization is active in the calling session.'),
    },
    ['organization', 'role', 'active'],
    'An organization the user belongs to, with their role.',
    { example: { organization: ex.exOrg, role: 'admin', active: false } },
  ),
  MembershipList: listOf('Membership', 'memberships'),
  Invitation: obj(
    {
      id: id('inv', 'Invitation'),
      organization_id: id('org', 'Organization'),
      email: str('Invitee.', { format: 'email' }),
      role: ref('MemberRole'),
      status: enm(['pending', 'accepted', 'revoked', 'expired'], 'Status.'),
      inviter_id: nid('usr', 'Inviting user'),
      expires_at: ts('The invitation token expires (default 7 days).'),
      created_at: ts('Created.'),
      accepted_at: nts('Accepted.'),
    },
    [
      'id',
      'organization_id',
      'email',
      'role',
      'status',
      'inviter_id',
      'expires_at',
      'created_at',
      'accepted_at',
    ],
    'An invitation to join an organization. The email carries a time-limited token.',
    { example: ex.exInvitation },
  ),
  InvitationList: listOf('Invitation', 'invitations'),
  CreateInvitationRequest: obj(
    {
      email: str('Who to invite.', { format: 'email', maxLength: 320 }),
      role: ref('MemberRole'),
      expires_in: int('Token lifetime in seconds (default 604800, max 2592000).', {
        minimum: 300,
        maximum: 2592000,
      }),
      redirect_url: str('Your accept page; `?token=` is appended in the email.', { format: 'uri' }),
    },
    ['email'],
    'Invite by email (role defaults to member).',
    { example: { email: 'carol@example.com', role: 'member' } },
  ),
  AcceptInvitationRequest: obj(
    { token: str('Invitation token from the email.', { minLength: 1 }) },
    ['token'],
    'Accept as the signed-in user (email must match).',
    {
      example: { token: 'inv_tok_6hJ3kL8zX5cV0bN2m7yU2iO9pA4sD1fG' },
    },
  ),
  InvitationAcceptance: obj(
    { organization: ref('Organization'), member: ref('Member') },
    ['organization', 'member'],
    'The new membership.',
    {
      example: { organization: ex.exOrg, member: { ...ex.exMember, role: 'member' } },
    },
  ),

  // ---- clients
  Client: obj(
    {
      id: id('cli', 'Client'),
      name: str('Name.', { minLength: 1, maxLength: 255 }),
      type: enm(
        ['spa', 'web', 'native', 'machine'],
        'Public clients (spa, native) must use PKCE; `web` and `machine` hold a secret.',
      ),
      redirect_uris: arr(str('Exact redirect URI.', { format: 'uri' }), 'Allowed redirect URIs.'),
      allowed_origins: arr(str('Origin.'), 'CORS origins.'),
      grant_types: arr(
        enm(['authorization_code', 'refresh_token', 'client_credentials'], 'Grant.'),
        'Allowed grants.',
      ),
      scopes: arr(str('Scope.'), 'Allowed scopes.'),
      id_token_signed_response_alg: enm(
        ['EdDSA', 'RS256'],
        'Algorithm of the ID tokens issued to this client (OIDC Dynamic Client Registration §2). Default EdDSA; RS256 for clients that support nothing else. Access tokens are always EdDSA.',
      ),
      has_secret: bool('Whether the client has a secret.'),
      created_at: ts('Created.'),
      updated_at: ts('Updated.'),
    },
    [
      'id',
      'name',
      'type',
      'redirect_uris',
      'allowed_origins',
      'grant_types',
      'scopes',
      'id_token_signed_response_alg',
      'has_secret',
      'created_at',
      'updated_at',
    ],
    'A registered application.',
    { example: ex.exClient },
  ),
  get ClientWithSecret() {
    return extend(
      this.Client,
      { client_secret: str('Shown once; store it now.') },
      ['client_secret'],
      'A client with its new secret (creation and rotation only).',
      { ...ex.exClient, type: 'web', has_secret: true, client_secret: 'cs_Zx8Cv7Bn6Mm5Ll4Kk3Jj2Hh1Gg0Ff9Dd' },
    )
  },
  ClientList: listOf('Client', 'clients'),
  CreateClientRequest: obj(
    {
      name: str('Name.', { minLength: 1, maxLength: 255 }),
      type: enm(['spa', 'web', 'native', 'machine'], 'Client type.'),
      redirect_uris: arr(str('URI.', { format: 'uri' }), 'Redirect URIs.'),
      allowed_origins: arr(str('Origin.'), 'CORS origins.'),
      grant_types: arr(
        enm(['authorization_code', 'refresh_token', 'client_credentials'], 'Grant.'),
        'Grants (default by type).',
      ),
      scopes: arr(str('Scope.'), 'Scopes (default openid profile email).'),
      id_token_signed_response_alg: enm(['EdDSA', 'RS256'], 'ID token algorithm (default EdDSA).'),
    },
    ['name', 'type'],
    'A new client.',
    { example: { name: 'Acme Web', type: 'spa', redirect_uris: ['https://app.acme.com/callback'] } },
  ),
  UpdateClientRequest: obj(
    {
      name: str('Name.', { minLength: 1, maxLength: 255 }),
      redirect_uris: arr(str('URI.', { format: 'uri' }), 'Redirect URIs.'),
      allowed_origins: arr(str('Origin.'), 'CORS origins.'),
      grant_types: arr(
        enm(['authorization_code', 'refresh_token', 'client_credentials'], 'Grant.'),
        'Grants.',
      ),
      scopes: arr(str('Scope.'), 'Scopes.'),
      id_token_signed_response_alg: enm(['EdDSA', 'RS256'], 'ID token algorithm.'),
    },
    [],
    'Partial update.',
    {
      minProperties: 1,
      example: { redirect_uris: ['https://app.acme.com/callback', 'http://localhost:5173/callback'] },
    },
  ),

  // ---- webhooks
  WebhookEventType: enm(WEBHOOK_EVENTS, 'Event type.'),
  Webhook: obj(
    {
      id: id('wh', 'Webhook'),
      url: str('HTTPS endpoint (http allowed for localhost).', { format: 'uri' }),
      events: arr(ref('WebhookEventType'), 'Subscribed events.'),
      enabled: bool('Deliveries are sent.'),
      description: nstr('Note.'),
      created_at: ts('Created.'),
      updated_at: ts('Updated.'),
    },
    ['id', 'url', 'events', 'enabled', 'description', 'created_at', 'updated_at'],
    'A webhook endpoint. Deliveries are POSTed as JSON with `HelloJohn-Signature: t=<unix>,v1=<hex>` where v1 = HMAC-SHA256(signing secret, "<t>.<raw body>"); failed deliveries are retried with exponential backoff (up to 5 attempts).',
    { example: ex.exWebhook },
  ),
  get WebhookWithSecret() {
    return extend(
      this.Webhook,
      { signing_secret: str('Signing secret, shown only now.', { pattern: '^whsec_' }) },
      ['signing_secret'],
      'A webhook and its signing secret (creation only).',
      { ...ex.exWebhook, signing_secret: 'whsec_Qw3Er4Ty5Ui6Op7As8Df9Gh0Jk1Lz2Xc' },
    )
  },
  WebhookList: listOf('Webhook', 'webhooks'),
  CreateWebhookRequest: obj(
    {
      url: str('Endpoint URL.', { format: 'uri' }),
      events: arr(ref('WebhookEventType'), 'Events to subscribe to.', { minItems: 1, uniqueItems: true }),
      description: str('Note.', { maxLength: 500 }),
      enabled: bool('Default true.'),
    },
    ['url', 'events'],
    'A new webhook.',
    {
      example: {
        url: 'https://api.acme.com/webhooks/hellojohn',
        events: ['user.created', 'session.revoked'],
      },
    },
  ),
  UpdateWebhookRequest: obj(
    {
      url: str('Endpoint URL.', { format: 'uri' }),
      events: arr(ref('WebhookEventType'), 'Events.', { minItems: 1, uniqueItems: true }),
      description: { type: ['string', 'null'], maxLength: 500, description: 'Note.' },
      enabled: bool('Enable or pause deliveries.'),
    },
    [],
    'Partial update.',
    { minProperties: 1, example: { enabled: false } },
  ),
  RotateWebhookSecretRequest: obj(
    {
      expire_previous_in: int(
        'Seconds the previous secret keeps signing too (both `v1=` entries are sent); default 86400, 0 = at once.',
        { minimum: 0, maximum: 604800 },
      ),
    },
    [],
    'Rotation options.',
    { example: { expire_previous_in: 86400 } },
  ),
  WebhookSecret: obj(
    {
      signing_secret: str('The new signing secret, shown once.', { pattern: '^whsec_' }),
      previous_expires_at: nts('When the previous secret stops signing.'),
    },
    ['signing_secret', 'previous_expires_at'],
    'A rotated secret.',
    {
      example: {
        signing_secret: 'whsec_Zx9Cv8Bn7Mm6Ll5Kk4Jj3Hh2Gg1Ff0Dd',
        previous_expires_at: '2024-01-16T10:30:00Z',
      },
    },
  ),
  WebhookEvent: obj(
    {
      id: str('Event id (`evt_`).', { pattern: '^evt_[0-9A-Za-z]+$' }),
      type: ref('WebhookEventType'),
      created_at: ts('When it happened.'),
      tenant_id: id('tnt', 'Tenant'),
      data: obj(
        {
          object: {
            type: 'object',
            additionalProperties: true,
            description:
              'The resource (User, Session, Factor, Organization, Member, Invitation) as the API returns it.',
          },
        },
        ['object'],
        'Event payload.',
      ),
    },
    ['id', 'type', 'created_at', 'tenant_id', 'data'],
    'The JSON body of a webhook delivery.',
    { example: ex.exEvent },
  ),
  WebhookDelivery: obj(
    {
      id: id('whd', 'Delivery'),
      webhook_id: id('wh', 'Webhook'),
      event_id: str('Event id.'),
      event_type: ref('WebhookEventType'),
      status: enm(
        ['pending', 'succeeded', 'failed'],
        'Status of the latest attempt; `failed` after the last retry.',
      ),
      attempt: int('Attempt number (1-5).', { minimum: 1 }),
      response_status: { type: ['integer', 'null'], description: 'HTTP status your endpoint answered.' },
      duration_ms: { type: ['integer', 'null'], description: 'Duration of the attempt.' },
      error: nstr('Network error, if any.'),
      next_retry_at: nts('When the next attempt happens.'),
      created_at: ts('Created.'),
    },
    [
      'id',
      'webhook_id',
      'event_id',
      'event_type',
      'status',
      'attempt',
      'response_status',
      'duration_ms',
      'error',
      'next_retry_at',
      'created_at',
    ],
    'One delivery of an event to a webhook.',
    { example: ex.exDelivery },
  ),
  WebhookDeliveryList: listOf('WebhookDelivery', 'deliveries'),

  // ---- audit log
  AuditLogEntry: obj(
    {
      id: id('aud', 'Audit entry'),
      actor: obj(
        { type: enm(['user', 'api_key', 'system'], 'Actor kind.'), id: nstr('Actor id.') },
        ['type', 'id'],
        'Who acted.',
      ),
      action: str('What happened, e.g. `user.signed_in`, `user.created`, `user.impersonated`.'),
      resource: obj(
        { type: str('Resource type.'), id: nstr('Resource id.') },
        ['type', 'id'],
        'What it was done to.',
      ),
      ip_address: nstr('Client IP.'),
      user_agent: nstr('Client user agent.'),
      created_at: ts('When.'),
      metadata: meta('Extra context.'),
    },
    ['id', 'actor', 'action', 'resource', 'ip_address', 'user_agent', 'created_at', 'metadata'],
    'A tamper-evident record of an action. Every sign-in and every admin action writes one; impersonation always does.',
    { example: ex.exAudit },
  ),
  AuditLogList: listOf('AuditLogEntry', 'audit-log entries'),

  // ---- control plane
  Tenant: obj(
    {
      id: id('tnt', 'Tenant'),
      name: str('Name.', { minLength: 1, maxLength: 255 }),
      slug: str('Slug.', { pattern: '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$' }),
      status: enm(['active', 'suspended'], 'Status.'),
      metadata: meta('Tenant metadata (copied to claims via `jwt_claims.from_tenant_metadata`).'),
      created_at: ts('Created.'),
      updated_at: ts('Updated.'),
    },
    ['id', 'name', 'slug', 'status', 'metadata', 'created_at', 'updated_at'],
    'The top-level isolation unit.',
    { example: ex.exTenant },
  ),
  TenantList: listOf('Tenant', 'tenants'),
  CreateTenantRequest: obj(
    {
      name: str('Name.', { minLength: 1, maxLength: 255 }),
      slug: str('Slug.', { pattern: '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$' }),
      metadata: meta('Metadata.'),
    },
    ['name'],
    'A new tenant (with the default auth config).',
    { example: { name: 'Acme Corp', slug: 'acme' } },
  ),
  UpdateTenantRequest: obj(
    {
      name: str('Name.', { minLength: 1, maxLength: 255 }),
      status: enm(['active', 'suspended'], 'Status.'),
      metadata: meta('Replaces metadata.'),
    },
    [],
    'Partial update.',
    { minProperties: 1, example: { metadata: { tier: 'enterprise' } } },
  ),
  ApiKey: obj(
    {
      id: id('key', 'API key'),
      tenant_id: id('tnt', 'Tenant'),
      name: str('Name.'),
      type: enm(['secret', 'publishable'], 'Key type.'),
      environment: enm(['live', 'test'], 'Environment.'),
      prefix: str('First characters, to recognise it.'),
      created_at: ts('Created.'),
      last_used_at: nts('Last used.'),
      revoked_at: nts('Revoked.'),
    },
    ['id', 'tenant_id', 'name', 'type', 'environment', 'prefix', 'created_at', 'last_used_at', 'revoked_at'],
    'An API key (the secret itself is shown once, at creation).',
    { example: ex.exApiKey },
  ),
  get ApiKeyWithSecret() {
    return extend(
      this.ApiKey,
      { key: str('The full key; shown only now.', { pattern: '^(sk|pk)_(live|test)_' }) },
      ['key'],
      'A new key and its value.',
      { ...ex.exApiKey, key: 'sk_live_9fXk2LmQ7wR4tY1uI8oP3aS6dF0gH5jK' },
    )
  },
  ApiKeyList: listOf('ApiKey', 'API keys'),
  CreateApiKeyRequest: obj(
    {
      name: str('Name.', { minLength: 1, maxLength: 255 }),
      type: enm(['secret', 'publishable'], 'Key type.'),
      environment: enm(['live', 'test'], 'Default test.'),
    },
    ['name', 'type'],
    'A new key.',
    { example: { name: 'Production backend', type: 'secret', environment: 'live' } },
  ),

  // ---- tenant administration (seed 002)
  AuthMethod: enm(AUTH_METHODS, 'Authentication method.'),
  PasswordPolicy: passwordPolicy,
  SessionConfig: sessionConfig,
  JwtClaimsConfig: jwtClaims,
  AuthConfig: obj(
    { tenant_id: id('tnt', 'Tenant'), ...authConfigFields, updated_at: ts('Last change.') },
    ['tenant_id', ...Object.keys(authConfigFields), 'updated_at'],
    "A tenant's auth configuration. It is live: every rule applies to the next request.",
    { example: ex.exAuthConfig },
  ),
  AuthConfigUpdate: obj(
    authConfigFields,
    [],
    'Partial update: only the fields you send change (nested password_policy, session_config and jwt_claims are merged too). Unknown auth methods fail with 422 `validation_failed`.',
    {
      minProperties: 1,
      example: {
        mfa_required: true,
        allowed_email_domains: ['acme.com', 'acme-corp.com'],
        password_policy: { min_length: 12, require_uppercase: true, require_numbers: true },
      },
    },
  ),
  OAuthProvider: obj(
    {
      provider: enm(SOCIAL_PROVIDERS, 'Provider.'),
      client_id: str("The tenant's OAuth client id at the provider."),
      enabled: bool('In use.'),
      scopes: arr(str('Scope.'), 'Scopes requested.'),
      created_at: ts('Created.'),
      updated_at: ts('Updated.'),
    },
    ['provider', 'client_id', 'enabled', 'scopes', 'created_at', 'updated_at'],
    "A tenant's own OAuth app for a provider. The client secret is write-only and never returned.",
    { example: ex.exOAuthProvider },
  ),
  OAuthProviderList: obj(
    { data: arr(ref('OAuthProvider'), 'Providers.') },
    ['data'],
    "The tenant's providers.",
    { example: { data: [ex.exOAuthProvider] } },
  ),
  OAuthProviderInput: obj(
    {
      provider: enm(SOCIAL_PROVIDERS, 'Provider.'),
      client_id: str('Client id.', { minLength: 1 }),
      client_secret: str('Client secret (write-only).', { minLength: 1, writeOnly: true }),
      scopes: arr(str('Scope.'), 'Scopes.'),
      enabled: bool('Default true.'),
    },
    ['provider', 'client_id', 'client_secret'],
    "Create or replace the tenant's credentials for a provider.",
    {
      example: {
        provider: 'google',
        client_id: 'customer-client-id.apps.googleusercontent.com',
        client_secret: 'customer-secret',
      },
    },
  ),
  UserMfa: obj(
    {
      user_id: id('usr', 'User'),
      mfa_enabled: bool('Has an active factor.'),
      factors: arr(ref('Factor'), 'Factors.'),
      backup_codes_remaining: int('Unused backup codes.', { minimum: 0 }),
    },
    ['user_id', 'mfa_enabled', 'factors', 'backup_codes_remaining'],
    "A user's MFA enrollment.",
    {
      example: {
        user_id: ex.exUser.id,
        mfa_enabled: true,
        factors: [ex.exFactorTotp],
        backup_codes_remaining: 10,
      },
    },
  ),
  MfaReset: obj(
    { user_id: id('usr', 'User'), factors_removed: int('Factors removed.', { minimum: 0 }) },
    ['user_id', 'factors_removed'],
    'Result of a reset.',
    {
      example: { user_id: ex.exUser.id, factors_removed: 2 },
    },
  ),

  // ---- discovery and OAuth
  Jwk: {
    type: 'object',
    description:
      'A public signing key: OKP Ed25519 (`alg: EdDSA`, access and ID tokens) or RSA (`alg: RS256`, ID tokens of clients registered for RS256).',
    required: ['kty', 'kid'],
    properties: {
      kty: str('Key type (OKP).'),
      crv: str('Curve (Ed25519).'),
      x: str('Ed25519 public key, base64url.'),
      n: str('RSA modulus, base64url.'),
      e: str('RSA exponent, base64url.'),
      kid: str('Key id, as in the token header.'),
      alg: str('EdDSA or RS256.'),
      use: str('sig.'),
    },
    additionalProperties: true,
  },
  Jwks: obj(
    {
      keys: arr(
        ref('Jwk'),
        'The Ed25519 keys, newest first (a rotated key stays listed until it is retired), then the RSA key of RS256 ID tokens.',
      ),
    },
    ['keys'],
    'JSON Web Key Set.',
    {
      example: {
        keys: [
          {
            kty: 'OKP',
            crv: 'Ed25519',
            x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
            kid: 'key_01HABCDEF',
            alg: 'EdDSA',
            use: 'sig',
          },
        ],
      },
    },
  ),
  OpenIdConfiguration: {
    type: 'object',
    description: 'OIDC discovery document.',
    required: [
      'issuer',
      'authorization_endpoint',
      'token_endpoint',
      'jwks_uri',
      'response_types_supported',
      'subject_types_supported',
      'id_token_signing_alg_values_supported',
    ],
    properties: {
      issuer: str('Issuer.'),
      authorization_endpoint: str('Authorize URL.'),
      token_endpoint: str('Token URL.'),
      userinfo_endpoint: str('Userinfo URL.'),
      revocation_endpoint: str('Revocation URL.'),
      introspection_endpoint: str('RFC 7662 introspection URL (confidential clients).'),
      revocation_endpoint_auth_methods_supported: arr(
        str('Method.'),
        'Client auth methods at the revocation endpoint.',
      ),
      introspection_endpoint_auth_methods_supported: arr(
        str('Method.'),
        'Client auth methods at the introspection endpoint.',
      ),
      prompt_values_supported: arr(str('Prompt.'), 'Supported `prompt` values.'),
      jwks_uri: str('JWKS URL.'),
      response_types_supported: arr(str('Type.'), 'Always ["code"].'),
      grant_types_supported: arr(str('Grant.'), 'Grants.'),
      subject_types_supported: arr(str('Type.'), 'public.'),
      id_token_signing_alg_values_supported: arr(
        str('Alg.'),
        '["EdDSA", "RS256"] (OIDC Discovery requires RS256).',
      ),
      code_challenge_methods_supported: arr(str('Method.'), '["S256"].'),
      scopes_supported: arr(str('Scope.'), 'Scopes.'),
      token_endpoint_auth_methods_supported: arr(str('Method.'), 'Client auth methods.'),
      claims_supported: arr(str('Claim.'), 'Claims.'),
    },
    additionalProperties: true,
    example: {
      issuer: 'https://api.hellojohn.dev',
      authorization_endpoint: 'https://api.hellojohn.dev/v1/oauth/authorize',
      token_endpoint: 'https://api.hellojohn.dev/v1/oauth/token',
      userinfo_endpoint: 'https://api.hellojohn.dev/v1/oauth/userinfo',
      revocation_endpoint: 'https://api.hellojohn.dev/v1/oauth/revoke',
      introspection_endpoint: 'https://api.hellojohn.dev/v1/oauth/introspect',
      jwks_uri: 'https://api.hellojohn.dev/.well-known/jwks.json',
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['EdDSA', 'RS256'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['openid', 'profile', 'email', 'phone', 'offline_access'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      claims_supported: [
        'sub',
        'email',
        'email_verified',
        'name',
        'phone_number',
        'tenant_id',
        'org_id',
        'role',
      ],
    },
  },
  OAuthTokenRequest: {
    type: 'object',
    description:
      'Form-encoded token request (RFC 6749). Public clients authenticate with PKCE only; confidential clients with client_secret_basic or client_secret_post.',
    required: ['grant_type'],
    properties: {
      grant_type: enm(['authorization_code', 'refresh_token', 'client_credentials'], 'Grant type.'),
      code: str('authorization_code: the code (single use, 60 s).'),
      redirect_uri: str('authorization_code: the same redirect_uri as in /authorize.'),
      code_verifier: str('authorization_code: the PKCE verifier (43-128 chars).', {
        minLength: 43,
        maxLength: 128,
      }),
      refresh_token: str('refresh_token: the refresh token.'),
      client_id: str('Client id (or the publishable key for first-party apps).'),
      client_secret: str('client_secret_post authentication.', { writeOnly: true }),
      scope: str('Space-separated scopes (client_credentials).'),
    },
    additionalProperties: false,
    example: {
      grant_type: 'authorization_code',
      code: 'ac_5tY1uI8oP3aS6dF0',
      redirect_uri: 'https://app.acme.com/callback',
      code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      client_id: 'cli_01HABCDEF555555',
    },
  },
  OAuthTokenResponse: obj(
    {
      access_token: str('Access token (JWT).'),
      token_type: enm(['Bearer'], 'Bearer.'),
      expires_in: int('Seconds.'),
      refresh_token: str('Refresh token (not for client_credentials).'),
      id_token: str('OIDC ID token (when `openid` was requested).'),
      scope: str('Granted scopes.'),
    },
    ['access_token', 'token_type', 'expires_in'],
    'RFC 6749 token response.',
    {
      example: {
        access_token: ex.exTokens.access_token,
        token_type: 'Bearer',
        expires_in: 900,
        refresh_token: ex.exTokens.refresh_token,
        scope: 'openid profile email',
      },
    },
  ),
  OAuthRevokeRequest: {
    type: 'object',
    description: 'RFC 7009 revocation request (form-encoded).',
    required: ['token'],
    properties: {
      token: str('The token to revoke.'),
      token_type_hint: enm(['access_token', 'refresh_token'], 'Hint.'),
      client_id: str('Client id.'),
      client_secret: str('Client secret.', { writeOnly: true }),
    },
    additionalProperties: false,
    example: {
      token: ex.exTokens.refresh_token,
      token_type_hint: 'refresh_token',
      client_id: 'cli_01HABCDEF555555',
    },
  },
  OAuthIntrospectRequest: {
    type: 'object',
    description:
      'RFC 7662 introspection request (form-encoded). The caller authenticates as a confidential client (client_secret_basic or client_secret_post).',
    required: ['token'],
    properties: {
      token: str('The token to inspect.'),
      token_type_hint: enm(['access_token', 'refresh_token'], 'Hint.'),
      client_id: str('Client id (client_secret_post).'),
      client_secret: str('Client secret (client_secret_post).', { writeOnly: true }),
    },
    additionalProperties: false,
    example: { token: ex.exTokens.access_token, token_type_hint: 'access_token' },
  },
  OAuthIntrospection: {
    type: 'object',
    description:
      'RFC 7662 §2.2 answer. `{ "active": false }` alone for a token that is unknown, expired, revoked or of another tenant.',
    required: ['active'],
    properties: {
      active: bool('Whether the token is currently usable.'),
      token_type: str('`Bearer` for access tokens, `refresh_token` for refresh tokens.'),
      scope: str('Scopes.'),
      client_id: str('The client the token was issued to.'),
      sub: str('Subject (user id, or the client id of a machine token).'),
      aud: str('Audience (tenant id).'),
      iss: str('Issuer.'),
      exp: int('Expiry (unix seconds).'),
      iat: int('Issued at (unix seconds).'),
      sid: str('Session id.'),
      tenant_id: str('Tenant.'),
    },
    additionalProperties: false,
    example: {
      active: true,
      token_type: 'Bearer',
      client_id: 'cli_01HABCDEF555555',
      sub: 'usr_01HABCDEF123456',
      aud: 'tnt_01HABCDEF654321',
      iss: 'https://api.hellojohn.dev',
      exp: 1700000900,
      iat: 1700000000,
      sid: 'ses_01HABCDEF777777',
      tenant_id: 'tnt_01HABCDEF654321',
      scope: 'openid profile email',
    },
  },
  UserInfo: {
    type: 'object',
    description: 'OIDC UserInfo claims.',
    required: ['sub'],
    properties: {
      sub: str('User id.'),
      email: str('Email.'),
      email_verified: bool('Verified.'),
      name: nstr('Name.'),
      phone_number: nstr('Phone.'),
      phone_number_verified: bool('Verified.'),
      tenant_id: str('Tenant.'),
      org_id: nstr('Active organization.'),
      role: str('Role.'),
      updated_at: int('Unix seconds.'),
    },
    additionalProperties: true,
    example: {
      sub: ex.exUser.id,
      email: ex.exUser.email,
      email_verified: true,
      name: ex.exUser.name,
      tenant_id: ex.exSession.tenant_id,
      role: 'member',
    },
  },
  ...signInTicketSchemas,
}
