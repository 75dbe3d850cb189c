import {
  createApiFetch,
  createMiddlewareChain,
  createTransport,
  credentialFor,
  type ApiRunner,
} from '@hellojohn/js/internal'

/** What {@link createServerApi} needs from the resolved options. */
export interface ServerApiOptions {
  baseUrl: string
  tenantId: string
  publishableKey: string
  fetch: typeof globalThis.fetch
  timeoutMs: number
}

/**
 * The API calls of the server session (refresh, sign-out, `GET /v1/me`) through the core's transport: the same
 * middleware (`X-Tenant-ID`, path checks, `Idempotency-Key`) and error handling as `@hellojohn/js` and
 * `@hellojohn/node`. One attempt per call (`retry: false`): the session decides what a failure means (a
 * temporary one keeps the session, see refresh.ts), and a retried refresh would only spend the next request's
 * time. The publishable key authenticates the `/v1/auth/…` calls; calls made for a user pass their access token
 * as their own `Authorization` header, which the credential middleware leaves alone.
 *
 * @example
 * ```ts
 * const api = createServerApi({ baseUrl, tenantId, publishableKey, fetch, timeoutMs: 10_000 })
 * const { data, response } = await api.GET('/v1/me', { headers: { authorization: `Bearer ${accessToken}` } })
 * ```
 */
export function createServerApi(options: ServerApiOptions): ApiRunner {
  const fetch = options.fetch
  return createTransport({
    baseUrl: options.baseUrl,
    fetch: createApiFetch({ fetch: (request) => fetch(request), retry: false, timeoutMs: options.timeoutMs }),
    middleware: createMiddlewareChain({
      tenantId: options.tenantId,
      getCredential: ({ schemaPath }) =>
        credentialFor(schemaPath) === 'publishableKey' ? options.publishableKey : undefined,
    }),
  }).request
}
