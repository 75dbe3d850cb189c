import type { HelloJohnClaims } from '@hellojohn/node'
import type { ServerSessionOptions, ServerSessionState } from '@hellojohn/server-session'
import { cookies } from 'next/headers.js' // .js: next has no exports map, plain Node ESM needs the file
import { sessionsFor } from './sessions'

/** What {@link auth} returns. */
export interface Auth {
  isSignedIn: boolean
  /** `usr_…`, or `null` when signed out. */
  userId: string | null
  /** `ses_…`, or `null`. */
  sessionId: string | null
  /** The active organization (`org_…`), or `null`. */
  orgId: string | null
  /** The verified access-token claims, or `null`. */
  claims: Readonly<HelloJohnClaims> | null
  /** The access token (for calling your APIs or HelloJohn's), or `null` when signed out or expired. */
  getToken(): Promise<string | null>
}

/** Builds the {@link Auth} object of a session state. */
export function authFrom(state: ServerSessionState): Auth {
  if (state.status !== 'signed_in') {
    return {
      isSignedIn: false,
      userId: null,
      sessionId: null,
      orgId: null,
      claims: null,
      getToken: async () => null,
    }
  }
  const { claims, accessToken } = state
  return {
    isSignedIn: true,
    userId: claims.sub,
    sessionId: claims.sid ?? null,
    orgId: claims.org_id ?? null,
    claims,
    getToken: async () => accessToken,
  }
}

/**
 * Who is signed in, for server components, route handlers and server actions: the session cookies verified
 * locally (JWKS, no network call). It never refreshes — a server component cannot write cookies, and
 * refreshing without storing the new refresh token would spend the old one; `helloJohnProxy()` refreshes
 * before the page renders and hands the fresh cookies on to it.
 *
 * @example
 * ```tsx
 * import { auth } from '@hellojohn/nextjs/server'
 *
 * export default async function Page() {
 *   const { userId, orgId, getToken } = await auth()
 *   if (!userId) return <p>Signed out</p>
 *   const orders = await fetch('https://api.example.com/orders', { headers: { Authorization: `Bearer ${await getToken()}` } })
 *   return <p>{userId} in {orgId ?? 'no organization'}</p>
 * }
 * ```
 */
export async function auth(options?: ServerSessionOptions): Promise<Auth> {
  const store = await cookies()
  return authFrom(await sessionsFor(options).read(store))
}
