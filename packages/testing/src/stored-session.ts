import { decodeJwt, type SessionInfo, type User } from '@hellojohn/js'
import type { SignedInSession } from './sign-in-as'

/**
 * The value `@hellojohn/js` keeps in its storage (`localStorage` by default) under `<storageKey>.<tenantId>`:
 * the session manager reads it on start-up, so a page that finds it there starts signed in. Times are local
 * milliseconds. (The shape is `StoredSession` of packages/js/src/session/session-manager.ts; a test in this
 * package creates a real `@hellojohn/js` client over it, so a change there fails here.)
 */
export interface StoredSessionValue {
  accessToken: string
  refreshToken: string
  expiresAt: number
  refreshAt: number
  user: User
  session: SessionInfo
}

/**
 * The storage key `@hellojohn/js` uses for a tenant (`storageKey` option, default `hellojohn`).
 *
 * @example
 * ```ts
 * storageKeyOf('tnt_demo') // 'hellojohn.tnt_demo'
 * ```
 */
export const storageKeyOf = (tenantId: string, storageKey = 'hellojohn'): string =>
  `${storageKey}.${tenantId}`

/**
 * Turns a {@link SignedInSession} into the stored value `@hellojohn/js` reads, refreshing a minute before
 * expiry (or half-way for tokens shorter than two minutes) like the SDK does.
 *
 * @example
 * ```ts
 * localStorage.setItem(storageKeyOf(s.tenantId), JSON.stringify(storedSessionOf(s)))
 * ```
 */
export function storedSessionOf(signedIn: SignedInSession, now = Date.now()): StoredSessionValue {
  const { exp } = decodeJwt(signedIn.accessToken)
  const expiresAt = exp ? exp * 1000 : now + signedIn.tokens.expires_in * 1000
  return {
    accessToken: signedIn.accessToken,
    refreshToken: signedIn.refreshToken,
    expiresAt,
    refreshAt: expiresAt - Math.min(60_000, (expiresAt - now) / 2),
    user: signedIn.user,
    session: signedIn.session,
  }
}
