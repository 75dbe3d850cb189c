/**
 * `@hellojohn/js/internal`: plumbing shared by the HelloJohn packages (`@hellojohn/node`, `@hellojohn/react`,
 * `@hellojohn/vue`, `@hellojohn/server-session`, `@hellojohn/nextjs`, `@hellojohn/testing`).
 *
 * NOT a public API: anything here may change or disappear in any release, patch releases included (it is
 * exempt from semver). Applications import from `@hellojohn/js`. Kept out of the main entry so that a page
 * importing `createHelloJohn` does not load it (openapi-fetch, which `createApiClient` imports statically, in
 * particular).
 *
 * @example
 * ```ts
 * // inside @hellojohn/node
 * import { createApiClient, type ClientPaths } from '@hellojohn/js/internal'
 * const api = createApiClient<ClientPaths>({ baseUrl, tenantId, getCredential: () => secretKey })
 * ```
 *
 * @packageDocumentation
 */
export type { ClientPaths } from './types'
export { credentialFor, type CredentialKind } from './http/credentials'
export { parseErrorBody, type ErrorResponseInfo } from './errors/parse-error'
export { parseRetryAfter } from './errors/retry-after'
export {
  resolveConfig,
  maskKey,
  normalizeBaseUrl,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  type ResolvedConfig,
} from './config'
export { resolveStorage } from './storage/storage'
export { createPkcePair, createRandomState, type PkcePair } from './pkce'
export { createApiClient, type ApiClientOptions } from './http/api-client'
export { createTransport, type Transport, type TransportOptions } from './http/transport'
export { createApiFetch, createMiddlewareChain } from './http/pipeline'
export type { ApiRunner } from './http/request-runner'
export { call, check, type ApiResult } from './util/call'
export {
  createResilientFetch,
  isRetryable,
  type ResilientFetchOptions,
  type RetryInfo,
} from './http/resilient-fetch'
export {
  authMiddleware,
  tenantMiddleware,
  idempotencyMiddleware,
  type CredentialContext,
  type CredentialProvider,
  type UnauthorizedHandler,
} from './http/middleware'
export {
  createPendingCalls,
  type PendingCalls,
  type PendingCallsSnapshot,
  type AsyncMethodName,
} from './pending-calls'
export { AUTH_METHODS, MFA_METHODS, ORGANIZATION_METHODS, USER_METHODS } from './method-names'
