import type { Middleware } from 'openapi-fetch'
import { load } from '../util/lazy'
import { randomUUID } from '../util/random'

/** What a credential provider is told about the request it must authenticate. */
export interface CredentialContext {
  method: string
  /** The spec path template, e.g. `/v1/me/sessions/{sessionId}`. */
  schemaPath: string
}

/**
 * Returns the bearer credential for one request (publishable key, access token or secret key), or `undefined`
 * for none. May be async (e.g. refreshing the access token first).
 */
export type CredentialProvider = (ctx: CredentialContext) => string | undefined | Promise<string | undefined>

/**
 * Called on a 401 for a request sent with `token` (`code`: the error code of the answer, when it had one):
 * return a fresh token to replay the request once, or `undefined`.
 */
export type UnauthorizedHandler = (
  ctx: CredentialContext & { token: string; code?: string | undefined },
) => Promise<string | undefined>

/**
 * Sets `Authorization: Bearer <credential>` per request (unless the caller set one) and, on a 401 whose code
 * says the token is bad (`unauthorized`, `invalid_token`, `token_expired`, or no parsable body) or the
 * session is gone (`session_revoked`, `session_expired`), asks `onUnauthorized` for a new token (it may also
 * end the session) and replays the request exactly once with it. Register it after the other request
 * middleware.
 *
 * @example
 * ```ts
 * client.use(authMiddleware(({ schemaPath }) => (schemaPath.startsWith('/v1/auth/') ? 'pk_test_demo' : token)))
 * ```
 */
export function authMiddleware(
  getCredential: CredentialProvider,
  onUnauthorized?: UnauthorizedHandler,
): Middleware {
  const pending = new Map<string, { replay: Request; token: string }>()
  return {
    async onRequest({ request, schemaPath, id }) {
      if (request.headers.has('authorization')) return undefined
      const ctx = { method: request.method, schemaPath }
      const token = await getCredential(ctx)
      if (token === undefined) return undefined
      request.headers.set('authorization', `Bearer ${token}`)
      if (onUnauthorized) pending.set(id, { replay: request.clone(), token })
      return request
    },
    async onResponse({ request, response, schemaPath, id, options }) {
      const entry = pending.get(id)
      pending.delete(id)
      if (!entry || response.status !== 401 || !onUnauthorized) return undefined
      // only a token problem is worth a refresh (not e.g. a wrong MFA code, also a 401)
      const code = await response
        .clone()
        .json()
        .then(
          (b: { error?: { code?: string } }) => b?.error?.code,
          () => undefined,
        )
      if (
        code !== undefined &&
        !/^(unauthorized|invalid_token|token_expired|session_revoked|session_expired)$/.test(code)
      )
        return undefined
      const token = await onUnauthorized({ method: request.method, schemaPath, token: entry.token, code })
      if (token === undefined || token === entry.token) return undefined
      void response.body?.cancel().catch(() => undefined)
      entry.replay.headers.set('authorization', `Bearer ${token}`)
      return options.fetch(entry.replay)
    },
    onError({ id }) {
      pending.delete(id)
    },
  }
}

/**
 * Adds `X-Tenant-ID` to every data-plane request (not to the control plane, `/v1/cp/…`, nor to
 * `/v2/admin/tenants/{tenantId}/…`, where the tenant is in the path).
 *
 * @example
 * ```ts
 * client.use(tenantMiddleware('tnt_demo'))
 * ```
 */
export const tenantMiddleware = (tenantId: string): Middleware => ({
  onRequest({ request, schemaPath }) {
    if (/^\/v1\/cp\/|^\/v2\/admin\/tenants\//.test(schemaPath) || request.headers.has('x-tenant-id'))
      return undefined
    request.headers.set('x-tenant-id', tenantId)
    return request
  },
})

/**
 * Gives every POST an `Idempotency-Key` (a UUID) unless the caller set one. The retry wrapper re-sends the
 * same Request, so the key is identical across retries and the server applies the write at most once. The
 * OAuth endpoints (`/v1/oauth/…`, RFC 6749) take none: their codes and refresh tokens are single use by
 * design.
 *
 * @example
 * ```ts
 * client.use(idempotencyMiddleware())
 * await client.POST('/v1/users', { body, headers: { 'Idempotency-Key': myKey } }) // or let it generate one
 * ```
 */
export const idempotencyMiddleware = (): Middleware => ({
  onRequest({ request, schemaPath }) {
    if (
      request.method !== 'POST' ||
      schemaPath.startsWith('/v1/oauth/') ||
      request.headers.has('idempotency-key')
    )
      return undefined
    request.headers.set('idempotency-key', randomUUID())
    return request
  },
})

/**
 * Refuses a request whose path parameters could change the URL's path (empty, `.`, `..`, `/`, `?`, `#`,
 * `%2F`: see path-params.ts) with `invalid_argument` before it is sent. First in HelloJohn's chain, so
 * `hj.api`, the high-level methods and `@hellojohn/node`'s admin client all get it. The checks load with the
 * first path that has a parameter.
 *
 * @example
 * ```ts
 * client.use(pathParamsMiddleware)
 * await client.DELETE('/v1/users/{userId}', { params: { path: { userId: '..' } } }) // throws invalid_argument
 * ```
 */
export const pathParamsMiddleware: Middleware = {
  async onRequest({ schemaPath, params }) {
    if (schemaPath.includes('{'))
      (await load(() => import('./path-params'))).checkPathParams(
        schemaPath,
        params.path as Record<string, unknown>,
      )
    return undefined
  },
}
