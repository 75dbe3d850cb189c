import type { components } from '../http/spec-types'
import type { PasswordPolicy } from './passwords'
import type { StoredCredential } from './webauthn'

/** Primary auth methods a tenant can allow (seed 002). */
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
] as const
/** One of {@link AUTH_METHODS}. */
export type AuthMethod = (typeof AUTH_METHODS)[number]

/** MFA methods a tenant can allow. */
export const MFA_METHODS = ['totp', 'webauthn', 'sms', 'email', 'backup_codes'] as const
/** One of {@link MFA_METHODS}. */
export type MfaMethod = (typeof MFA_METHODS)[number]

/** Token lifetimes in seconds. */
export interface SessionConfig {
  access_token_ttl: number
  refresh_token_ttl: number
  /**
   * Seconds during which a spent refresh token gets its successor pair again instead of revoking the session.
   */
  refresh_token_reuse_interval: number
}

/** Custom JWT claims of a tenant. */
export interface JwtClaimsConfig {
  static: Record<string, unknown>
  from_user_metadata: string[]
  from_tenant_metadata: string[]
}

/** A tenant's auth configuration: every field of seed 002. */
export interface AuthConfig {
  allowed_auth_methods: AuthMethod[]
  mfa_required: boolean
  mfa_methods: MfaMethod[]
  mfa_required_roles: string[]
  allowed_email_domains: string[]
  password_policy: PasswordPolicy
  session_config: SessionConfig
  sso_enabled: boolean
  sso_required: boolean
  jwt_claims: JwtClaimsConfig
  /**
   * Where magic links, password resets and publishable-key OAuth redirects may lead (see
   * engine/redirects.ts).
   */
  allowed_redirect_urls: string[]
}

export interface TenantRecord {
  id: string
  name: string
  slug: string
  status: 'active' | 'suspended'
  metadata: Record<string, unknown>
  auth_config: AuthConfig
  created_at: number
  updated_at: number
}

export interface ApiKeyRecord {
  id: string
  tenant_id: string
  type: 'publishable' | 'secret'
  name: string
  secret: string
  created_at: number
  last_used_at: number | null
  revoked_at: number | null
}

export interface UserRecord {
  id: string
  tenant_id: string
  email: string
  email_verified: boolean
  phone_number: string | null
  phone_verified: boolean
  external_id: string | null
  name: string | null
  role: string
  status: 'active' | 'banned' | 'pending'
  public_metadata: Record<string, unknown>
  private_metadata: Record<string, unknown>
  /** Current password hash first, then older ones (newest first). Empty: no password set. */
  password_hashes: string[]
  created_at: number
  updated_at: number
  last_sign_in_at: number | null
}

export interface SessionRecord {
  id: string
  tenant_id: string
  user_id: string
  status: 'active' | 'revoked' | 'expired'
  /** Publishable key or OAuth client id that started the session. */
  azp: string
  org_id: string | null
  mfa_verified: boolean
  /** How the user signed in (password, magic_link, passkey, oauth, impersonation, …). */
  method: string
  impersonator: { type: string; id: string } | null
  ip_address: string | null
  user_agent: string | null
  created_at: number
  last_active_at: number
  expires_at: number
  revoked_at: number | null
}

export interface RefreshTokenRecord {
  token: string
  session_id: string
  tenant_id: string
  user_id: string
  status: 'active' | 'used' | 'revoked'
  created_at: number
  expires_at: number
  /** When it was spent, and the pair its rotation returned (answered again within the reuse interval). */
  used_at?: number
  successor?: TokenSetRecord
}

/** A token pair as answered by a refresh (kept for the reuse interval). */
export interface TokenSetRecord {
  access_token: string
  refresh_token: string
  token_type: 'Bearer'
  expires_in: number
}

export interface MfaFactorRecord {
  id: string
  tenant_id: string
  user_id: string
  type: 'totp' | 'sms' | 'email' | 'webauthn'
  status: 'pending' | 'active'
  name: string | null
  totp_secret: string | null
  phone_number: string | null
  email: string | null
  /** Pending confirmation code hash for sms/email enrollment. */
  pending_code_hash: string | null
  pending_code_expires_at: number | null
  credential: StoredCredential | null
  created_at: number
  confirmed_at: number | null
  last_used_at: number | null
}

export interface BackupCodeRecord {
  user_id: string
  tenant_id: string
  code_hash: string
  used_at: number | null
  created_at: number
}

export interface ChallengeRecord {
  id: string
  tenant_id: string
  user_id: string
  kind: 'sign_in' | 'step_up'
  status: 'pending' | 'verified' | 'failed'
  failures: number
  created_at: number
  expires_at: number
  /** Session to upgrade for a step-up challenge. */
  session_id: string | null
  /** What the resulting session is started with. */
  azp: string
  org_id: string | null
  method: string
  /** Codes sent for sms/email factors, by factor id. */
  sent_codes: Record<string, { code_hash: string; expires_at: number }>
  webauthn_challenge: string | null
}

/** A pending WebAuthn ceremony (registration or passkey sign-in). */
export interface WebAuthnCeremonyRecord {
  id: string
  tenant_id: string
  user_id: string | null
  kind: 'registration' | 'authentication'
  challenge: string
  rp_id: string
  origin: string
  expires_at: number
}

/** A passkey or security key, usable as MFA factor and/or primary passkey sign-in. */
export interface WebAuthnCredentialRecord extends StoredCredential {
  id: string
  tenant_id: string
  user_id: string
  factor_id: string | null
  name: string | null
  created_at: number
  last_used_at: number | null
}

export interface OrganizationRecord {
  id: string
  tenant_id: string
  name: string
  slug: string
  public_metadata: Record<string, unknown>
  private_metadata: Record<string, unknown>
  settings: { mfa_required: boolean; allowed_email_domains: string[] }
  created_at: number
  updated_at: number
}

export interface MemberRecord {
  tenant_id: string
  org_id: string
  user_id: string
  role: 'owner' | 'admin' | 'member'
  created_at: number
  updated_at: number
}

export interface InvitationRecord {
  id: string
  tenant_id: string
  org_id: string
  email: string
  role: 'owner' | 'admin' | 'member'
  status: 'pending' | 'accepted' | 'revoked' | 'expired'
  token: string
  inviter: { type: string; id: string } | null
  created_at: number
  expires_at: number
  accepted_at: number | null
}

/** OAuth client types. */
export type ClientType = 'spa' | 'web' | 'native' | 'machine'
/** OAuth grants. */
export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials'

export interface ClientRecord {
  id: string
  tenant_id: string
  name: string
  type: ClientType
  client_id: string
  client_secret: string | null
  redirect_uris: string[]
  allowed_origins: string[]
  grant_types: GrantType[]
  scopes: string[]
  /** Algorithm of this client's ID tokens. */
  id_token_signed_response_alg: 'EdDSA' | 'RS256'
  created_at: number
  updated_at: number
}

/** Webhook event types: the spec's `WebhookEventType`. */
export type WebhookEventType = components['schemas']['WebhookEventType']

export interface WebhookRecord {
  id: string
  tenant_id: string
  url: string
  events: WebhookEventType[]
  description: string | null
  enabled: boolean
  /** Signing secrets, newest first; more than one while a rotation is in its grace period. */
  secrets: { secret: string; expires_at: number | null }[]
  created_at: number
  updated_at: number
}

export interface DeliveryRecord {
  id: string
  tenant_id: string
  webhook_id: string
  event_id: string
  event_type: WebhookEventType
  payload: string
  status: 'pending' | 'succeeded' | 'failed'
  attempts: number
  response_status: number | null
  duration_ms: number | null
  error: string | null
  next_attempt_at: number | null
  created_at: number
  updated_at: number
}

export interface AuditRecord {
  id: string
  tenant_id: string
  actor: { type: 'user' | 'api_key' | 'system'; id: string | null }
  action: string
  resource: { type: string; id: string | null }
  ip_address: string | null
  user_agent: string | null
  created_at: number
  metadata: Record<string, unknown>
}

/** Social login providers. */
export type SocialProvider = 'google' | 'github' | 'apple' | 'microsoft' | 'discord' | 'gitlab' | 'twitter'

export interface OAuthProviderRecord {
  tenant_id: string
  provider: SocialProvider
  client_id: string
  client_secret: string
  scopes: string[]
  enabled: boolean
  created_at: number
  updated_at: number
}

export interface MagicLinkRecord {
  token: string
  tenant_id: string
  email: string
  redirect_url: string | null
  azp: string
  created_at: number
  expires_at: number
  used_at: number | null
}

export interface VerificationCodeRecord {
  id: string
  tenant_id: string
  user_id: string
  purpose: 'email_verification' | 'phone_verification' | 'password_reset'
  target: string
  code_hash: string
  attempts: number
  created_at: number
  expires_at: number
  used_at: number | null
}

export interface OAuthCodeRecord {
  code: string
  tenant_id: string
  client_id: string
  redirect_uri: string
  code_challenge: string
  nonce: string | null
  scope: string
  user_id: string
  created_at: number
  expires_at: number
  used_at: number | null
  /** Anything the OAuth flow needs to carry. */
  extra: Record<string, unknown>
}
