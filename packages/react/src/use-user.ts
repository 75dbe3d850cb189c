'use client'
import { type HelloJohn, type User } from '@hellojohn/js'
import { USER_METHODS } from '@hellojohn/js/internal'
import { useMemo } from 'react'
import { useClient } from './use-hellojohn'
import { usePendingCalls, type PendingCallState } from './pending-call'
import { useSnapshot } from './use-snapshot'

/** What {@link useUser} returns. */
export type UseUserResult = {
  /** The signed-in user (snake_case fields, as the API sends them), `null` when loading or signed out. */
  user: User | null
  isLoaded: boolean
  isSignedIn: boolean
  /** `hj.me.update(patch)` (`PATCH /v1/me`); the new user shows up here once saved. */
  update: HelloJohn['me']['update']
  /** `hj.me.get()`: reloads the user from the server. */
  reload: HelloJohn['me']['get']
} & PendingCallState

/**
 * The signed-in user, plus `update` / `reload` with their `isSubmitting` and `error`.
 *
 * @example
 * ```tsx
 * const { user, update } = useUser()
 * return <button onClick={() => update({ name: 'Alice' })}>{user?.name}</button>
 * ```
 */
export function useUser(): UseUserResult {
  const hj = useClient('useUser')
  const { status, user } = useSnapshot(hj)
  const { update, get: reload, isSubmitting, error } = usePendingCalls(hj.me, USER_METHODS)
  return useMemo(
    () => ({
      user,
      isLoaded: status !== 'loading',
      isSignedIn: status === 'signed_in',
      update,
      reload,
      isSubmitting,
      error,
    }),
    [user, status, update, reload, isSubmitting, error],
  )
}
