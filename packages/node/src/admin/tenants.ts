import { call, requestInit } from './call'
import { requireObject, requireString, type AdminContext } from './context'
import {
  tenantsApiKeysOperations,
  tenantsOperations,
  type TenantsApiKeysOperations,
  type TenantsOperations,
} from './generated/tenants'
import { PageRequest } from './page-request'
import type {
  AuthConfig,
  AuthConfigUpdate,
  OAuthProvider,
  OAuthProviderInput,
  OAuthProviderList,
  OAuthProviderName,
  RequestOptions,
} from './types'

/**
 * `hj.tenants.oauthProviders`: social login providers of a tenant
 * (`/v2/admin/tenants/{tenantId}/oauth/providers`). Every method works on the configured tenant unless a
 * `tenantId` comes first. `client_secret` is write-only.
 *
 * @example
 * ```ts
 * await hj.tenants.oauthProviders.upsert({ provider: 'google', client_id: '…', client_secret: '…', enabled: true })
 * const { data } = await hj.tenants.oauthProviders.list()
 * ```
 */
export interface OAuthProvidersApi {
  /**
   * The providers (one page: the API returns them all). `await` it for `{ data }`, or `for await` over them.
   */
  list(tenantId?: string, options?: RequestOptions): PageRequest<OAuthProvider, OAuthProviderList>
  /** Creates or replaces the configuration of one provider. */
  upsert(input: OAuthProviderInput, options?: RequestOptions): Promise<OAuthProvider>
  /** Creates or replaces the configuration of one provider of the tenant `tenantId`. */
  upsert(tenantId: string, input: OAuthProviderInput, options?: RequestOptions): Promise<OAuthProvider>
  /** Removes a provider (`google`, `github`, …): sign-in with it stops at once. */
  delete(provider: OAuthProviderName, options?: RequestOptions): Promise<void>
  /** Removes a provider of the tenant `tenantId`: sign-in with it stops at once. */
  delete(tenantId: string, provider: OAuthProviderName, options?: RequestOptions): Promise<void>
}

/**
 * `hj.tenants.apiKeys`: a tenant's publishable and secret keys (control plane). A key's secret is returned
 * once, at creation.
 *
 * @example
 * ```ts
 * const key = await hj.tenants.apiKeys.create('tnt_demo', { type: 'secret', name: 'CI' })
 * await hj.tenants.apiKeys.revoke('tnt_demo', key.id)
 * ```
 */
export interface ApiKeysApi extends TenantsApiKeysOperations {}

/**
 * `hj.tenants`: the tenant's authentication configuration and OAuth providers
 * (`/v2/admin/tenants/{tenantId}/…`, defaulting to the configured tenant), and the control plane
 * (`/v1/cp/tenants`, sent without `X-Tenant-ID`).
 *
 * @example
 * ```ts
 * const config = await hj.tenants.getAuthConfig()
 * await hj.tenants.updateAuthConfig({ mfa_required: true, mfa_methods: ['totp', 'webauthn'] })
 * const tenant = await hj.tenants.create({ name: 'Staging' })
 * ```
 */
export interface TenantsApi extends TenantsOperations {
  /** The authentication configuration (seed 002) of the configured tenant, or of `tenantId`. */
  getAuthConfig(tenantId?: string, options?: RequestOptions): Promise<AuthConfig>
  /**
   * Partial update of the authentication configuration (omitted fields keep their values; validated: 422 on
   * bad values).
   */
  updateAuthConfig(patch: AuthConfigUpdate, options?: RequestOptions): Promise<AuthConfig>
  /** Partial update of the authentication configuration of the tenant `tenantId`. */
  updateAuthConfig(tenantId: string, patch: AuthConfigUpdate, options?: RequestOptions): Promise<AuthConfig>
  readonly oauthProviders: OAuthProvidersApi
  readonly apiKeys: ApiKeysApi
}

const tnt = (tenantId: unknown, method: string) => requireString(tenantId, 'the tenant id (tnt_…)', method)

/** Builds `hj.tenants`. */
export function createTenantsApi({ request, tenantId: ownTenant }: AdminContext): TenantsApi {
  const oauthProviders: OAuthProvidersApi = {
    list(tenantId = ownTenant, options?: RequestOptions) {
      tnt(tenantId, 'oauthProviders.list()')
      return new PageRequest(() =>
        request.GET('/v2/admin/tenants/{tenantId}/oauth/providers', {
          params: { path: { tenantId } },
          ...requestInit(options),
        }),
      )
    },
    async upsert(
      a: string | OAuthProviderInput,
      b?: OAuthProviderInput | RequestOptions,
      c?: RequestOptions,
    ): Promise<OAuthProvider> {
      const [tenantId, input, options] =
        typeof a === 'string'
          ? [a, b as OAuthProviderInput, c]
          : [ownTenant, a, b as RequestOptions | undefined]
      tnt(tenantId, 'oauthProviders.upsert()')
      requireObject(
        input,
        'the provider configuration ({ provider, client_id, client_secret, … })',
        'oauthProviders.upsert()',
      )
      return call(
        request.POST('/v2/admin/tenants/{tenantId}/oauth/providers', {
          params: { path: { tenantId } },
          body: input,
          ...requestInit(options, true),
        }),
      )
    },
    async delete(a: string, b?: OAuthProviderName | RequestOptions, c?: RequestOptions): Promise<void> {
      const [tenantId, provider, options] = typeof b === 'string' ? [a, b, c] : [ownTenant, a, b]
      tnt(tenantId, 'oauthProviders.delete()')
      requireString(provider, 'the provider name (e.g. "google")', 'oauthProviders.delete()')
      return call(
        request.DELETE('/v2/admin/tenants/{tenantId}/oauth/providers/{provider}', {
          params: { path: { tenantId, provider: provider as OAuthProviderName } },
          ...requestInit(options),
        }),
      )
    },
  }
  const apiKeys: ApiKeysApi = tenantsApiKeysOperations(request)

  return {
    async getAuthConfig(tenantId = ownTenant, options?: RequestOptions) {
      tnt(tenantId, 'tenants.getAuthConfig()')
      return call(
        request.GET('/v2/admin/tenants/{tenantId}/auth/config', {
          params: { path: { tenantId } },
          ...requestInit(options),
        }),
      )
    },
    async updateAuthConfig(
      a: string | AuthConfigUpdate,
      b?: AuthConfigUpdate | RequestOptions,
      c?: RequestOptions,
    ): Promise<AuthConfig> {
      const [tenantId, patch, options] =
        typeof a === 'string'
          ? [a, b as AuthConfigUpdate, c]
          : [ownTenant, a, b as RequestOptions | undefined]
      tnt(tenantId, 'tenants.updateAuthConfig()')
      requireObject(patch, 'the fields to change', 'tenants.updateAuthConfig()')
      return call(
        request.PATCH('/v2/admin/tenants/{tenantId}/auth/config', {
          params: { path: { tenantId } },
          body: patch,
          ...requestInit(options),
        }),
      )
    },
    oauthProviders,
    ...tenantsOperations(request),
    apiKeys,
  }
}
