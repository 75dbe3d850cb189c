import type { Client, Middleware } from 'openapi-fetch'
import type { FetchLike } from '../config'
import type { ClientPaths } from '../types'
import { createLazyApiClient } from './lazy-api-client'
import { createRequestRunner, type ApiRunner } from './request-runner'

/**
 * The one request path of the HelloJohn SDKs. Everything goes through the same `fetch` (timeouts, retries,
 * the caller's AbortSignal: see createApiFetch) and the same middleware array (path-parameter check,
 * `X-Tenant-ID`, `Idempotency-Key`, the credential with 401 refresh-and-replay: see createMiddlewareChain).
 * It has two faces:
 *
 * - `request`, the typed runner the SDKs' own methods call: `hj.auth`, `hj.mfa`, `hj.me` in `@hellojohn/js`,
 *   and every admin method of `@hellojohn/node`. Small and loaded at startup (request-runner.ts says why it
 *   exists).
 * - `api`, the openapi-fetch client users see as `hj.api` (part of the family's contract), loaded on its
 *   first call.
 *
 * Both read the middleware array at each call, so `hj.api.use()` applies to the SDK's methods too, and a
 * header, an error rule or telemetry is added in one place. Responses become values or `HelloJohnApiError`s
 * in one place too: `call()`/`check()` in util/call.ts, used by js and node alike.
 */
export interface Transport {
  /** Typed like openapi-fetch's `GET`/`POST`/…: resolves to `{ data, error, response }`. */
  request: ApiRunner
  /** The openapi-fetch client over the same fetch and middleware (`hj.api`). */
  api: Client<ClientPaths>
  /** The middleware both faces run, in order; `api.use()`/`api.eject()` edit it. */
  middleware: Middleware[]
}

/** Options of {@link createTransport}. */
export interface TransportOptions {
  /** API origin, without `/v1`. */
  baseUrl: string
  /** The fetch every request goes through (usually createApiFetch's). */
  fetch: FetchLike
  /** The middleware array, read at each call (it may be filled after the transport is created). */
  middleware?: Middleware[] | undefined
}

/**
 * Creates the transport: one fetch, one middleware array, a typed runner for the SDK's methods and the lazy
 * openapi-fetch client for `hj.api`.
 *
 * @example
 * ```ts
 * const transport = createTransport({
 *   baseUrl: 'http://localhost:3000',
 *   fetch: createApiFetch({}),
 *   middleware: createMiddlewareChain({ tenantId: 'tnt_demo', getCredential: () => 'sk_test_demo' }),
 * })
 * const user = await call(transport.request.GET('/v1/users/{userId}', { params: { path: { userId: 'usr_1' } } }))
 * ```
 */
export function createTransport(options: TransportOptions): Transport {
  const middleware = options.middleware ?? []
  return {
    request: createRequestRunner(options.baseUrl, options.fetch, middleware),
    api: createLazyApiClient<ClientPaths>(options.baseUrl, options.fetch, middleware),
    middleware,
  }
}
