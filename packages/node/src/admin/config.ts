import { HelloJohnConfigError, type FetchLike, type RetryOptions } from '@hellojohn/js'
import { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, maskKey, normalizeBaseUrl } from '@hellojohn/js/internal'
import type { RetryInfo } from '@hellojohn/js'
import { readEnv } from '../verify/options'
import type { TokenVerifierOptions } from '../verify/options'

/**
 * The HelloJohn cloud API, used when neither `baseUrl` nor `HELLOJOHN_BASE_URL` is given.
 *
 * @example
 * ```ts
 * new HelloJohn({ secretKey, tenantId }).baseUrl === DEFAULT_BASE_URL // 'https://api.hellojohn.dev'
 * ```
 */
export const DEFAULT_BASE_URL = 'https://api.hellojohn.dev'

/**
 * Options of `new HelloJohn(...)`. `secretKey`, `tenantId` and `baseUrl` fall back to the environment
 * variables `HELLOJOHN_SECRET_KEY`, `HELLOJOHN_TENANT_ID` and `HELLOJOHN_BASE_URL`.
 *
 * @example
 * ```ts
 * const options: HelloJohnAdminOptions = {
 *   secretKey: process.env.HELLOJOHN_SECRET_KEY!, // sk_live_… / sk_test_…
 *   tenantId: 'tnt_01HABCDEF654321',
 *   baseUrl: 'http://localhost:3000',            // default https://api.hellojohn.dev
 *   retry: { retries: 3 },
 *   timeoutMs: 10_000,
 * }
 * ```
 */
export interface HelloJohnAdminOptions {
  /**
   * `sk_live_…` / `sk_test_…` (Dashboard → Settings → API Keys). Server-side only; a publishable key is
   * refused.
   */
  secretKey?: string
  /**
   * `tnt_…`, sent as `X-Tenant-ID` on data-plane calls; the default tenant of `tenants.getAuthConfig()` & co.
   */
  tenantId?: string
  /**
   * `cpk_live_…` / `cpk_test_…`: the account's control-plane key, sent instead of the secret key on the
   * control-plane calls (`hj.tenants.list/create/get/update/delete`, `hj.tenants.apiKeys`). Needed to list or
   * create tenants and to reach any tenant other than `tenantId`; without it those calls use the secret key,
   * which reaches only its own tenant. Falls back to `HELLOJOHN_CONTROL_PLANE_KEY`. The mock server's is
   * `cpk_test_demo`.
   */
  controlPlaneKey?: string
  /**
   * API origin (default `https://api.hellojohn.dev`; a trailing `/v1` is removed). Its OpenID configuration
   * names the token issuer.
   */
  baseUrl?: string
  /** `fetch` to use (default `globalThis.fetch`, looked up at each call so test interceptors apply). */
  fetch?: FetchLike | typeof globalThis.fetch
  /**
   * Retries with exponential backoff on network errors, timeouts, 408, 429 and 5xx (default 2 retries);
   * `false` = never.
   */
  retry?: Partial<RetryOptions> | false
  /** Per-attempt timeout in ms (default 30000; 0 = none). */
  timeoutMs?: number
  /** Called before each retry (logging, metrics). */
  onRetry?: (info: RetryInfo) => void
  /**
   * Options of the token verifier behind `hj.auth`. Default: the issuer and JWKS named by
   * `${baseUrl}/.well-known/openid-configuration`, audience = `tenantId`, session tokens only.
   */
  tokenVerification?: Partial<TokenVerifierOptions>
  /** Allow a secret key in a browser. Never do this in production: anyone can read it. */
  dangerouslyAllowBrowser?: boolean
}

/** The validated configuration. */
export interface ResolvedAdminConfig {
  secretKey: string
  /** The control-plane key, when one was given. */
  controlPlaneKey: string | undefined
  tenantId: string
  baseUrl: string
  fetch: FetchLike | undefined
  retry: RetryOptions | false
  timeoutMs: number
  /** Called before each retry, as given in the options. */
  onRetry: ((info: RetryInfo) => void) | undefined
  tokenVerification: Partial<TokenVerifierOptions>
}

const fail = (
  code:
    | 'config_invalid'
    | 'config_invalid_base_url'
    | 'config_invalid_tenant_id'
    | 'config_secret_key_in_browser',
  option: string,
  message: string,
): never => {
  throw new HelloJohnConfigError(code, message, { option })
}

const show = (v: unknown): string =>
  typeof v === 'string'
    ? JSON.stringify(/^[ps]k_/.test(v) ? maskKey(v) : v.slice(0, 80))
    : v === undefined
      ? 'nothing'
      : String(v)

const num = (value: unknown, option: string, min: number, max: number, fallback: number): number => {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    fail(
      'config_invalid',
      option,
      `${option} must be a number between ${min} and ${max}, got ${String(value)}.`,
    )
  }
  return value as number
}

const isBrowser = (): boolean =>
  typeof (globalThis as { window?: unknown }).window !== 'undefined' &&
  typeof (globalThis as { document?: unknown }).document !== 'undefined'

/**
 * Validates the options of `new HelloJohn()` and fills in defaults. Throws a `HelloJohnConfigError` whose
 * `option` names what to fix; keys are never echoed beyond their `sk_live_` / `pk_test_` prefix.
 *
 * @example
 * ```ts
 * resolveAdminConfig({ secretKey: 'sk_test_demo', tenantId: 'tnt_demo', baseUrl: 'http://localhost:3000' })
 * ```
 */
export function resolveAdminConfig(options: HelloJohnAdminOptions | undefined): ResolvedAdminConfig {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    fail(
      'config_invalid',
      'options',
      'new HelloJohn() needs an options object: { secretKey, tenantId, baseUrl? }.',
    )
  }
  const o = options ?? {}
  const secretKey = o.secretKey ?? readEnv('HELLOJOHN_SECRET_KEY')
  const tenantId = o.tenantId ?? readEnv('HELLOJOHN_TENANT_ID')
  const controlPlaneKey = o.controlPlaneKey ?? readEnv('HELLOJOHN_CONTROL_PLANE_KEY')
  if (
    controlPlaneKey !== undefined &&
    (typeof controlPlaneKey !== 'string' || !/^cpk_(live|test)_[A-Za-z0-9_-]+$/.test(controlPlaneKey))
  ) {
    fail(
      'config_invalid',
      'controlPlaneKey',
      `controlPlaneKey must look like "cpk_live_…" or "cpk_test_…" (or set HELLOJOHN_CONTROL_PLANE_KEY), got ${typeof controlPlaneKey === 'string' ? show(controlPlaneKey.slice(0, 4) + '…') : show(controlPlaneKey)}.`,
    )
  }
  const baseUrl = o.baseUrl ?? readEnv('HELLOJOHN_BASE_URL') ?? DEFAULT_BASE_URL

  if (typeof secretKey === 'string' && /^pk_(live|test)_/.test(secretKey)) {
    fail(
      'config_invalid',
      'secretKey',
      `secretKey is a publishable key (${maskKey(secretKey)}). The admin client needs a secret key (sk_live_… or sk_test_…, Dashboard → Settings → API Keys); publishable keys belong in browsers, with @hellojohn/js.`,
    )
  }
  if (typeof secretKey !== 'string' || !/^sk_(live|test)_[A-Za-z0-9_-]+$/.test(secretKey)) {
    fail(
      'config_invalid',
      'secretKey',
      `secretKey must look like "sk_live_…" or "sk_test_…" (Dashboard → Settings → API Keys, or HELLOJOHN_SECRET_KEY), got ${typeof secretKey === 'string' ? show(secretKey.slice(0, 3) + '…') : show(secretKey)}.`,
    )
  }
  if (isBrowser() && o.dangerouslyAllowBrowser !== true) {
    fail(
      'config_secret_key_in_browser',
      'secretKey',
      `A secret key (${maskKey(secretKey!)}) must never be used in a browser: anyone can read it. Call the admin API from your server; in the browser use @hellojohn/js with a publishable key.`,
    )
  }
  if (typeof tenantId !== 'string' || !/^tnt_[A-Za-z0-9_-]+$/.test(tenantId)) {
    fail(
      'config_invalid_tenant_id',
      'tenantId',
      `tenantId must look like "tnt_…" (or set HELLOJOHN_TENANT_ID), got ${show(tenantId)}.`,
    )
  }

  const base =
    normalizeBaseUrl(baseUrl) ??
    fail(
      'config_invalid_base_url',
      'baseUrl',
      `baseUrl must be an absolute http(s) URL such as "https://api.hellojohn.dev" or "http://localhost:3000", got ${show(baseUrl)}.`,
    )

  if (o.fetch !== undefined && typeof o.fetch !== 'function')
    fail('config_invalid', 'fetch', 'fetch must be a function compatible with globalThis.fetch.')
  if (o.onRetry !== undefined && typeof o.onRetry !== 'function')
    fail('config_invalid', 'onRetry', 'onRetry must be a function.')
  if (
    o.tokenVerification !== undefined &&
    (typeof o.tokenVerification !== 'object' || o.tokenVerification === null)
  ) {
    fail(
      'config_invalid',
      'tokenVerification',
      'tokenVerification must be an object of token verifier options, e.g. { authorizedParties: ["pk_live_…"] }.',
    )
  }

  let retry: RetryOptions | false = false
  if (o.retry !== false) {
    const r = o.retry ?? {}
    if (typeof r !== 'object' || r === null)
      fail('config_invalid', 'retry', 'retry must be false or an object like { retries: 2 }.')
    retry = {
      retries: num(r.retries, 'retry.retries', 0, 10, DEFAULT_RETRY.retries),
      baseDelayMs: num(r.baseDelayMs, 'retry.baseDelayMs', 0, 60_000, DEFAULT_RETRY.baseDelayMs),
      maxDelayMs: num(r.maxDelayMs, 'retry.maxDelayMs', 0, 600_000, DEFAULT_RETRY.maxDelayMs),
      maxRetryAfterMs: num(
        r.maxRetryAfterMs,
        'retry.maxRetryAfterMs',
        0,
        3_600_000,
        DEFAULT_RETRY.maxRetryAfterMs,
      ),
    }
  }

  return {
    secretKey: secretKey!,
    controlPlaneKey,
    tenantId: tenantId!,
    baseUrl: base,
    fetch: o.fetch as FetchLike | undefined,
    retry,
    timeoutMs: num(o.timeoutMs, 'timeoutMs', 0, 600_000, DEFAULT_TIMEOUT_MS),
    onRetry: o.onRetry,
    tokenVerification: o.tokenVerification ?? {},
  }
}
