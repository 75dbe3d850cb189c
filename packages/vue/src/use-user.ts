import { type HelloJohn, type User } from '@hellojohn/js'
import { USER_METHODS } from '@hellojohn/js/internal'
import { computed, type ComputedRef } from 'vue'
import { useContext } from './use-hellojohn'
import { usePendingCalls, type PendingCallState } from './pending-call'
import { useSnapshot } from './use-snapshot'

/** What {@link useUser} returns. */
export interface UseUserResult extends PendingCallState {
  /** The signed-in user (snake_case fields, as the API sends them), `null` when loading or signed out. */
  user: ComputedRef<User | null>
  isLoaded: ComputedRef<boolean>
  isSignedIn: ComputedRef<boolean>
  /** `hj.me.update(patch)` (`PATCH /v1/me`); the new user shows up in `user` once saved. */
  update: HelloJohn['me']['update']
  /** `hj.me.get()`: reloads the user from the server. */
  reload: HelloJohn['me']['get']
}

/**
 * The signed-in user as a readonly ref, plus `update` / `reload` with their `isSubmitting` and `error`.
 *
 * @example
 * ```ts
 * const { user, update } = useUser()
 * await update({ name: 'Alice' })
 * ```
 */
export function useUser(): UseUserResult {
  const context = useContext('useUser')
  const snapshot = useSnapshot(context)
  const { update, get: reload, isSubmitting, error } = usePendingCalls(context.client.me, USER_METHODS)
  return {
    user: computed(() => snapshot.value.user),
    isLoaded: computed(() => snapshot.value.status !== 'loading'),
    isSignedIn: computed(() => snapshot.value.status === 'signed_in'),
    update,
    reload,
    isSubmitting,
    error,
  }
}
