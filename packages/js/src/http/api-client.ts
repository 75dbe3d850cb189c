import type { Client } from 'openapi-fetch'
import type { FetchLike, RetryOptions } from '../config'
import type { CredentialProvider, UnauthorizedHandler } from './middleware'
import { createApiFetch, createMiddlewareChain } from './pipeline'
import { createTransport } from './transport'
import type { RetryInfo } from './resilient-fetch'

/** Options of {@link createApiClient}. */
export interface ApiClientOptions {
  /** API origin, without `/v1`. */
  baseUrl: string
  /** Sent as `X-Tenant-ID` on data-plane paths; omit for a control-plane-only client. */
  tenantId?: string | undefined
  /** Bearer credential per request. */
  getCredential: CredentialProvider
  /** 401 hook: return a fresh token to replay once. */
  onUnauthorized?: UnauthorizedHandler | undefined
  /** Default: `globalThis.fetch`, looked up per call (so MSW set up later intercepts). */
  fetch?: FetchLike | undefined
  /**
   * Default `{ retries: 2, baseDelayMs: 300, maxDelayMs: 5000, maxRetryAfterMs: 10000 }`; `false` disables.
   */
  retry?: RetryOptions | false | undefined
  /** Per-attempt timeout in ms (default 30000; 0 = none). */
  timeoutMs?: number | undefined
  /** Random source for the backoff jitter. */
  random?: (() => number) | undefined
  /** Called before each retry (logging, metrics). */
  onRetry?: ((info: RetryInfo) => void) | undefined
}

/**
 * The typed openapi-fetch client with HelloJohn's whole request pipeline: tenant header, Idempotency-Key on
 * POST, per-request credential with 401 refresh-and-replay (middleware), and timeouts plus retries (fetch
 * wrapper). `@hellojohn/js` builds `hj.api` the same way; `@hellojohn/node` uses it with a secret-key
 * credential. openapi-fetch is loaded on the first call (a dynamic import, like `hj.api`): a static import
 * here would make bundlers keep it in the startup chunk of every page that also loads `@hellojohn/js` (Vite
 * warns INEFFECTIVE_DYNAMIC_IMPORT).
 *
 * @example
 * ```ts
 * import type { paths } from '@hellojohn/js'
 * const api = createApiClient<paths>({ baseUrl: 'http://localhost:3000', tenantId: 'tnt_demo', getCredential: () => 'sk_test_demo' })
 * const { data, error } = await api.GET('/v1/users', { params: { query: { limit: 10 } } })
 * ```
 */
export function createApiClient<Paths extends object>(options: ApiClientOptions): Client<Paths> {
  return createTransport({
    baseUrl: options.baseUrl,
    fetch: createApiFetch(options),
    middleware: createMiddlewareChain(options),
  }).api as unknown as Client<Paths>
}
