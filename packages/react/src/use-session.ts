'use client'
import type { AccessTokenClaims, SessionInfo, User } from '@hellojohn/js'
import { useMemo } from 'react'
import { useClient } from './use-hellojohn'
import { useSnapshot } from './use-snapshot'

/**
 * What {@link useSession} returns: narrow on `status` (or `isSignedIn`) to reach `user`, `session` and
 * `claims`.
 */
export type UseSessionResult =
  | { status: 'loading'; isLoaded: false; isSignedIn: false; user: null; session: null; claims: null }
  | { status: 'signed_out'; isLoaded: true; isSignedIn: false; user: null; session: null; claims: null }
  | {
      status: 'signed_in'
      isLoaded: true
      isSignedIn: true
      user: User
      session: SessionInfo
      claims: AccessTokenClaims
    }

/**
 * The current session, re-rendering on every change (sign-in, refresh, sign-out, another tab).
 *
 * @example
 * ```tsx
 * const session = useSession()
 * if (!session.isLoaded) return <Spinner />
 * return session.status === 'signed_in' ? <p>Hi {session.user.email}</p> : <SignIn />
 * ```
 */
export function useSession(): UseSessionResult {
  const { status, user, session, claims } = useSnapshot(useClient('useSession'))
  return useMemo(
    () =>
      ({
        status,
        isLoaded: status !== 'loading',
        isSignedIn: status === 'signed_in',
        user,
        session,
        claims,
      }) as UseSessionResult,
    [status, user, session, claims],
  )
}
