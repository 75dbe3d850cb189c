'use client'
import { type HelloJohn } from '@hellojohn/js'
import { AUTH_METHODS } from '@hellojohn/js/internal'
import { useClient } from './use-hellojohn'
import { usePendingCalls, type PendingCallState } from './pending-call'

/**
 * What {@link useAuth} returns: the `hj.auth` methods, plus `isSubmitting` and `error` of the calls made
 * here.
 */
export type UseAuthResult = Pick<HelloJohn['auth'], (typeof AUTH_METHODS)[number]> & PendingCallState

/**
 * Sign-in, sign-up, sign-out, magic link, passkey and OAuth: the `hj.auth` methods, same arguments and
 * results. The session hooks update by themselves; a failed call rejects for whoever awaits it and also shows
 * in `error`.
 *
 * @example
 * ```tsx
 * const { signIn, isSubmitting, error } = useAuth()
 * const result = await signIn({ email, password })
 * if (result.status === 'mfa_required') showMfa(result.challenge_id)
 * ```
 */
export function useAuth(): UseAuthResult {
  const hj = useClient('useAuth')
  return usePendingCalls(hj.auth, AUTH_METHODS)
}
