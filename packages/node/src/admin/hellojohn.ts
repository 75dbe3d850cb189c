import { createApiFetch, createMiddlewareChain, createTransport } from '@hellojohn/js/internal'
import type { TokenVerifierOptions } from '../verify/options'
import { createAuditLogsApi, type AuditLogsApi } from './audit-logs'
import { createAuthApi, type AuthApi } from './auth'
import { createClientsApi, type ClientsApi } from './clients'
import { resolveAdminConfig, type HelloJohnAdminOptions } from './config'
import type { AdminApi, AdminContext } from './context'
import { createMfaApi, type MfaApi } from './mfa'
import {
  createInvitationsApi,
  createOrganizationsApi,
  type OrganizationInvitationsApi,
  type OrganizationsApi,
} from './organizations'
import { createSessionsApi, type SessionsApi } from './sessions'
import { createTenantsApi, type TenantsApi } from './tenants'
import { createUsersApi, type UsersApi } from './users'
import { createWebhooksApi, type WebhooksApi } from './webhooks'

/**
 * The server-side admin client: every secret-key operation of the HelloJohn API, grouped by resource. Built
 * on the same typed client and request pipeline as `@hellojohn/js` (secret key as bearer, `X-Tenant-ID`, an
 * `Idempotency-Key` on every POST that stays the same across retries, retries with backoff, timeouts).
 * Resources keep the API's snake_case fields; failures throw a `HelloJohnApiError` (`status`, `code`,
 * `details`, `requestId`), a `HelloJohnNetworkError` / `HelloJohnTimeoutError`, or a `HelloJohnError` with
 * code `invalid_argument` for a bad argument (sent nowhere). Every `list` is awaitable for one page and
 * `for await`-able over all pages.
 *
 * @example
 * ```ts
 * import { HelloJohn } from '@hellojohn/node'
 *
 * const hj = new HelloJohn({ secretKey: process.env.HELLOJOHN_SECRET_KEY!, tenantId: 'tnt_demo', baseUrl: 'http://localhost:3000' })
 *
 * const { data, pagination } = await hj.users.list({ limit: 10 })
 * for await (const user of hj.users.list()) console.log(user.email)
 *
 * await hj.users.sendPhoneVerification(userId)
 * await hj.users.verifyPhone(userId, '123456')
 * const linked = await hj.users.getByExternalId('user_42') // the user, or null
 * const me = await hj.auth.getUser(token)                   // token verified locally first
 * ```
 */
export class HelloJohn {
  /** The tenant's users. */
  readonly users: UsersApi
  /** Every session of the tenant. */
  readonly sessions: SessionsApi
  /** Organizations, with `members` and `invitations`. */
  readonly organizations: OrganizationsApi
  /** Same object as `organizations.invitations`. */
  readonly invitations: OrganizationInvitationsApi
  /** A user's MFA enrollment (`/v2/admin/users/{userId}/mfa`). */
  readonly mfa: MfaApi
  /** Authentication configuration, OAuth providers, and the control plane (tenants, API keys). */
  readonly tenants: TenantsApi
  /** OAuth 2.0 / OIDC clients. */
  readonly clients: ClientsApi
  /** Webhook endpoints and their deliveries. */
  readonly webhooks: WebhooksApi
  /** The audit log. */
  readonly auditLogs: AuditLogsApi
  /** Local verification of access tokens, and the user behind one. */
  readonly auth: AuthApi
  /**
   * The raw typed openapi-fetch client with the same pipeline, for anything not wrapped: returns
   * `{ data, error, response }`.
   */
  readonly api: AdminApi
  /** The configured tenant (`tnt_…`). */
  readonly tenantId: string
  /**
   * The API origin; the token issuer is read from its OpenID configuration (unless
   * `tokenVerification.issuer`).
   */
  readonly baseUrl: string

  /**
   * @throws `HelloJohnConfigError` when an option is wrong (`option` names it): a missing or malformed secret
   * key, a publishable key given as `secretKey`, a tenant id without `tnt_`, a base URL that is not absolute
   * http(s).
   */
  constructor(options?: HelloJohnAdminOptions) {
    const config = resolveAdminConfig(options)
    const { secretKey, controlPlaneKey } = config
    this.tenantId = config.tenantId
    this.baseUrl = config.baseUrl
    // The core's one transport: the admin methods call its typed runner, `hj.api` is its openapi-fetch face.
    const transport = createTransport({
      baseUrl: config.baseUrl,
      fetch: createApiFetch(config),
      middleware: createMiddlewareChain({
        // X-Tenant-ID on the data plane (the core's middleware skips /v1/cp/… and
        // /v2/admin/tenants/{tenantId}/…)
        tenantId: config.tenantId,
        // the control plane takes the account's control-plane key when one is configured, else the tenant's
        // secret key
        getCredential: ({ schemaPath }) =>
          controlPlaneKey !== undefined && schemaPath.startsWith('/v1/cp/') ? controlPlaneKey : secretKey,
      }),
    })
    this.api = transport.api
    const ctx: AdminContext = { request: transport.request, tenantId: config.tenantId }
    this.users = createUsersApi(ctx)
    this.sessions = createSessionsApi(ctx)
    this.invitations = createInvitationsApi(ctx)
    this.organizations = createOrganizationsApi(ctx, this.invitations)
    this.mfa = createMfaApi(ctx)
    this.tenants = createTenantsApi(ctx)
    this.clients = createClientsApi(ctx)
    this.webhooks = createWebhooksApi(ctx)
    this.auditLogs = createAuditLogsApi(ctx)
    const customFetch = config.fetch
    this.auth = createAuthApi(this.users, (): TokenVerifierOptions => {
      const { tokenVerification } = config
      // The custom fetch serves discovery and the JWKS; with local keys and an explicit issuer nothing is
      // fetched.
      const fetches =
        tokenVerification.issuer === undefined ||
        (tokenVerification.jwks === undefined && tokenVerification.jwksCache === undefined)
      return {
        // The issuer is what the server's OpenID configuration says (not baseUrl, which may be another alias
        // of the same server); an explicit tokenVerification.issuer wins.
        baseUrl: config.baseUrl,
        ...(tokenVerification.audience === undefined && tokenVerification.tenantId === undefined
          ? { tenantId: config.tenantId }
          : {}),
        ...(customFetch && fetches
          ? { fetch: (input: RequestInfo | URL, init?: RequestInit) => customFetch(new Request(input, init)) }
          : {}),
        ...tokenVerification,
      }
    })
  }

  /** Never prints the secret key. */
  toJSON(): Record<string, string> {
    return { tenantId: this.tenantId, baseUrl: this.baseUrl }
  }
}
