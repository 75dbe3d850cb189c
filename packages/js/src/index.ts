// The public entry of @hellojohn/js: what applications call. Plumbing that only the sibling packages use (the
// openapi-fetch client factory, middleware, config and error-parsing helpers, the adapters' method lists)
// lives in `@hellojohn/js/internal` (src/internal.ts), so a page importing `createHelloJohn` never loads it
// (issue 18).
export { createHelloJohn, type HelloJohn } from './client'
export type { HelloJohnApi } from './context'
export type { HelloJohnAuth, SignInWithOAuthOptions, OAuthProvider } from './auth/auth'
export type { HelloJohnMfa } from './mfa/mfa'
export type { HelloJohnMe, HelloJohnOrganizations } from './me'
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
export { type HelloJohnOptions, type RetryOptions, type FetchLike } from './config'
export { memoryStorage, webStorage, type StorageAdapter, type StorageOption } from './storage/storage'
export { paginate, type Page, type ApiPageResult } from './paginate'
export { decodeJwt, type AccessTokenClaims } from './util/jwt'
export type { RetryInfo } from './http/resilient-fetch'
export type {
  SessionSnapshot,
  SessionInitialState,
  PendingChallenge,
  PendingEnrollment,
} from './session/snapshot'
export type { HelloJohnSession } from './session/session-manager'
