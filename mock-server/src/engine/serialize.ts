import { isoTime } from './clock'
import type {
  ApiKeyRecord,
  AuditRecord,
  AuthConfig,
  ClientRecord,
  DeliveryRecord,
  InvitationRecord,
  MemberRecord,
  MfaFactorRecord,
  OAuthProviderRecord,
  OrganizationRecord,
  SessionRecord,
  TenantRecord,
  UserRecord,
  WebhookRecord,
} from './records'
import type { MockState } from './state'

const t = (ms: number | null): string | null => (ms === null ? null : isoTime(ms))

/** The API shape of a session (`current` only on /v1/me/sessions). */
export function serializeSession(s: SessionRecord, current?: boolean) {
  return {
    id: s.id,
    user_id: s.user_id,
    tenant_id: s.tenant_id,
    status: s.status,
    ip_address: s.ip_address,
    user_agent: s.user_agent,
    mfa_verified: s.mfa_verified,
    org_id: s.org_id,
    created_at: isoTime(s.created_at),
    last_active_at: isoTime(s.last_active_at),
    expires_at: isoTime(s.expires_at),
    revoked_at: t(s.revoked_at),
    ...(current === undefined ? {} : { current }),
  }
}

/** True when the user has at least one confirmed MFA factor. */
export function hasMfa(state: MockState, userId: string): boolean {
  for (const f of state.db.factors.values()) if (f.user_id === userId && f.status === 'active') return true
  return false
}

/**
 * The API shape of a user. `view: 'admin'` (secret key) includes `private_metadata`; `'self'` (access token)
 * omits it.
 */
export function serializeUser(state: MockState, u: UserRecord, view: 'admin' | 'self' = 'admin') {
  return {
    id: u.id,
    email: u.email,
    email_verified: u.email_verified,
    phone_number: u.phone_number,
    phone_verified: u.phone_verified,
    external_id: u.external_id,
    name: u.name,
    role: u.role,
    status: u.status,
    public_metadata: u.public_metadata,
    ...(view === 'admin' ? { private_metadata: u.private_metadata } : {}),
    mfa_enabled: hasMfa(state, u.id),
    created_at: isoTime(u.created_at),
    updated_at: isoTime(u.updated_at),
    last_sign_in_at: t(u.last_sign_in_at),
  }
}

/** `{ id, email, name }` of a user. */
export function serializeUserSummary(u: UserRecord) {
  return { id: u.id, email: u.email, name: u.name }
}

/** Masks a phone number or an email for hints: `+1•••••••2671`, `a•••@example.com`. */
export function maskHint(value: string | null): string | null {
  if (!value) return null
  if (value.includes('@')) {
    const [local = '', domain = ''] = value.split('@')
    return `${local.slice(0, 1)}•••@${domain}`
  }
  return `${value.slice(0, 2)}${'•'.repeat(Math.max(0, value.length - 6))}${value.slice(-4)}`
}

/** The API shape of an MFA factor. */
export function serializeFactor(f: MfaFactorRecord) {
  return {
    id: f.id,
    type: f.type,
    status: f.status,
    name: f.name,
    hint: f.type === 'sms' ? maskHint(f.phone_number) : f.type === 'email' ? maskHint(f.email) : null,
    created_at: isoTime(f.created_at),
    last_used_at: t(f.last_used_at),
  }
}

/** Unused backup codes of a user. */
export function backupCodesRemaining(state: MockState, userId: string): number {
  return state.db.backupCodes.filter((c) => c.user_id === userId && c.used_at === null).length
}

/** The API shape of an organization. `view: 'member'` omits private_metadata. */
export function serializeOrganization(
  state: MockState,
  o: OrganizationRecord,
  view: 'admin' | 'member' = 'admin',
) {
  return {
    id: o.id,
    name: o.name,
    slug: o.slug,
    public_metadata: o.public_metadata,
    ...(view === 'admin' ? { private_metadata: o.private_metadata } : {}),
    settings: {
      mfa_required: o.settings.mfa_required,
      allowed_email_domains: [...o.settings.allowed_email_domains],
    },
    members_count: state.db.members.filter((m) => m.org_id === o.id).length,
    created_at: isoTime(o.created_at),
    updated_at: isoTime(o.updated_at),
  }
}

/** The API shape of a membership. */
export function serializeMember(state: MockState, m: MemberRecord) {
  const u = state.db.users.get(m.user_id)
  return {
    organization_id: m.org_id,
    user_id: m.user_id,
    role: m.role,
    user: u ? serializeUserSummary(u) : { id: m.user_id, email: 'deleted@invalid.example', name: null },
    created_at: isoTime(m.created_at),
    updated_at: isoTime(m.updated_at),
  }
}

/** The API shape of an invitation (its status turns `expired` once past expiry). */
export function serializeInvitation(i: InvitationRecord, nowMs: number) {
  const status = i.status === 'pending' && i.expires_at <= nowMs ? 'expired' : i.status
  return {
    id: i.id,
    organization_id: i.org_id,
    email: i.email,
    role: i.role,
    status,
    inviter_id: i.inviter?.type === 'user' ? i.inviter.id : null,
    expires_at: isoTime(i.expires_at),
    created_at: isoTime(i.created_at),
    accepted_at: t(i.accepted_at),
  }
}

/** The API shape of a client (never its secret). */
export function serializeClient(c: ClientRecord) {
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    redirect_uris: [...c.redirect_uris],
    allowed_origins: [...c.allowed_origins],
    grant_types: [...c.grant_types],
    scopes: [...c.scopes],
    id_token_signed_response_alg: c.id_token_signed_response_alg,
    has_secret: c.client_secret !== null,
    created_at: isoTime(c.created_at),
    updated_at: isoTime(c.updated_at),
  }
}

/** The API shape of a webhook (never its secret). */
export function serializeWebhook(w: WebhookRecord) {
  return {
    id: w.id,
    url: w.url,
    events: [...w.events],
    enabled: w.enabled,
    description: w.description,
    created_at: isoTime(w.created_at),
    updated_at: isoTime(w.updated_at),
  }
}

/** The API shape of a webhook delivery. */
export function serializeDelivery(d: DeliveryRecord) {
  return {
    id: d.id,
    webhook_id: d.webhook_id,
    event_id: d.event_id,
    event_type: d.event_type,
    status: d.status,
    attempt: Math.max(1, d.attempts),
    response_status: d.response_status,
    duration_ms: d.duration_ms,
    error: d.error,
    next_retry_at: d.status === 'pending' ? t(d.next_attempt_at) : null,
    created_at: isoTime(d.created_at),
  }
}

/** The API shape of an audit-log entry. */
export function serializeAudit(a: AuditRecord) {
  return {
    id: a.id,
    actor: { type: a.actor.type, id: a.actor.id },
    action: a.action,
    resource: { type: a.resource.type, id: a.resource.id },
    ip_address: a.ip_address,
    user_agent: a.user_agent,
    created_at: isoTime(a.created_at),
    metadata: a.metadata,
  }
}

/** The API shape of a tenant. */
export function serializeTenant(tn: TenantRecord) {
  return {
    id: tn.id,
    name: tn.name,
    slug: tn.slug,
    status: tn.status,
    metadata: tn.metadata,
    created_at: isoTime(tn.created_at),
    updated_at: isoTime(tn.updated_at),
  }
}

/** The API shape of an API key (never the key itself). */
export function serializeApiKey(k: ApiKeyRecord) {
  return {
    id: k.id,
    tenant_id: k.tenant_id,
    name: k.name,
    type: k.type,
    environment: k.secret.includes('_live_') ? ('live' as const) : ('test' as const),
    prefix: k.secret.slice(0, 12),
    created_at: isoTime(k.created_at),
    last_used_at: t(k.last_used_at),
    revoked_at: t(k.revoked_at),
  }
}

/** The API shape of a tenant's auth config. */
export function serializeAuthConfig(tn: TenantRecord) {
  const c: AuthConfig = tn.auth_config
  return {
    tenant_id: tn.id,
    allowed_auth_methods: [...c.allowed_auth_methods],
    mfa_required: c.mfa_required,
    mfa_methods: [...c.mfa_methods],
    mfa_required_roles: [...c.mfa_required_roles],
    allowed_email_domains: [...c.allowed_email_domains],
    password_policy: { ...c.password_policy },
    session_config: { ...c.session_config },
    sso_enabled: c.sso_enabled,
    sso_required: c.sso_required,
    jwt_claims: {
      static: { ...c.jwt_claims.static },
      from_user_metadata: [...c.jwt_claims.from_user_metadata],
      from_tenant_metadata: [...c.jwt_claims.from_tenant_metadata],
    },
    allowed_redirect_urls: [...c.allowed_redirect_urls],
    updated_at: isoTime(tn.updated_at),
  }
}

/** The API shape of a tenant's OAuth provider (the client secret is write-only). */
export function serializeOAuthProvider(p: OAuthProviderRecord) {
  return {
    provider: p.provider,
    client_id: p.client_id,
    enabled: p.enabled,
    scopes: [...p.scopes],
    created_at: isoTime(p.created_at),
    updated_at: isoTime(p.updated_at),
  }
}
