import { HelloJohnConfigError, type HelloJohnConfigErrorCode } from './errors/config-error'
import type { SessionInitialState } from './session/snapshot'
import { resolveStorage, type StorageAdapter, type StorageOption } from './storage/storage'

// Globals of Web and Service Workers (TypeScript's WebWorker lib is not loaded next to DOM).
declare const WorkerGlobalScope: unknown, importScripts: unknown

/** A `fetch`-compatible function. */
export type FetchLike = (input: Request) => Promise<Response>

/** Retry policy for network errors, 408, 429 and 5xx on safe or idempotent requests. */
export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  retries: number
  /**
   * Base of the exponential backoff, in ms (default 300); each wait is random in [0, base·2^attempt] ("full
   * jitter").
   */
  baseDelayMs: number
  /** Upper bound of one backoff wait, in ms (default 5000). */
  maxDelayMs: number
  /**
   * Longest `Retry-After` / `X-RateLimit-Reset` wait honoured, in ms (default 10000); longer → no retry, the
   * 429 is returned.
   */
  maxRetryAfterMs: number
}

/**
 * The retry policy when none is given: 2 retries, 300 ms backoff base, 5 s longest wait, 10 s `Retry-After`
 * cap.
 */
export const DEFAULT_RETRY: Readonly<RetryOptions> = {
  retries: 2,
  baseDelayMs: 300,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 10_000,
}

/** The largest value each retry option accepts (ms, except `retries`). */
const RETRY_MAX: Readonly<RetryOptions> = {
  retries: 10,
  baseDelayMs: 6e4,
  maxDelayMs: 6e5,
  maxRetryAfterMs: 36e5,
}

/** The per-attempt timeout when none is given, in ms. */
export const DEFAULT_TIMEOUT_MS = 30_000

/** Options of `createHelloJohn()`. */
export interface HelloJohnOptions {
  /**
   * The API origin, e.g. `https://api.hellojohn.dev` or `http://localhost:3000` (a trailing `/v1` is
   * removed).
   */
  baseUrl: string
  /**
   * `pk_live_…` / `pk_test_…`. A secret key (`sk_…`) is refused in a browser, a Web Worker or a Service
   * Worker unless `allowSecretKeyInBrowser`.
   */
  publishableKey: string
  /** `tnt_…`, sent as `X-Tenant-ID`. */
  tenantId: string
  /** Where the session is kept (default `localStorage` in a browser, memory elsewhere). */
  storage?: StorageOption
  /** Storage key prefix (default `hellojohn`); the key is `<prefix>.<tenantId>`. */
  storageKey?: string
  /** `fetch` to use (default: `globalThis.fetch`, looked up at each call so test interceptors apply). */
  fetch?: FetchLike | typeof globalThis.fetch
  /** Retry policy, or `false` to never retry. */
  retry?: Partial<RetryOptions> | false
  /** Per-attempt timeout in ms (default 30000; 0 = none). */
  timeoutMs?: number
  /** Refresh this many seconds before the access token expires (default 60). */
  refreshLeewaySeconds?: number
  /** Sync sign-in, refresh and sign-out across tabs (default: true in browsers, false on servers). */
  crossTab?: boolean
  /**
   * How long one tab waits for another tab's refresh lock before going on, in ms. Default: the longest a
   * refresh can take (`timeoutMs` × attempts, plus the backoff waits, plus 1 s), so a slow refresh in one tab
   * never makes another tab refresh with the same token.
   */
  lockTimeoutMs?: number
  /** OAuth: the `redirect_uri` registered for this app (default: current page without query). */
  redirectUri?: string
  /** OAuth: client id for `/v1/oauth/authorize` and `/v1/oauth/token` (default: the publishable key). */
  clientId?: string
  /** Server-rendered session used for the first render and `getServerSnapshot()`. */
  initialState?: SessionInitialState
  /** Clock (default `Date.now`), injectable for tests. */
  now?: () => number
  /** Accept a secret key in a browser (never do this in production: anyone can read it). */
  allowSecretKeyInBrowser?: boolean
}

/** The validated, defaulted configuration. */
export interface ResolvedConfig {
  baseUrl: string
  publishableKey: string
  tenantId: string
  storage: StorageAdapter
  storageKey: string
  fetch: FetchLike
  retry: RetryOptions | false
  timeoutMs: number
  refreshLeewayMs: number
  crossTab: boolean
  lockTimeoutMs: number
  redirectUri?: string | undefined
  clientId: string
  initialState?: SessionInitialState | undefined
  /** The clock, in milliseconds since the epoch (`Date.now` unless `now` was given). */
  now: () => number
}

/**
 * Masks an API key for messages and logs: only the prefix survives.
 *
 * @example
 * ```ts
 * maskKey('sk_live_abc123') // 'sk_live_…'
 * ```
 */
export const maskKey = (key: string): string =>
  (/^(pk|sk)_(live|test)_/.exec(key)?.[0] ?? key.slice(0, 3)) + '…'

/**
 * The API origin (and path prefix, if any) of an absolute http(s) URL, without trailing slashes or `/v1`;
 * `undefined` for anything else.
 *
 * @example
 * ```ts
 * normalizeBaseUrl('http://localhost:3000/v1/') // 'http://localhost:3000'
 * normalizeBaseUrl('localhost:3000')            // undefined
 * ```
 */
export const normalizeBaseUrl = (value: unknown): string | undefined => {
  try {
    const url = new URL(value as string)
    if (typeof value === 'string' && /^https?:$/.test(url.protocol))
      return url.origin + url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '')
  } catch {
    // not a URL
  }
  return undefined
}

/**
 * Validates the options of `createHelloJohn()` and fills in defaults. Throws a `HelloJohnConfigError` naming
 * the option to fix; keys are never echoed in full.
 *
 * @example
 * ```ts
 * const config = resolveConfig({ baseUrl: 'http://localhost:3000', publishableKey: 'pk_test_demo', tenantId: 'tnt_demo' })
 * ```
 */
export function resolveConfig(options: HelloJohnOptions): ResolvedConfig {
  const bad = (
    option: string,
    expected: string,
    value: unknown,
    code: HelloJohnConfigErrorCode = 'config_invalid',
  ): never => {
    const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : String(value)
    throw new HelloJohnConfigError(code, `${option} must be ${expected}, got ${shown}.`, { option })
  }
  const given =
    (typeof options === 'object' && options) ||
    bad('options', 'an object { baseUrl, publishableKey, tenantId }', options)
  const { baseUrl, publishableKey: key, tenantId, retry = {} } = given
  const base =
    normalizeBaseUrl(baseUrl) ??
    bad(
      'baseUrl',
      'an absolute http(s) URL like "https://api.hellojohn.dev"',
      baseUrl,
      'config_invalid_base_url',
    )
  if (!/^(pk|sk)_(live|test)_\w+$/.test(key))
    bad(
      'publishableKey',
      'a pk_live_… or pk_test_… key',
      typeof key === 'string' ? maskKey(key) : key,
      'config_invalid_publishable_key',
    )
  const browser = typeof window === 'object' && typeof document === 'object'
  // Web and Service Workers run page code too (no window/document there); importScripts tells them from
  // server runtimes that also define WorkerGlobalScope (Cloudflare workerd).
  const worker = typeof WorkerGlobalScope === 'function' && typeof importScripts === 'function'
  if (key.startsWith('sk_') && (browser || worker) && !given.allowSecretKeyInBrowser) {
    throw new HelloJohnConfigError(
      'config_secret_key_in_browser',
      `A secret key (${maskKey(key)}) in a browser or a Web/Service Worker is readable by anyone: use your publishable key (pk_…) here.`,
      { option: 'publishableKey' },
    )
  }
  if (!/^tnt_\w+$/.test(tenantId))
    bad(
      'tenantId',
      'a tnt_… tenant id',
      /^[ps]k_/.test(tenantId) ? maskKey(tenantId) : tenantId,
      'config_invalid_tenant_id',
    )
  for (const name of ['fetch', 'now'] as const) {
    if (given[name] && typeof given[name] !== 'function') bad(name, 'a function', given[name])
  }
  /** An optional number option: its value, `fallback` when absent, or a config error when outside 0..max. */
  const numberOption = (name: string, value: unknown, max: number, fallback: number): number => {
    if (value === undefined) return fallback
    if (typeof value === 'number' && value >= 0 && value <= max) return value
    return bad(name, `a number from 0 to ${max}`, value)
  }
  if (typeof retry !== 'object' && retry !== false)
    bad('retry', 'false or an object like { retries: 2 }', retry)
  // `retry: false` keeps retries off; an object gives some options and the defaults fill in the rest
  const retryPolicy = retry ? resolveRetry(retry, numberOption) : retry
  const timeoutMs = numberOption('timeoutMs', given.timeoutMs, 6e5, DEFAULT_TIMEOUT_MS)
  // the longest refresh: every attempt times out (no timeout: 10 min each) and every backoff wait is the
  // longest
  const retries = retryPolicy ? retryPolicy.retries : 0
  const longestRefreshMs =
    (timeoutMs || 6e5) * (retries + 1) + (retryPolicy ? retries * retryPolicy.maxDelayMs : 0) + 1e3

  return {
    ...given,
    baseUrl: base,
    publishableKey: key,
    storage: resolveStorage(given.storage),
    storageKey: `${given.storageKey ?? 'hellojohn'}.${tenantId}`,
    fetch: (given.fetch as FetchLike | undefined) ?? ((request) => globalThis.fetch(request)),
    retry: retryPolicy,
    timeoutMs,
    refreshLeewayMs: numberOption('refreshLeewaySeconds', given.refreshLeewaySeconds, 3600, 60) * 1000,
    crossTab: given.crossTab ?? browser,
    lockTimeoutMs: numberOption('lockTimeoutMs', given.lockTimeoutMs, 36e5, longestRefreshMs),
    clientId: given.clientId || key,
    now: given.now ?? Date.now,
  }
}

/**
 * Each retry option checked against its maximum ({@link RETRY_MAX}), with the default where it is not given.
 */
function resolveRetry(
  given: Partial<RetryOptions>,
  numberOption: (name: string, value: unknown, max: number, fallback: number) => number,
): RetryOptions {
  const resolved = {} as RetryOptions
  for (const name of Object.keys(RETRY_MAX) as (keyof RetryOptions)[]) {
    resolved[name] = numberOption(`retry.${name}`, given[name], RETRY_MAX[name], DEFAULT_RETRY[name])
  }
  return resolved
}
