import type { ServerSessionOptions } from '@hellojohn/server-session'
import { auth } from './auth'
import type { HelloJohnClientProps } from './client-session'
import { userForToken } from './current-user'
import { DEFAULT_API_PATH } from './placeholder'
import { sessionsFor } from './sessions'

/**
 * The props of the client `<HelloJohnProvider>` for this request: your publishable key and tenant, and the
 * session the page is rendered with (no refresh token), so client components start signed in, matching the
 * server HTML.
 *
 * @example
 * ```tsx
 * <HelloJohnProvider {...await getHelloJohnProps()}>{children}</HelloJohnProvider>
 * ```
 */
export async function getHelloJohnProps(
  options?: ServerSessionOptions & { apiPath?: string },
): Promise<HelloJohnClientProps> {
  const { apiPath = DEFAULT_API_PATH, ...sessionOptions } = options ?? {}
  const o = sessionsFor(sessionOptions).options
  const { claims, getToken } = await auth(sessionOptions)
  const token = await getToken()
  const user = claims && token ? await userForToken(token, claims.exp, sessionOptions) : null
  return {
    publishableKey: o.publishableKey,
    tenantId: o.tenantId,
    apiPath,
    initialSession:
      claims && token && user
        ? // the session's own expiry is not in the token; the client only displays it
          {
            accessToken: token,
            user,
            session: { id: claims.sid ?? '', expires_at: new Date(claims.exp * 1000).toISOString() },
          }
        : null,
  }
}
