import type { AccessTokenClaims, SessionInfo, User } from '@hellojohn/js'
import { computed, type ComputedRef } from 'vue'
import { useContext } from './use-hellojohn'
import { useSnapshot } from './use-snapshot'

/** The session as one value: narrow on `status` to reach `user`, `session` and `claims`. */
export type SessionState =
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

/** What {@link useSession} returns: readonly refs. */
export interface UseSessionResult {
  /** The whole session state, a discriminated union on `status`. */
  state: ComputedRef<SessionState>
  status: ComputedRef<SessionState['status']>
  isLoaded: ComputedRef<boolean>
  isSignedIn: ComputedRef<boolean>
  user: ComputedRef<User | null>
  session: ComputedRef<SessionInfo | null>
  claims: ComputedRef<AccessTokenClaims | null>
}

/**
 * The current session as readonly refs, updated on every change (sign-in, refresh, sign-out, another tab).
 *
 * @example
 * ```ts
 * const { isLoaded, isSignedIn, user } = useSession()
 * // template: <p v-if="isSignedIn">Hi {{ user.email }}</p>
 * ```
 */
export function useSession(): UseSessionResult {
  const snapshot = useSnapshot(useContext('useSession'))
  const state = computed(() => {
    const { status, user, session, claims } = snapshot.value
    return {
      status,
      isLoaded: status !== 'loading',
      isSignedIn: status === 'signed_in',
      user,
      session,
      claims,
    } as SessionState
  })
  return {
    state,
    status: computed(() => state.value.status),
    isLoaded: computed(() => state.value.isLoaded),
    isSignedIn: computed(() => state.value.isSignedIn),
    user: computed(() => state.value.user),
    session: computed(() => state.value.session),
    claims: computed(() => state.value.claims),
  }
}
