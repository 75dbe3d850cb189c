import type { User } from '@hellojohn/js'
import type { ServerSessionOptions } from '@hellojohn/server-session'
import { auth } from './auth'
import { sessionsFor } from './sessions'

const MAX_CACHED = 1000
/**
 * `GET /v1/me` answers by access token, kept until the token expires (one call per token, not per request).
 */
const cache = new Map<string, { user: User; until: number }>()

/** The user of an access token, from `GET /v1/me` (cached per token); `null` when the API refuses it. */
export async function userForToken(
  token: string,
  exp: number,
  options?: ServerSessionOptions,
): Promise<User | null> {
  const core = sessionsFor(options)
  const o = core.options
  const now = o.now()
  const hit = cache.get(token)
  if (hit && hit.until > now) return hit.user
  // the core's transport (X-Tenant-ID, timeout, error handling), with this user's access token
  const { data: user, response } = await o.api.GET('/v1/me', {
    headers: { authorization: `Bearer ${token}` },
  })
  if (!response.ok || user === undefined) return null
  cache.set(token, { user, until: exp * 1000 })
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string)
  return user
}

/**
 * The signed-in user (the API's `User`, snake_case fields), or `null` when signed out. One `GET /v1/me` per
 * access token, cached until it expires.
 *
 * @example
 * ```tsx
 * import { currentUser } from '@hellojohn/nextjs/server'
 *
 * export default async function Dashboard() {
 *   const user = await currentUser()
 *   return <p>Signed in as {user?.email}</p>
 * }
 * ```
 */
export async function currentUser(options?: ServerSessionOptions): Promise<User | null> {
  const { claims, getToken } = await auth(options)
  const token = await getToken()
  return claims && token ? userForToken(token, claims.exp, options) : null
}
