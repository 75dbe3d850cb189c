import type { AuthResult, AuthTokens, SessionInfo, User } from '@hellojohn/js'
import { HelloJohnTestingError } from './errors'
import { apiBase, callApi } from './http'

/** A tenant to act on: where it is and its keys (a {@link TestTenant} is one). */
export interface TenantTarget {
  baseUrl: string
  tenantId: string
  /** Issues the sign-in ticket (server side only). */
  secretKey: string
  /** Redeems the ticket, as the app would (default: `HELLOJOHN_PUBLISHABLE_KEY`). */
  publishableKey?: string
}

/** Who to sign in: by email or by user id. */
export type UserRef = { email: string } | { userId: string }

/** Options of {@link signInAs}. */
export interface SignInAsOptions {
  /**
   * Skip MFA: the session counts as MFA-verified even when the user has factors (default true). With `false`,
   * a user with MFA gets the challenge and `signInAs` throws `mfa_pending`.
   */
  mfaVerified?: boolean
  /** Lifetime of the ticket in seconds (default 60). */
  ticketTtlSeconds?: number
}

/** A signed-in session, as `@hellojohn/js` would hold it after a sign-in. */
export interface SignedInSession {
  user: User
  session: SessionInfo
  tokens: AuthTokens
  accessToken: string
  refreshToken: string
  /** The tenant it belongs to. */
  tenantId: string
}

/**
 * Reads a tenant target from the environment (`HELLOJOHN_BASE_URL`, `HELLOJOHN_TENANT_ID`,
 * `HELLOJOHN_SECRET_KEY`, `HELLOJOHN_PUBLISHABLE_KEY`), for running the public-API helpers against a real
 * HelloJohn tenant.
 *
 * @example
 * ```ts
 * const session = await signInAs(tenantFromEnv(), { email: 'qa@acme.com' })
 * ```
 */
export function tenantFromEnv(
  env: Record<string, string | undefined> = globalThis.process?.env ?? {},
): TenantTarget {
  const missing = ['HELLOJOHN_BASE_URL', 'HELLOJOHN_TENANT_ID', 'HELLOJOHN_SECRET_KEY'].filter((k) => !env[k])
  if (missing.length)
    throw new HelloJohnTestingError(
      'invalid_options',
      `tenantFromEnv: set ${missing.join(', ')} (and HELLOJOHN_PUBLISHABLE_KEY to redeem sign-in tickets).`,
    )
  return {
    baseUrl: env['HELLOJOHN_BASE_URL']!,
    tenantId: env['HELLOJOHN_TENANT_ID']!,
    secretKey: env['HELLOJOHN_SECRET_KEY']!,
    ...(env['HELLOJOHN_PUBLISHABLE_KEY'] ? { publishableKey: env['HELLOJOHN_PUBLISHABLE_KEY'] } : {}),
  }
}

function checkTarget(target: TenantTarget): Required<TenantTarget> {
  if (!target || typeof target !== 'object')
    throw new HelloJohnTestingError(
      'invalid_options',
      'signInAs: the first argument must be { baseUrl, tenantId, secretKey, publishableKey? } (a test tenant works).',
    )
  apiBase(target.baseUrl)
  if (typeof target.tenantId !== 'string' || !/^tnt_\w+$/.test(target.tenantId))
    throw new HelloJohnTestingError('invalid_options', 'signInAs: tenantId must be a tnt_… id.')
  if (typeof target.secretKey !== 'string' || !/^sk_(test|live)_/.test(target.secretKey))
    throw new HelloJohnTestingError(
      'invalid_options',
      'signInAs: secretKey must be a secret key (sk_test_… / sk_live_…).',
    )
  const publishableKey = target.publishableKey ?? globalThis.process?.env?.['HELLOJOHN_PUBLISHABLE_KEY']
  if (typeof publishableKey !== 'string' || !/^pk_(test|live)_/.test(publishableKey)) {
    throw new HelloJohnTestingError(
      'invalid_options',
      'signInAs: a publishable key (pk_…) redeems the ticket: pass publishableKey or set HELLOJOHN_PUBLISHABLE_KEY.',
    )
  }
  return { ...target, publishableKey }
}

/** The user id of `{ email }` or `{ userId }` (throws `user_not_found`). */
export async function resolveUserId(target: TenantTarget, who: UserRef): Promise<string> {
  if (who && 'userId' in who && typeof who.userId === 'string') return who.userId
  if (!who || !('email' in who) || typeof who.email !== 'string')
    throw new HelloJohnTestingError(
      'invalid_options',
      'signInAs: the second argument must be { email } or { userId }.',
    )
  const page = await callApi<{ data: { id: string }[] }>(
    { baseUrl: target.baseUrl, token: target.secretKey, tenantId: target.tenantId },
    'GET',
    `/v1/users?email=${encodeURIComponent(who.email)}`,
  )
  const id = page.data[0]?.id
  if (!id)
    throw new HelloJohnTestingError(
      'user_not_found',
      `signInAs: no user with email ${who.email} in tenant ${target.tenantId}.`,
    )
  return id
}

/**
 * Signs a user in without the UI, a password or MFA, through a server-issued single-use sign-in ticket
 * (`POST /v1/users/{userId}/sign-in-tickets` with the secret key, then `POST /v1/auth/sign-in/ticket` with
 * the publishable key). Works against the mock and a real tenant; both steps are in the tenant's audit log.
 *
 * @example
 * ```ts
 * const tenant = await createTestTenant({ baseUrl })
 * const { email } = await tenant.createUser({ mfa: 'totp' })
 * const { accessToken, user } = await signInAs(tenant, { email }) // MFA skipped
 * ```
 */
export async function signInAs(
  target: TenantTarget,
  who: UserRef,
  options: SignInAsOptions = {},
): Promise<SignedInSession> {
  const t = checkTarget(target)
  const userId = await resolveUserId(t, who)
  const { ticket } = await callApi<{ ticket: string }>(
    { baseUrl: t.baseUrl, token: t.secretKey, tenantId: t.tenantId },
    'POST',
    `/v1/users/${encodeURIComponent(userId)}/sign-in-tickets`,
    {
      mfa_verified: options.mfaVerified ?? true,
      ...(options.ticketTtlSeconds !== undefined && { expires_in_seconds: options.ticketTtlSeconds }),
    },
  )
  const result = await callApi<AuthResult>(
    { baseUrl: t.baseUrl, token: t.publishableKey, tenantId: t.tenantId },
    'POST',
    '/v1/auth/sign-in/ticket',
    { ticket },
  )
  if (result.status !== 'complete') {
    throw new HelloJohnTestingError(
      'mfa_pending',
      `signInAs: the sign-in answered ${result.status}; pass { mfaVerified: true } to skip MFA, or drive the MFA step yourself.`,
    )
  }
  return {
    user: result.user,
    session: result.session,
    tokens: result.tokens,
    accessToken: result.tokens.access_token,
    refreshToken: result.tokens.refresh_token,
    tenantId: t.tenantId,
  }
}
