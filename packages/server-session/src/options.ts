import { HelloJohnConfigError } from '@hellojohn/js'
import { normalizeBaseUrl, type ApiRunner } from '@hellojohn/js/internal'
import { createServerApi } from './server-api'

/**
 * Options of {@link createServerSession}. Every option falls back to the environment variable named in its
 * description, read once when the session core is created.
 *
 * @example
 * ```ts
 * const options: ServerSessionOptions = {
 *   baseUrl: 'http://localhost:3000',   // HELLOJOHN_BASE_URL
 *   tenantId: 'tnt_demo',               // HELLOJOHN_TENANT_ID
 *   publishableKey: 'pk_test_demo',     // HELLOJOHN_PUBLISHABLE_KEY
 * }
 * ```
 */
export interface ServerSessionOptions {
  /** The HelloJohn API origin. Env `HELLOJOHN_BASE_URL`. */
  baseUrl?: string
  /**
   * Your tenant (`tnt_…`): sent as `X-Tenant-ID` and required as the access token's `aud`. Env
   * `HELLOJOHN_TENANT_ID`.
   */
  tenantId?: string
  /** The publishable key (`pk_…`) used for sign-in and refresh. Env `HELLOJOHN_PUBLISHABLE_KEY`. */
  publishableKey?: string
  /** Expected token issuer. Env `HELLOJOHN_ISSUER`, default `baseUrl`. */
  issuer?: string
  /** Expected `aud`. Env `HELLOJOHN_AUDIENCE`, default `tenantId`. */
  audience?: string | string[]
  /** Where the public keys are. Env `HELLOJOHN_JWKS_URL`, default `${issuer}/.well-known/jwks.json`. */
  jwksUrl?: string
  /** Cookie name prefix (default `hj`): cookies `hj_at` (access token) and `hj_rt` (refresh token). */
  cookiePrefix?: string
  /** Refresh when the access token expires within this many seconds (default 30). */
  refreshLeewaySeconds?: number
  /**
   * How long a finished refresh is remembered for requests that still carry the old refresh token, or already
   * carry the one it issued (they get its answer instead of another refresh): ms, default 10000 — keep it
   * below the tenant's `refresh_token_reuse_interval`.
   */
  recentRefreshMs?: number
  /** Timeout of one refresh request, ms (default 10000). */
  timeoutMs?: number
  /** Origins besides the request's own allowed to call mutating routes (CSRF check). */
  allowedOrigins?: string[]
  /**
   * fetch used for the API and the JWKS (default `globalThis.fetch`, looked up at call time). The API calls pass
   * it a `Request` (`fetch(request)`), the JWKS download a URL.
   */
  fetch?: typeof fetch
  /** Clock in ms (default `Date.now`). */
  now?: () => number
}

/** Options after environment fallbacks, defaults and validation. */
export interface ResolvedServerSessionOptions {
  baseUrl: string
  tenantId: string
  publishableKey: string
  issuer: string
  audience: string | string[]
  jwksUrl: string | undefined
  cookiePrefix: string
  refreshLeewayMs: number
  recentRefreshMs: number
  timeoutMs: number
  allowedOrigins: string[]
  /** The fetch used for the API and the JWKS. */
  fetch: typeof fetch
  /**
   * The core's typed request runner over `fetch` (one attempt, `timeoutMs`, `X-Tenant-ID`, the publishable key on
   * the `/v1/auth/…` calls): the refresh, the sign-out and `GET /v1/me` go through it, the same request path as
   * `@hellojohn/js` and `@hellojohn/node`.
   */
  api: ApiRunner
  /** The clock, in ms. */
  now: () => number
}

/**
 * An environment variable where `process.env` exists (Node); `undefined` elsewhere or when reading it throws.
 */
export function readEnv(name: string): string | undefined {
  try {
    const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[
      name
    ]
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
  } catch {
    return undefined
  }
}

function invalid(option: string, message: string): never {
  throw new HelloJohnConfigError('config_invalid', message, { option })
}

function ms(value: number | undefined, option: string, fallback: number, max: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    invalid(option, `${option} must be a number from 0 to ${max} (got ${String(value)}).`)
  }
  return value
}

/**
 * Validates the options, filling them from the environment; throws a `HelloJohnConfigError` naming what to
 * fix.
 */
export function resolveServerSessionOptions(
  options: ServerSessionOptions = {},
): ResolvedServerSessionOptions {
  if (typeof options !== 'object' || options === null)
    invalid('options', 'Pass an options object (or {} to use the environment).')
  const rawBase = options.baseUrl ?? readEnv('HELLOJOHN_BASE_URL')
  const baseUrl = normalizeBaseUrl(rawBase)
  if (baseUrl === undefined) {
    invalid(
      'baseUrl',
      'baseUrl (or HELLOJOHN_BASE_URL) must be the absolute http(s) URL of your HelloJohn API, e.g. http://localhost:3000.',
    )
  }
  const tenantId = options.tenantId ?? readEnv('HELLOJOHN_TENANT_ID')
  if (typeof tenantId !== 'string' || !/^tnt_\w+$/.test(tenantId)) {
    invalid('tenantId', 'tenantId (or HELLOJOHN_TENANT_ID) must be your tnt_… tenant id.')
  }
  const publishableKey = options.publishableKey ?? readEnv('HELLOJOHN_PUBLISHABLE_KEY')
  if (typeof publishableKey !== 'string' || !/^pk_(live|test)_\w+$/.test(publishableKey)) {
    invalid(
      'publishableKey',
      'publishableKey (or HELLOJOHN_PUBLISHABLE_KEY) must be a pk_live_… or pk_test_… key.',
    )
  }
  const prefix = options.cookiePrefix ?? 'hj'
  if (typeof prefix !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(prefix)) {
    invalid('cookiePrefix', 'cookiePrefix must be 1-32 letters, digits, "_" or "-".')
  }
  const allowedOrigins = options.allowedOrigins ?? []
  if (!Array.isArray(allowedOrigins))
    invalid('allowedOrigins', 'allowedOrigins must be an array of origins like "https://app.example.com".')
  const origins = allowedOrigins.map((o) => {
    try {
      return new URL(o).origin
    } catch {
      return invalid('allowedOrigins', `"${String(o)}" is not an origin such as https://app.example.com.`)
    }
  })
  if (options.fetch !== undefined && typeof options.fetch !== 'function')
    invalid('fetch', 'fetch must be a function.')
  if (options.now !== undefined && typeof options.now !== 'function')
    invalid('now', 'now must be a function returning ms.')
  const issuer = options.issuer ?? readEnv('HELLOJOHN_ISSUER') ?? baseUrl
  const audience = options.audience ?? readEnv('HELLOJOHN_AUDIENCE') ?? tenantId
  const jwksUrl = options.jwksUrl ?? readEnv('HELLOJOHN_JWKS_URL')
  const userFetch = options.fetch
  const fetch: typeof globalThis.fetch = userFetch ?? ((input, init) => globalThis.fetch(input, init))
  const timeoutMs = ms(options.timeoutMs, 'timeoutMs', 10_000, 600_000)
  return {
    baseUrl,
    tenantId,
    publishableKey,
    issuer,
    audience,
    jwksUrl,
    cookiePrefix: prefix,
    refreshLeewayMs: ms(options.refreshLeewaySeconds, 'refreshLeewaySeconds', 30, 3600) * 1000,
    recentRefreshMs: ms(options.recentRefreshMs, 'recentRefreshMs', 10_000, 600_000),
    timeoutMs,
    allowedOrigins: origins,
    fetch,
    api: createServerApi({ baseUrl, tenantId, publishableKey, fetch, timeoutMs }),
    now: options.now ?? Date.now,
  }
}
