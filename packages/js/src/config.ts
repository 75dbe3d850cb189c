import { HelloJohnConfigError, type HelloJohnConfigErrorCode } from './errors/config-error'
import type { SessionInitialState } from './session/snapshot'
import { resolveStorage, type StorageAdapter, type StorageOption } from './storage/storage'

/** A `fetch`-compatible function. */
export type FetchLike = (input: Request) => Promise<Response>

/** Retry policy for network errors, 408, 429 and 5xx on safe or idempotent requests. */
export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  retries: number
  /** Base of the exponential backoff, in ms (default 300); each wait is random in [0, base·2^attempt] ("full jitter"). */
  baseDelayMs: number
  /** Upper bound of one backoff wait, in ms (default 5000). */
  maxDelayMs: number
  /** Longest `Retry-After` / `X-RateLimit-Reset` wait honoured, in ms (default 10000); longer → no retry, the 429 is returned. */
  maxRetryAfterMs: number
}

/** Options of `createHelloJohn()`. */
export interface HelloJohnOptions {
  /** The API origin, e.g. `https://api.hellojohn.dev` or `http://localhost:3000` (a trailing `/v1` is removed). */
  baseUrl: string
  /** `pk_live_…` / `pk_test_…`. A secret key (`sk_…`) is refused in a browser unless `allowSecretKeyInBrowser`. */
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
  /** Sync sign-in, refresh and sign-out across tabs (default true where BroadcastChannel or storage events exist). */
  crossTab?: boolean
  /** How long one tab waits for another tab's refresh lock before going on, in ms (default 10000). */
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
  redirectUri: string | undefined
  clientId: string
  initialState: SessionInitialState | undefined
  now: () => number
}

const fail = (code: HelloJohnConfigErrorCode, option: string, message: string): never => {
  throw new HelloJohnConfigError(code, message, { option })
}

/** `sk_live_…` → `sk_live_…` (never the secret part). */
export const maskKey = (key: string): string => (/^(pk|sk)_(live|test)_/.exec(key)?.[0] ?? key.slice(0, 3)) + '…'

/** True in a browser-like runtime (a DOM window), false on servers, workers and edge runtimes. */
export const isBrowser = (): boolean =>
  typeof window !== 'undefined' && typeof (globalThis as { document?: unknown }).document !== 'undefined'

/** Quotes a bad value for an error message, masking anything that looks like an API key. */
const show = (v: unknown): string =>
  typeof v === 'string' ? JSON.stringify(/^[ps]k_/.test(v) ? maskKey(v) : v.slice(0, 80)) : String(v)

const num = (value: unknown, option: string, min: number, max: number, fallback: number): number => {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    fail('config_invalid', option, `${option} must be a number between ${min} and ${max}, got ${String(value)}.`)
  }
  return value as number
}

/**
 * Validates the options of `createHelloJohn()` and fills in defaults. Throws a `HelloJohnConfigError` naming the
 * option to fix; keys are never echoed in full.
 *
 * @example
 * ```ts
 * const config = resolveConfig({ baseUrl: 'http://localhost:3000', publishableKey: 'pk_test_demo', tenantId: 'tnt_demo' })
 * ```
 */
export function resolveConfig(options: HelloJohnOptions): ResolvedConfig {
  if (typeof options !== 'object' || options === null) {
    fail('config_invalid', 'options', 'createHelloJohn() needs an options object: { baseUrl, publishableKey, tenantId }.')
  }
  const { baseUrl, publishableKey: key, tenantId } = options

  let url: URL | undefined
  try {
    url = new URL(String(baseUrl))
  } catch {
    // handled below
  }
  if (typeof baseUrl !== 'string' || !url || !/^https?:$/.test(url.protocol)) {
    fail(
      'config_invalid_base_url',
      'baseUrl',
      `baseUrl must be an absolute http(s) URL such as "https://api.hellojohn.dev" or "http://localhost:3000", got ${show(baseUrl)}.`,
    )
  }
  const base = url!.origin + url!.pathname.replace(/\/+$/, '').replace(/\/v1$/, '')

  if (typeof key !== 'string' || !/^(pk|sk)_(live|test)_[A-Za-z0-9_-]+$/.test(key)) {
    fail(
      'config_invalid_publishable_key',
      'publishableKey',
      `publishableKey must look like "pk_live_…" or "pk_test_…" (from Dashboard → Settings → API Keys), got ${typeof key === 'string' ? JSON.stringify(maskKey(key)) : String(key)}.`,
    )
  }
  if (key.startsWith('sk_') && isBrowser() && !options.allowSecretKeyInBrowser) {
    fail(
      'config_secret_key_in_browser',
      'publishableKey',
      `A secret key (${maskKey(key)}) must never be used in a browser: anyone can read it. Use your publishable key (pk_…) here and keep secret keys on the server (@hellojohn/node).`,
    )
  }
  if (typeof tenantId !== 'string' || !/^tnt_[A-Za-z0-9_-]+$/.test(tenantId)) {
    fail('config_invalid_tenant_id', 'tenantId', `tenantId must look like "tnt_…", got ${show(tenantId)}.`)
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    fail('config_invalid', 'fetch', 'fetch must be a function compatible with globalThis.fetch.')
  }
  const customFetch = options.fetch as FetchLike | undefined
  const fetch: FetchLike = customFetch ?? ((r) => globalThis.fetch(r))

  let retry: RetryOptions | false = false
  if (options.retry !== false) {
    const r = options.retry ?? {}
    if (typeof r !== 'object' || r === null) fail('config_invalid', 'retry', 'retry must be false or an object like { retries: 2 }.')
    retry = {
      retries: num(r.retries, 'retry.retries', 0, 10, 2),
      baseDelayMs: num(r.baseDelayMs, 'retry.baseDelayMs', 0, 60_000, 300),
      maxDelayMs: num(r.maxDelayMs, 'retry.maxDelayMs', 0, 600_000, 5_000),
      maxRetryAfterMs: num(r.maxRetryAfterMs, 'retry.maxRetryAfterMs', 0, 3_600_000, 10_000),
    }
  }
  if (options.now !== undefined && typeof options.now !== 'function') fail('config_invalid', 'now', 'now must be a function returning epoch milliseconds.')
  if (options.clientId !== undefined && (typeof options.clientId !== 'string' || !options.clientId)) {
    fail('config_invalid', 'clientId', 'clientId must be a non-empty string.')
  }

  return {
    baseUrl: base,
    publishableKey: key,
    tenantId,
    storage: resolveStorage(options.storage),
    storageKey: `${options.storageKey ?? 'hellojohn'}.${tenantId}`,
    fetch,
    retry,
    timeoutMs: num(options.timeoutMs, 'timeoutMs', 0, 600_000, 30_000),
    refreshLeewayMs: num(options.refreshLeewaySeconds, 'refreshLeewaySeconds', 0, 3600, 60) * 1000,
    crossTab: options.crossTab ?? true,
    lockTimeoutMs: num(options.lockTimeoutMs, 'lockTimeoutMs', 0, 600_000, 10_000),
    redirectUri: options.redirectUri,
    clientId: options.clientId ?? key,
    initialState: options.initialState,
    now: options.now ?? Date.now,
  }
}
