import { type HelloJohn } from '@hellojohn/js'
import { AUTH_METHODS } from '@hellojohn/js/internal'
import { useContext } from './use-hellojohn'
import { usePendingCalls, type PendingCallState } from './pending-call'

/**
 * What {@link useAuth} returns: the `hj.auth` methods, plus `isSubmitting` and `error` refs of the calls made
 * here.
 */
export type UseAuthResult = Pick<HelloJohn['auth'], (typeof AUTH_METHODS)[number]> & PendingCallState

/**
 * Sign-in, sign-up, sign-out, magic link, passkey and OAuth: the `hj.auth` methods, same arguments and
 * results. The session composables update by themselves; a failed call rejects for whoever awaits it and also
 * shows in `error`.
 *
 * @example
 * ```ts
 * const { signIn, isSubmitting, error } = useAuth()
 * const result = await signIn({ email, password })
 * ```
 */
export function useAuth(): UseAuthResult {
  return usePendingCalls(useContext('useAuth').client.auth, AUTH_METHODS)
}
