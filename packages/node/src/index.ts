// Token verification (no node: imports; runs on Node, Bun, Deno, edge runtimes)
export { verifyToken } from './verify/verify-token'
export {
  createTokenVerifier,
  type TokenVerifier,
  type SafeVerifyResult,
} from './verify/create-token-verifier'
export type { TokenVerifierOptions, TokenType } from './verify/options'
export type { HelloJohnClaims } from './verify/claims'
export {
  createIssuerDiscovery,
  type IssuerDiscovery,
  type IssuerDiscoveryOptions,
  type IssuerMetadata,
} from './verify/discovery'
export {
  createJwksCache,
  createLocalKeyResolver,
  type JwksCache,
  type JwksCacheOptions,
  type JwksCacheStats,
  type KeyResolver,
} from './verify/jwks-cache'

// Errors
export {
  HelloJohnTokenVerificationError,
  isTokenVerificationError,
  type TokenVerificationFailureReason,
} from './errors/token-verification-error'
export {
  HelloJohnWebhookVerificationError,
  isWebhookVerificationError,
  type WebhookVerificationFailureReason,
} from './errors/webhook-error'
export { HelloJohnError, isHelloJohnError } from '@hellojohn/js'

// Webhooks (no node: imports)
export { verifyWebhook, type VerifyWebhookInput } from './webhooks/verify-webhook'
export { signWebhook, type SignWebhookInput } from './webhooks/sign-webhook'
export { SIGNATURE_HEADER, type WebhookHeaders } from './webhooks/signature-header'
export type { WebhookEvent, WebhookEventType } from './webhooks/webhook-event'

// Request authentication (fetch-style servers and Express-style middleware)
export {
  authenticateRequest,
  type AuthenticateRequestOptions,
  type RequestAuthState,
  type RequestLike,
  type AuthErrorHook,
} from './request/authenticate-request'
export {
  requireAuth,
  type NodeLikeRequest,
  type NodeLikeResponse,
  type SignedInAuthState,
} from './request/require-auth'
export { extractToken, SESSION_COOKIE, type RequestHeaders } from './request/extract-token'
export { authErrorResponse, type ErrorEnvelope } from './request/error-response'

// Admin client (secret key, server only)
export { HelloJohn } from './admin/hellojohn'
export {
  DEFAULT_BASE_URL,
  resolveAdminConfig,
  type HelloJohnAdminOptions,
  type ResolvedAdminConfig,
} from './admin/config'
export { PageRequest, ItemsRequest, type ListPage } from './admin/page-request'
export type { AdminApi } from './admin/context'
export type { UsersApi } from './admin/users'
export type { SessionsApi } from './admin/sessions'
export type {
  OrganizationsApi,
  OrganizationMembersApi,
  OrganizationInvitationsApi,
} from './admin/organizations'
export type { MfaApi } from './admin/mfa'
export type { TenantsApi, OAuthProvidersApi, ApiKeysApi } from './admin/tenants'
export type { ClientsApi } from './admin/clients'
export type { WebhooksApi } from './admin/webhooks'
export type { AuditLogsApi } from './admin/audit-logs'
export type { AuthApi } from './admin/auth'
export type * from './admin/types'
