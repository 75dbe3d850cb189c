export { createHelloJohn, type HelloJohn } from './client'
export type { HelloJohnApi } from './context'
export type { HelloJohnAuth, SignInWithOAuthOptions, OAuthProvider } from './auth/auth'
export type { HelloJohnMfa } from './mfa/mfa'
export type { HelloJohnMe, HelloJohnOrganizations } from './me'
export { credentialFor, type CredentialKind } from './http/credentials'
export type {
  User,
  SessionInfo,
  AuthTokens,
  AuthResult,
  ChallengeFactor,
  Factor,
  TotpEnrollment,
  FactorEnrollment,
  FactorConfirmation,
  Challenge,
  ChallengeCodeSent,
  Organization,
  Membership,
  Session,
  Accepted,
  ApiErrorCode,
  ErrorDetail,
  ClientPaths,
} from './types'
export type { paths, components, operations } from './generated/openapi'
export type {
  HelloJohnApiErrorCode,
  HelloJohnClientErrorCode,
  HelloJohnErrorCode,
  HelloJohnKnownErrorCode,
} from './errors/codes'
export { HelloJohnError, isHelloJohnError, type HelloJohnErrorOptions } from './errors/hellojohn-error'
export { HelloJohnApiError, isHelloJohnApiError, type HelloJohnApiErrorInit } from './errors/api-error'
export { HelloJohnNetworkError, HelloJohnTimeoutError } from './errors/network-error'
export { HelloJohnConfigError, type HelloJohnConfigErrorCode } from './errors/config-error'
export {
  HelloJohnTokenError,
  type HelloJohnTokenErrorCode,
  type HelloJohnTokenErrorReason,
} from './errors/token-error'
export { parseErrorBody, type ErrorResponseInfo } from './errors/parse-error'
export { parseRetryAfter } from './errors/retry-after'
export {
  resolveConfig,
  maskKey,
  normalizeBaseUrl,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  type HelloJohnOptions,
  type ResolvedConfig,
  type RetryOptions,
  type FetchLike,
} from './config'
export {
  memoryStorage,
  webStorage,
  resolveStorage,
  type StorageAdapter,
  type StorageOption,
} from './storage/storage'
export { createPkcePair, createRandomState, type PkcePair } from './pkce'
export { paginate, type Page, type ApiPageResult } from './paginate'
export { decodeJwt, type AccessTokenClaims } from './util/jwt'
export { createApiClient, type ApiClientOptions } from './http/api-client'
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
export type {
  SessionSnapshot,
  SessionInitialState,
  PendingChallenge,
  PendingEnrollment,
} from './session/snapshot'
export type { HelloJohnSession } from './session/session-manager'
export {
  createPendingCalls,
  type PendingCalls,
  type PendingCallsSnapshot,
  type AsyncMethodName,
} from './pending-calls'
export { AUTH_METHODS, MFA_METHODS, ORGANIZATION_METHODS, USER_METHODS } from './method-names'
