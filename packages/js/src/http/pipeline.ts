import type { Middleware } from 'openapi-fetch'
import { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, type FetchLike } from '../config'
import type { ApiClientOptions } from './api-client'
import { authMiddleware, idempotencyMiddleware, pathParamsMiddleware, tenantMiddleware } from './middleware'
import { load } from '../util/lazy'

// HelloJohn's request pipeline, shared by openapi-fetch clients (createApiClient, hj.api) and the high-level
// methods' runner. No value import of openapi-fetch here: createHelloJohn must not pull it in at startup.

/**
 * HelloJohn's middleware, in order: the path-parameter check, `X-Tenant-ID` (when `tenantId` is set),
 * `Idempotency-Key`, then the credential with 401 refresh-and-replay (last, so the request it keeps for a
 * replay carries every other header).
 *
 * @example
 * ```ts
 * const client = createClient<paths>({ baseUrl, fetch: createApiFetch(options) })
 * client.use(...createMiddlewareChain({ tenantId: 'tnt_demo', getCredential: () => 'sk_test_demo' }))
 * ```
 */
export const createMiddlewareChain = (
  options: Pick<ApiClientOptions, 'tenantId' | 'getCredential' | 'onUnauthorized'>,
): Middleware[] => [
  pathParamsMiddleware,
  ...(options.tenantId ? [tenantMiddleware(options.tenantId)] : []),
  idempotencyMiddleware(),
  authMiddleware(options.getCredential, options.onUnauthorized),
]

/**
 * The `fetch` every HelloJohn request goes through: per-attempt timeout, the caller's `AbortSignal`, and
 * retries with backoff and jitter (defaults as in {@link ApiClientOptions}).
 *
 * @example
 * ```ts
 * const fetch = createApiFetch({ retry: false, timeoutMs: 5000 })
 * ```
 */
export const createApiFetch = (options: Omit<ApiClientOptions, 'baseUrl' | 'getCredential'>): FetchLike => {
  // The timeout and retry logic is a separate chunk, loaded by the first request (not at startup): a request
  // waits for the network anyway. A failed load rejects that request (HelloJohnNetworkError); the next one
  // tries again.
  let resilient: Promise<FetchLike> | undefined
  const get = (): Promise<FetchLike> =>
    (resilient ??= load(() => import('./resilient-fetch')).then(
      (m) =>
        m.createResilientFetch({
          fetch: options.fetch ?? ((r: Request) => globalThis.fetch(r)),
          retry: options.retry ?? DEFAULT_RETRY,
          timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          random: options.random,
          onRetry: options.onRetry,
        }),
      (e: unknown) => {
        resilient = undefined
        throw e
      },
    ))
  return async (request) => (await get())(request)
}
