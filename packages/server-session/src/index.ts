export {
  createServerSession,
  isSecureContextUrl,
  type ServerSession,
  type ServerSessionState,
  type ResolvedRequestSession,
  type OAuthTokens,
} from './server-session'
export type { ServerSessionOptions, ResolvedServerSessionOptions } from './options'
export type { RefreshOutcome, CompleteAuthResult } from './refresh'
export {
  serializeCookie,
  parseCookieHeader,
  readCookies,
  readChunked,
  chunkedCookies,
  MAX_COOKIE_VALUE,
  type CookieToSet,
  type CookieOptions,
  type CookieSource,
  type CookieStore,
} from './cookies'
export { isSameOriginRequest, isFromSameOrigin } from './csrf'
export {
  handleSessionRoute,
  safeRedirectPath,
  errorResponse,
  withCookies,
  REFRESH_TOKEN_PLACEHOLDER,
} from './api-route'
