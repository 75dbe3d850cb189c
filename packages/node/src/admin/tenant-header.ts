import { tenantMiddleware } from '@hellojohn/js'

type Middleware = ReturnType<typeof tenantMiddleware>

/**
 * The core's `X-Tenant-ID` middleware (data plane only, never `/v1/cp/…`), also skipping
 * `/v2/admin/tenants/{tenantId}/…`, whose tenant is the one in the path (the spec gives those operations no
 * `X-Tenant-ID` parameter, and `getAuthConfig('tnt_other')` must not also claim `tnt_demo`).
 *
 * @example
 * ```ts
 * const api = createApiClient<ClientPaths>({ baseUrl, getCredential: () => secretKey })
 * api.use(adminTenantMiddleware('tnt_demo'))
 * ```
 */
export function adminTenantMiddleware(tenantId: string): Middleware {
  const inner = tenantMiddleware(tenantId)
  return {
    onRequest(params) {
      if (params.schemaPath.startsWith('/v2/admin/tenants/')) return undefined
      return inner.onRequest?.(params)
    },
  }
}
