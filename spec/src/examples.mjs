// Example values shared by the component schemas and the operations. Every example is validated against its
// schema by spec/__tests__/examples.test.ts, so keep them realistic and consistent with each other.

export const T0 = '2024-01-15T10:30:00Z'
export const T1 = '2024-01-15T11:30:00Z'
export const T_EXP = '2024-01-15T10:35:00Z'

export const exUser = {
  id: 'usr_01HABCDEF123456',
  email: 'alice@example.com',
  email_verified: true,
  phone_number: '+14155552671',
  phone_verified: false,
  external_id: 'user_42',
  name: 'Alice Example',
  role: 'member',
  status: 'active',
  public_metadata: { plan: 'enterprise' },
  private_metadata: { salesforce_id: '0035e00000ABCDE' },
  mfa_enabled: false,
  created_at: T0,
  updated_at: T0,
  last_sign_in_at: T1,
}

export const exSession = {
  id: 'ses_01HABCDEF777777',
  user_id: exUser.id,
  tenant_id: 'tnt_01HABCDEF654321',
  status: 'active',
  ip_address: '203.0.113.7',
  user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)',
  mfa_verified: false,
  org_id: null,
  created_at: T0,
  last_active_at: T1,
  expires_at: '2024-02-14T10:30:00Z',
  revoked_at: null,
}

export const exTokens = {
  access_token:
    'eyJhbGciOiJFZERTQSIsImtpZCI6ImtleV8wMUhBQkNERUYifQ.eyJzdWIiOiJ1c3JfMDFIQUJDREVGMTIzNDU2In0.c2lnbmF0dXJl',
  refresh_token: 'rt_3q2WmZ7fJ0nV9pXo4bT1sLkQy8uEaRcD',
  token_type: 'Bearer',
  expires_in: 900,
}

/** Ten backup codes, as enrollment and regeneration return them. */
export const exBackupCodes = [
  'a1b2c-d3e4f',
  'g5h6i-j7k8l',
  'm9n0p-q1r2s',
  't3u4v-w5x6y',
  'z7a8b-c9d0e',
  'f1g2h-i3j4k',
  'l5m6n-o7p8q',
  'r9s0t-u1v2w',
  'x3y4z-a5b6c',
  'd7e8f-g9h0i',
]

export const exFactorTotp = {
  id: 'fac_01HABCDEF222222',
  type: 'totp',
  status: 'active',
  name: 'Authenticator app',
  hint: null,
  created_at: T0,
  last_used_at: T1,
}

export const exFactorSms = {
  id: 'fac_01HABCDEF333333',
  type: 'sms',
  status: 'active',
  name: 'Phone',
  hint: '+1•••••••2671',
  created_at: T0,
  last_used_at: null,
}

export const exAuthComplete = {
  status: 'complete',
  user: exUser,
  session: { id: exSession.id, expires_at: exSession.expires_at },
  tokens: exTokens,
}

export const exAuthMfaRequired = {
  status: 'mfa_required',
  challenge_id: 'chl_01HABCDEF444444',
  expires_at: T_EXP,
  factors: [
    { id: exFactorTotp.id, type: 'totp', hint: null },
    { id: exFactorSms.id, type: 'sms', hint: '+1•••••••2671' },
  ],
}

export const exAuthEnrollment = {
  status: 'mfa_enrollment_required',
  enrollment_token: 'enr_9fXk2LmQ7wR4tY1uI8oP3aS6dF0gH5jK',
  allowed_methods: ['totp', 'webauthn', 'backup_codes'],
}

export const exOrg = {
  id: 'org_01HABCDEF888888',
  name: 'Acme Corp',
  slug: 'acme-corp',
  public_metadata: { tier: 'premium' },
  private_metadata: {},
  settings: { mfa_required: false, allowed_email_domains: [] },
  members_count: 3,
  created_at: T0,
  updated_at: T0,
}

export const exMember = {
  organization_id: exOrg.id,
  user_id: exUser.id,
  role: 'admin',
  user: { id: exUser.id, email: exUser.email, name: exUser.name },
  created_at: T0,
  updated_at: T0,
}

export const exInvitation = {
  id: 'inv_01HABCDEF999999',
  organization_id: exOrg.id,
  email: 'carol@example.com',
  role: 'member',
  status: 'pending',
  inviter_id: exUser.id,
  expires_at: '2024-01-22T10:30:00Z',
  created_at: T0,
  accepted_at: null,
}

export const exClient = {
  id: 'cli_01HABCDEF555555',
  name: 'Acme Web',
  type: 'spa',
  redirect_uris: ['https://app.acme.com/callback'],
  allowed_origins: ['https://app.acme.com'],
  grant_types: ['authorization_code', 'refresh_token'],
  scopes: ['openid', 'profile', 'email'],
  id_token_signed_response_alg: 'EdDSA',
  has_secret: false,
  created_at: T0,
  updated_at: T0,
}

export const exWebhook = {
  id: 'wh_01HABCDEF121212',
  url: 'https://api.acme.com/webhooks/hellojohn',
  events: ['user.created', 'session.revoked'],
  enabled: true,
  description: 'Sync users to the CRM',
  created_at: T0,
  updated_at: T0,
}

export const exEvent = {
  id: 'evt_01HABCDEF343434',
  type: 'user.created',
  created_at: T0,
  tenant_id: exSession.tenant_id,
  data: { object: exUser },
}

export const exDelivery = {
  id: 'whd_01HABCDEF565656',
  webhook_id: exWebhook.id,
  event_id: exEvent.id,
  event_type: 'user.created',
  status: 'succeeded',
  attempt: 1,
  response_status: 200,
  duration_ms: 84,
  error: null,
  next_retry_at: null,
  created_at: T0,
}

export const exAudit = {
  id: 'aud_01HABCDEF787878',
  actor: { type: 'api_key', id: 'key_01HABCDEF909090' },
  action: 'user.impersonated',
  resource: { type: 'user', id: exUser.id },
  ip_address: '203.0.113.7',
  user_agent: 'hellojohn-node/0.1.0',
  created_at: T0,
  metadata: { reason: 'Support ticket #1234' },
}

export const exTenant = {
  id: 'tnt_01HABCDEF654321',
  name: 'Acme Corp',
  slug: 'acme',
  status: 'active',
  metadata: { tier: 'premium' },
  created_at: T0,
  updated_at: T0,
}

export const exApiKey = {
  id: 'key_01HABCDEF909090',
  tenant_id: exTenant.id,
  name: 'Production backend',
  type: 'secret',
  environment: 'live',
  prefix: 'sk_live_9fXk',
  created_at: T0,
  last_used_at: T1,
  revoked_at: null,
}

export const exAuthConfig = {
  tenant_id: exTenant.id,
  allowed_auth_methods: ['email_password', 'google', 'magic_link'],
  mfa_required: false,
  mfa_methods: ['totp', 'webauthn', 'backup_codes'],
  mfa_required_roles: ['admin'],
  allowed_email_domains: [],
  password_policy: {
    min_length: 8,
    max_length: 128,
    require_uppercase: false,
    require_lowercase: false,
    require_numbers: false,
    require_symbols: false,
    prevent_common_passwords: true,
    password_history: 0,
  },
  session_config: { access_token_ttl: 900, refresh_token_ttl: 2592000, refresh_token_reuse_interval: 10 },
  sso_enabled: false,
  sso_required: false,
  jwt_claims: {
    static: { app_name: 'Acme Portal', environment: 'production' },
    from_user_metadata: ['plan'],
    from_tenant_metadata: ['tier'],
  },
  allowed_redirect_urls: ['https://app.acme.com', 'http://localhost'],
  updated_at: T0,
}

export const exOAuthProvider = {
  provider: 'google',
  client_id: 'customer-client-id.apps.googleusercontent.com',
  enabled: true,
  scopes: ['openid', 'email', 'profile'],
  created_at: T0,
  updated_at: T0,
}

export const exPagination = (total, limit = 20, next = null) => ({
  total,
  limit,
  has_more: next !== null,
  next_cursor: next,
})

export const exError = (code, status, message, details) => ({
  error: {
    code,
    message,
    status,
    request_id: 'req_01HABCDEF999888',
    ...(details ? { details } : {}),
  },
})

export const exRegistrationOptions = {
  challenge: 'dGhpcy1pcy1hLXJhbmRvbS1jaGFsbGVuZ2U',
  rp: { name: 'HelloJohn', id: 'localhost' },
  user: { id: 'dXNyXzAxSEFCQ0RFRjEyMzQ1Ng', name: 'alice@example.com', displayName: 'Alice Example' },
  pubKeyCredParams: [
    { type: 'public-key', alg: -8 },
    { type: 'public-key', alg: -7 },
    { type: 'public-key', alg: -257 },
  ],
  timeout: 300000,
  attestation: 'none',
  excludeCredentials: [],
  authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
}

export const exAuthenticationOptions = {
  challenge: 'YW5vdGhlci1yYW5kb20tY2hhbGxlbmdl',
  rpId: 'localhost',
  timeout: 300000,
  userVerification: 'preferred',
  allowCredentials: [],
}

export const exRegistrationResponse = {
  id: 'cred-id-base64url',
  rawId: 'cred-id-base64url',
  type: 'public-key',
  response: {
    clientDataJSON: 'eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0',
    attestationObject: 'o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YQ',
    transports: ['internal'],
  },
  clientExtensionResults: {},
  authenticatorAttachment: 'platform',
}

export const exAuthenticationResponse = {
  id: 'cred-id-base64url',
  rawId: 'cred-id-base64url',
  type: 'public-key',
  response: {
    clientDataJSON: 'eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0',
    authenticatorData: 'SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAAAQ',
    signature: 'MEUCIQDsignature',
    userHandle: 'dXNyXzAxSEFCQ0RFRjEyMzQ1Ng',
  },
  clientExtensionResults: {},
}
