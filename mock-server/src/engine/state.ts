import { createClock } from './clock'
import type { Clock, ClockOptions } from './clock'
import { createFaults } from './faults'
import type { Faults } from './faults'
import { newId } from './ids'
import { createIdempotencyStore } from './idempotency'
import type { IdempotencyStore } from './idempotency'
import { generateSigningKey, rsaSigningKey } from './keys'
import type { KeyRing } from './keys'
import { createOutbox } from './outbox'
import type { Outbox } from './outbox'
import { DEFAULT_PASSWORD_POLICY, hashPassword } from './passwords'
import type { PasswordPolicy } from './passwords'
import { createRateLimiter } from './rate-limit'
import type { RateLimiter } from './rate-limit'
import type {
  ApiKeyRecord,
  AuditRecord,
  AuthConfig,
  BackupCodeRecord,
  ChallengeRecord,
  ClientRecord,
  DeliveryRecord,
  InvitationRecord,
  MagicLinkRecord,
  MemberRecord,
  MfaFactorRecord,
  OAuthCodeRecord,
  OAuthProviderRecord,
  OrganizationRecord,
  RefreshTokenRecord,
  SessionRecord,
  TenantRecord,
  UserRecord,
  VerificationCodeRecord,
  WebAuthnCeremonyRecord,
  WebAuthnCredentialRecord,
  WebhookRecord,
} from './records'
import { BOB_TOTP_SECRET } from './totp'
import { UserTable } from './user-table'

/** Demo defaults shared by every example and test. */
export const DEMO = {
  tenantId: 'tnt_demo',
  publishableKey: 'pk_test_demo',
  secretKey: 'sk_test_demo',
  /**
   * The control-plane key: manages every tenant through `/v1/cp/…` (override with the seed's
   * `control_plane_key`).
   */
  controlPlaneKey: 'cpk_test_demo',
  password: 'correct-horse-battery-staple',
  alice: 'alice@example.com',
  bob: 'bob@example.com',
  bobTotpSecret: BOB_TOTP_SECRET,
} as const

/** A user in a seed. */
export interface SeedUser {
  id?: string
  email: string
  password?: string
  name?: string
  role?: string
  phone_number?: string
  phone_verified?: boolean
  external_id?: string
  email_verified?: boolean
  public_metadata?: Record<string, unknown>
  private_metadata?: Record<string, unknown>
  /** Enrols and confirms a TOTP factor with this base32 secret. */
  totp_secret?: string
}

/** An organization in a seed. */
export interface SeedOrganization {
  id?: string
  name: string
  slug: string
  mfa_required?: boolean
  members?: { email: string; role: 'owner' | 'admin' | 'member' }[]
}

/** A tenant in a seed. */
export interface SeedTenant {
  id: string
  name: string
  slug?: string
  metadata?: Record<string, unknown>
  publishable_key?: string
  secret_key?: string
  auth_config?: Partial<Omit<AuthConfig, 'password_policy' | 'session_config' | 'jwt_claims'>> & {
    password_policy?: Partial<PasswordPolicy>
    session_config?: Partial<AuthConfig['session_config']>
    jwt_claims?: Partial<AuthConfig['jwt_claims']>
  }
  users?: SeedUser[]
  organizations?: SeedOrganization[]
}

/**
 * The JSON seed of a mock: the tenants with their keys, users and organizations. Omitted → {@link
 * DEFAULT_SEED}.
 *
 * @example
 * ```json
 * { "tenants": [{ "id": "tnt_acme", "name": "Acme", "publishable_key": "pk_test_acme", "secret_key": "sk_test_acme",
 *   "users": [{ "email": "eve@acme.com", "password": "correct-horse-battery-staple" }] }] }
 * ```
 */
export interface MockSeed {
  tenants: SeedTenant[]
  /**
   * The control-plane key (`cpk_…`) that manages every tenant through `/v1/cp/…` (default `cpk_test_demo`).
   */
  control_plane_key?: string
}

/** The demo seed: tenant `tnt_demo`, keys `pk_test_demo`/`sk_test_demo`, alice (no MFA) and bob (TOTP). */
export const DEFAULT_SEED: MockSeed = {
  tenants: [
    {
      id: DEMO.tenantId,
      name: 'Demo',
      slug: 'demo',
      metadata: { tier: 'free' },
      publishable_key: DEMO.publishableKey,
      secret_key: DEMO.secretKey,
      users: [
        {
          email: DEMO.alice,
          password: DEMO.password,
          name: 'Alice Example',
          email_verified: true,
          public_metadata: { plan: 'pro' },
        },
        {
          email: DEMO.bob,
          password: DEMO.password,
          name: 'Bob Example',
          email_verified: true,
          totp_secret: BOB_TOTP_SECRET,
        },
      ],
      organizations: [
        {
          name: 'Acme Corp',
          slug: 'acme-corp',
          members: [
            { email: DEMO.alice, role: 'owner' },
            { email: DEMO.bob, role: 'member' },
          ],
        },
      ],
    },
  ],
}

/** The mock tenants' default `allowed_redirect_urls`: the loopback origins, any port (RFC 8252 §7.3). */
export const LOOPBACK_REDIRECT_URLS: readonly string[] = [
  'http://localhost',
  'http://127.0.0.1',
  'http://[::1]',
]

/** Default auth config of a new tenant. */
export function defaultAuthConfig(): AuthConfig {
  return {
    allowed_auth_methods: ['email_password', 'magic_link', 'passkey', 'google', 'github'],
    mfa_required: false,
    mfa_methods: ['totp', 'webauthn', 'sms', 'email', 'backup_codes'],
    mfa_required_roles: [],
    allowed_email_domains: [],
    password_policy: { ...DEFAULT_PASSWORD_POLICY },
    allowed_redirect_urls: [...LOOPBACK_REDIRECT_URLS],
    session_config: { access_token_ttl: 900, refresh_token_ttl: 2_592_000, refresh_token_reuse_interval: 10 },
    sso_enabled: false,
    sso_required: false,
    jwt_claims: { static: {}, from_user_metadata: [], from_tenant_metadata: [] },
  }
}

/** Every collection of the in-memory store. */
export interface MockDb {
  tenants: Map<string, TenantRecord>
  apiKeys: Map<string, ApiKeyRecord>
  /** Users by id, with per-tenant indexes (email, phone, external id, creation order). */
  users: UserTable
  sessions: Map<string, SessionRecord>
  refreshTokens: Map<string, RefreshTokenRecord>
  factors: Map<string, MfaFactorRecord>
  backupCodes: BackupCodeRecord[]
  challenges: Map<string, ChallengeRecord>
  webauthnCeremonies: Map<string, WebAuthnCeremonyRecord>
  webauthnCredentials: Map<string, WebAuthnCredentialRecord>
  organizations: Map<string, OrganizationRecord>
  members: MemberRecord[]
  invitations: Map<string, InvitationRecord>
  clients: Map<string, ClientRecord>
  webhooks: Map<string, WebhookRecord>
  deliveries: Map<string, DeliveryRecord>
  auditLog: Map<string, AuditRecord>
  oauthProviders: OAuthProviderRecord[]
  magicLinks: Map<string, MagicLinkRecord>
  verificationCodes: Map<string, VerificationCodeRecord>
  oauthCodes: Map<string, OAuthCodeRecord>
  /** Enrollment tokens of `mfa_enrollment_required` results → user and session context. */
  enrollmentTokens: Map<
    string,
    { tenant_id: string; user_id: string; azp: string; org_id: string | null; expires_at: number }
  >
}

/** Delivers one webhook POST; resolves to the receiver's status (throws on a network error). */
export type WebhookDeliverer = (request: {
  url: string
  headers: Record<string, string>
  body: string
}) => Promise<number>

/** Options of {@link createMockState}. */
export interface MockStateOptions {
  /** Enforce rate limits (default true). Headers are sent either way. */
  rateLimit?: boolean
  /** Clock options (e.g. a frozen start). */
  clock?: ClockOptions
  /** How webhooks are delivered. Default: recorded only, answered 200 (in-process). */
  deliverer?: WebhookDeliverer
  /**
   * Wait for the first delivery attempt before answering the request that caused the event (default true).
   */
  awaitDeliveries?: boolean
}

/**
 * The whole in-memory state of a mock: the store plus the engine services that work over it.
 * Handlers only ever touch this object; `reset()` brings it back to the seed.
 */
export interface MockState {
  clock: Clock
  seed: MockSeed
  db: MockDb
  keys: KeyRing
  outbox: Outbox
  limiter: RateLimiter
  idempotency: IdempotencyStore
  faults: Faults
  deliverer: WebhookDeliverer
  /** Whether emitting an event waits for its first delivery attempts. */
  awaitDeliveries: boolean
  /** Resolves once keys are generated and seed passwords hashed; every handler awaits it. */
  ready(): Promise<void>
  /** Back to the seed: data, outbox, faults, limits, idempotency records, clock offset and keys. */
  reset(): void
}

/** A deliverer that records and answers 200: the in-process default. */
export const recordingDeliverer: WebhookDeliverer = async () => 200

/** Every collection, empty. */
export function emptyDb(): MockDb {
  return {
    tenants: new Map(),
    apiKeys: new Map(),
    users: new UserTable(),
    sessions: new Map(),
    refreshTokens: new Map(),
    factors: new Map(),
    backupCodes: [],
    challenges: new Map(),
    webauthnCeremonies: new Map(),
    webauthnCredentials: new Map(),
    organizations: new Map(),
    members: [],
    invitations: new Map(),
    clients: new Map(),
    webhooks: new Map(),
    deliveries: new Map(),
    auditLog: new Map(),
    oauthProviders: [],
    magicLinks: new Map(),
    verificationCodes: new Map(),
    oauthCodes: new Map(),
    enrollmentTokens: new Map(),
  }
}

/** Builds a tenant record (used by the seed and by POST /v1/cp/tenants). */
export function buildTenant(
  input: {
    id: string
    name: string
    slug?: string
    metadata?: Record<string, unknown>
    auth_config?: SeedTenant['auth_config']
  },
  nowMs: number,
): TenantRecord {
  const base = defaultAuthConfig()
  const ac = input.auth_config ?? {}
  return {
    id: input.id,
    name: input.name,
    slug:
      input.slug ??
      input.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, ''),
    status: 'active',
    metadata: { ...(input.metadata ?? {}) },
    auth_config: {
      ...base,
      ...ac,
      password_policy: { ...base.password_policy, ...(ac.password_policy ?? {}) },
      session_config: { ...base.session_config, ...(ac.session_config ?? {}) },
      jwt_claims: { ...base.jwt_claims, ...(ac.jwt_claims ?? {}) },
    } as AuthConfig,
    created_at: nowMs,
    updated_at: nowMs,
  }
}

interface PendingHash {
  user: UserRecord
  password: string
}

function buildDb(seed: MockSeed, nowMs: number): { db: MockDb; pending: PendingHash[] } {
  const db = emptyDb()
  const pending: PendingHash[] = []
  for (const t of seed.tenants) {
    const tenant = buildTenant(t, nowMs)
    db.tenants.set(tenant.id, tenant)
    const pk = t.publishable_key ?? `pk_test_${tenant.id.replace(/^tnt_/, '')}`
    const sk = t.secret_key ?? `sk_test_${tenant.id.replace(/^tnt_/, '')}`
    for (const [type, secret] of [
      ['publishable', pk],
      ['secret', sk],
    ] as const) {
      const key: ApiKeyRecord = {
        id: newId('key', nowMs),
        tenant_id: tenant.id,
        type,
        name: `Default ${type} key`,
        secret,
        created_at: nowMs,
        last_used_at: null,
        revoked_at: null,
      }
      db.apiKeys.set(key.id, key)
    }
    const byEmail = new Map<string, UserRecord>()
    for (const u of t.users ?? []) {
      const user: UserRecord = {
        id: u.id ?? newId('usr', nowMs),
        tenant_id: tenant.id,
        email: u.email.toLowerCase(),
        email_verified: u.email_verified ?? true,
        phone_number: u.phone_number ?? null,
        phone_verified: u.phone_verified ?? false,
        external_id: u.external_id ?? null,
        name: u.name ?? null,
        role: u.role ?? 'member',
        status: 'active',
        public_metadata: { ...(u.public_metadata ?? {}) },
        private_metadata: { ...(u.private_metadata ?? {}) },
        password_hashes: [],
        created_at: nowMs,
        updated_at: nowMs,
        last_sign_in_at: null,
      }
      db.users.set(user.id, user)
      byEmail.set(user.email, user)
      if (u.password) pending.push({ user, password: u.password })
      if (u.totp_secret) {
        const factor: MfaFactorRecord = {
          id: newId('fac', nowMs),
          tenant_id: tenant.id,
          user_id: user.id,
          type: 'totp',
          status: 'active',
          name: 'Authenticator app',
          totp_secret: u.totp_secret,
          phone_number: null,
          email: null,
          pending_code_hash: null,
          pending_code_expires_at: null,
          credential: null,
          created_at: nowMs,
          confirmed_at: nowMs,
          last_used_at: null,
        }
        db.factors.set(factor.id, factor)
      }
    }
    for (const o of t.organizations ?? []) {
      const org: OrganizationRecord = {
        id: o.id ?? newId('org', nowMs),
        tenant_id: tenant.id,
        name: o.name,
        slug: o.slug,
        public_metadata: {},
        private_metadata: {},
        settings: { mfa_required: o.mfa_required ?? false, allowed_email_domains: [] },
        created_at: nowMs,
        updated_at: nowMs,
      }
      db.organizations.set(org.id, org)
      for (const m of o.members ?? []) {
        const user = byEmail.get(m.email.toLowerCase())
        if (user)
          db.members.push({
            tenant_id: tenant.id,
            org_id: org.id,
            user_id: user.id,
            role: m.role,
            created_at: nowMs,
            updated_at: nowMs,
          })
      }
    }
  }
  return { db, pending }
}

/**
 * Creates the in-memory state of a mock from a seed (default: the demo tenant, keys and users).
 * Synchronous: signing keys and password hashes are made on first use (`await state.ready()`).
 *
 * @example
 * ```ts
 * const state = createMockState()
 * await state.ready()
 * [...state.db.users.values()].map((u) => u.email) // ['alice@example.com', 'bob@example.com']
 * ```
 */
export function createMockState(seed: MockSeed = DEFAULT_SEED, options: MockStateOptions = {}): MockState {
  const clock = createClock(options.clock)
  let initPromise: Promise<void> | undefined
  let pending: PendingHash[] = []
  const state: MockState = {
    clock,
    seed,
    db: emptyDb(),
    keys: { keys: [] },
    outbox: createOutbox(),
    limiter: createRateLimiter(options.rateLimit ?? true),
    idempotency: createIdempotencyStore(),
    faults: createFaults(),
    deliverer: options.deliverer ?? recordingDeliverer,
    awaitDeliveries: options.awaitDeliveries ?? true,
    ready() {
      if (!initPromise) {
        const todo = pending
        const ring = state.keys
        initPromise = (async () => {
          await Promise.all(
            todo.map(async (p) => {
              p.user.password_hashes = [await hashPassword(p.password)]
            }),
          )
          if (ring.keys.length === 0) ring.keys.push(await generateSigningKey(clock.now()))
          ring.rsa ??= await rsaSigningKey()
        })()
        initPromise.catch(() => {
          initPromise = undefined
        })
      }
      return initPromise
    },
    reset() {
      clock.reset()
      const built = buildDb(state.seed, clock.now())
      state.db = built.db
      pending = built.pending
      state.keys = { keys: [] }
      state.outbox.clear()
      state.limiter.clear()
      state.idempotency.clear()
      state.faults.clear()
      initPromise = undefined
    },
  }
  state.reset()
  return state
}
