import { HelloJohnTestingError } from './errors'
import { apiBase, callApi, type CallTarget } from './http'
import { waitForMessage } from './outbox'
import {
  signInAs,
  type SignedInSession,
  type SignInAsOptions,
  type TenantTarget,
  type UserRef,
} from './sign-in-as'
import { totp } from './totp'

/**
 * The mock's demo control-plane key (`DEMO.controlPlaneKey` of @hellojohn/mock-server), used against loopback
 * URLs.
 */
export const MOCK_CONTROL_PLANE_KEY = 'cpk_test_demo'

/** The MFA a test user is enrolled in. */
export type TestMfa = 'totp' | 'sms' | 'email' | 'backup_codes'

/** Options of {@link TestTenant.createUser}. */
export interface CreateTestUserOptions {
  /** Default: a unique `user-…@example.com`. */
  email?: string
  /** Default: a random strong password (returned). */
  password?: string
  name?: string
  /**
   * Enroll and confirm this factor through the public MFA API: `totp` (secret returned), `sms` / `email` (the
   * code is read from the mock outbox, so mock only), `backup_codes` (a TOTP factor plus ten backup codes).
   */
  mfa?: TestMfa
  /** For `mfa: 'sms'` (default: a unique +1555… number). */
  phoneNumber?: string
  /** Default true. */
  emailVerified?: boolean
  role?: string
  publicMetadata?: Record<string, unknown>
}

/** A user created by {@link TestTenant.createUser}, with what a test needs to sign in as them. */
export interface TestUser {
  id: string
  email: string
  password: string
  /** The base32 TOTP secret, for `mfa: 'totp'` (feed it to `totp()`). */
  totpSecret: string | undefined
  /**
   * The ten backup codes: for `mfa: 'backup_codes'` (with a TOTP factor they back up), else those the first
   * factor got.
   */
  backupCodes: string[] | undefined
  /** The SMS number, for `mfa: 'sms'`. */
  phoneNumber: string | undefined
  /** The user as the API returned it. */
  user: Record<string, unknown>
}

/** An isolated tenant for one test worker. */
export interface TestTenant extends Required<TenantTarget> {
  /** Creates a user (optionally with MFA enrolled). */
  createUser(options?: CreateTestUserOptions): Promise<TestUser>
  /** {@link signInAs} bound to this tenant. */
  signInAs(who: UserRef, options?: SignInAsOptions): Promise<SignedInSession>
  /** Deletes the tenant and everything in it. Safe to call twice. */
  dispose(): Promise<void>
}

/** Options of {@link createTestTenant}. */
export interface CreateTestTenantOptions {
  /** The API (the mock server, or a HelloJohn deployment whose control plane you may use). */
  baseUrl: string
  /**
   * A control-plane key (`cpk_…`). Default: `HELLOJOHN_CONTROL_PLANE_KEY`, else the mock's demo key
   * (`cpk_test_demo`) when `baseUrl` is a loopback address.
   */
  controlPlaneKey?: string
  /** Tenant name (default `test-<random>`). */
  name?: string
  /**
   * Changes to the tenant's auth config (`PATCH /v2/admin/tenants/{id}/auth/config`), e.g.
   * `{ mfa_required: true }`.
   */
  authConfig?: Record<string, unknown>
}

const rand = (): string => Math.random().toString(36).slice(2, 10) + Date.now().toString(36).slice(-4)

function isLoopback(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host)
}

function controlPlaneKeyFor(baseUrl: string, given: string | undefined): string {
  const key =
    given ??
    globalThis.process?.env?.['HELLOJOHN_CONTROL_PLANE_KEY'] ??
    (isLoopback(baseUrl) ? MOCK_CONTROL_PLANE_KEY : undefined)
  if (typeof key !== 'string' || key === '') {
    throw new HelloJohnTestingError(
      'invalid_options',
      "createTestTenant: pass controlPlaneKey or set HELLOJOHN_CONTROL_PLANE_KEY (the mock's demo key is only assumed for localhost).",
    )
  }
  return key
}

/**
 * Creates an isolated tenant (its own users, sessions, keys and rate limits) through the control plane, so
 * parallel test workers never share state. Call `dispose()` when the worker is done.
 *
 * @example
 * ```ts
 * const tenant = await createTestTenant({ baseUrl: 'http://localhost:3000' })
 * const alice = await tenant.createUser({ mfa: 'totp' })
 * const { accessToken } = await tenant.signInAs({ email: alice.email })
 * await tenant.dispose()
 * ```
 */
export async function createTestTenant(options: CreateTestTenantOptions): Promise<TestTenant> {
  const baseUrl = apiBase(options?.baseUrl)
  const cp: CallTarget = { baseUrl, token: controlPlaneKeyFor(baseUrl, options.controlPlaneKey) }
  const suffix = rand()
  const created = await callApi<{ id: string }>(cp, 'POST', '/v1/cp/tenants', {
    name: options.name ?? `test-${suffix}`,
    slug: `test-${suffix}`,
  })
  const tenantId = created.id
  let disposed = false
  const dispose = async (): Promise<void> => {
    if (disposed) return
    disposed = true
    await callApi(cp, 'DELETE', `/v1/cp/tenants/${tenantId}`).catch((e: unknown) => {
      if (!(e instanceof HelloJohnTestingError && e.status === 404)) throw e
    })
  }
  try {
    const key = (type: 'secret' | 'publishable') =>
      callApi<{ key: string }>(cp, 'POST', `/v1/cp/tenants/${tenantId}/api-keys`, {
        type,
        name: `@hellojohn/testing ${type}`,
        environment: 'test',
      }).then((k) => k.key)
    const [secretKey, publishableKey] = await Promise.all([key('secret'), key('publishable')])
    const target = { baseUrl, tenantId, secretKey, publishableKey }
    if (options.authConfig)
      await callApi(
        { baseUrl, token: secretKey, tenantId },
        'PATCH',
        `/v2/admin/tenants/${tenantId}/auth/config`,
        options.authConfig,
      )
    return {
      ...target,
      createUser: (o) => createTestUser(target, o),
      signInAs: (who, o) => signInAs(target, who, o),
      dispose,
    }
  } catch (e) {
    await dispose().catch(() => {})
    throw e
  }
}

/**
 * Creates a user of a tenant with the secret key, then (for `mfa`) enrolls and confirms the factor as the
 * user would, through a ticket sign-in and the public MFA API.
 */
export async function createTestUser(
  target: Required<TenantTarget>,
  options: CreateTestUserOptions = {},
): Promise<TestUser> {
  const admin: CallTarget = { baseUrl: target.baseUrl, token: target.secretKey, tenantId: target.tenantId }
  const email = options.email ?? `user-${rand()}@example.com`
  const password = options.password ?? `Test-${rand()}-${rand()}!`
  const user = await callApi<{ id: string; email: string } & Record<string, unknown>>(
    admin,
    'POST',
    '/v1/users',
    {
      email,
      password,
      email_verified: options.emailVerified ?? true,
      ...(options.name !== undefined && { name: options.name }),
      ...(options.role !== undefined && { role: options.role }),
      ...(options.publicMetadata !== undefined && { public_metadata: options.publicMetadata }),
    },
  )
  const out: TestUser = {
    id: user.id,
    email: user.email,
    password,
    totpSecret: undefined,
    backupCodes: undefined,
    phoneNumber: undefined,
    user,
  }
  if (options.mfa === undefined) return out
  if (!['totp', 'sms', 'email', 'backup_codes'].includes(options.mfa)) {
    throw new HelloJohnTestingError(
      'invalid_options',
      `createUser: mfa must be 'totp', 'sms', 'email' or 'backup_codes', got ${JSON.stringify(options.mfa)}.`,
    )
  }
  const { accessToken } = await signInAs(target, { userId: user.id }, { mfaVerified: true })
  const me: CallTarget = { baseUrl: target.baseUrl, token: accessToken, tenantId: target.tenantId }
  const since = Date.now() - 60_000
  const keepCodes = (r: unknown): void => {
    const codes = (r as { backup_codes?: string[] } | undefined)?.backup_codes
    if (Array.isArray(codes)) out.backupCodes = codes
  }
  const enrollTotp = async (): Promise<void> => {
    const { factor_id, secret } = await callApi<{ factor_id: string; secret: string }>(
      me,
      'POST',
      '/v1/mfa/totp/enroll',
    )
    // Confirm with the previous 30-second step's code (the server accepts ±1 step): the current code stays
    // unused, so a test that signs in right away with totp(secret) is not refused as a replay.
    keepCodes(
      await callApi(me, 'POST', '/v1/mfa/totp/confirm', {
        factor_id,
        code: totp(secret, Date.now() - 30_000),
      }),
    )
    out.totpSecret = secret
  }
  switch (options.mfa) {
    case 'totp':
      await enrollTotp()
      break
    case 'sms':
    case 'email': {
      const to =
        options.mfa === 'sms'
          ? (options.phoneNumber ?? `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`)
          : email
      const { factor } = await callApi<{ factor: { id: string } }>(
        me,
        'POST',
        `/v1/mfa/${options.mfa}/enroll`,
        options.mfa === 'sms' ? { phone_number: to } : {},
      )
      const { code } = await waitForMessage({
        baseUrl: target.baseUrl,
        to,
        kind: 'mfa_enrollment',
        tenantId: target.tenantId,
        since,
      })
      keepCodes(await callApi(me, 'POST', `/v1/mfa/${factor.id}/confirm`, { code }))
      if (options.mfa === 'sms') out.phoneNumber = to
      break
    }
    case 'backup_codes':
      // Backup codes back up a factor: enroll TOTP first (its secret is returned too), then issue a fresh
      // set.
      await enrollTotp()
      keepCodes(await callApi(me, 'POST', '/v1/mfa/backup-codes'))
      break
  }
  await callApi(me, 'POST', '/v1/auth/sign-out').catch(() => {})
  return out
}
