'use client'
import { type HelloJohn, type PendingChallenge, type PendingEnrollment } from '@hellojohn/js'
import { MFA_METHODS } from '@hellojohn/js/internal'
import { useMemo } from 'react'
import { useClient } from './use-hellojohn'
import { usePendingCalls, type PendingCallState } from './pending-call'
import { useSnapshot } from './use-snapshot'

/** What {@link useMFA} returns. */
export type UseMFAResult = Pick<HelloJohn['mfa'], (typeof MFA_METHODS)[number]> &
  PendingCallState & {
    /**
     * The MFA challenge waiting for an answer (after sign-in answered `mfa_required`, or `startStepUp()`).
     */
    challenge: PendingChallenge | null
    /** The factors that can answer `challenge` (empty without one). */
    factors: PendingChallenge['factors']
    /** Set when sign-in answered `mfa_enrollment_required`: enroll a factor first. */
    enrollment: PendingEnrollment | null
  }

/**
 * The pending MFA challenge and the `hj.mfa` methods: `submitTOTP(challengeId, code)` and friends sign the
 * user in when they succeed; a wrong code shows in `error` (and rejects for whoever awaits it).
 *
 * @example
 * ```tsx
 * function MFAChallenge({ challengeId }) {
 *   const { submitTOTP, error } = useMFA()
 *   return (
 *     <form onSubmit={e => { e.preventDefault(); submitTOTP(challengeId, e.target.code.value) }}>
 *       <input name="code" placeholder="000000" maxLength={6} />
 *       <button type="submit">Verify</button>
 *       {error && <p role="alert">{error.message}</p>}
 *     </form>
 *   )
 * }
 * ```
 */
export function useMFA(): UseMFAResult {
  const hj = useClient('useMFA')
  const { pendingChallenge: challenge, pendingEnrollment: enrollment } = useSnapshot(hj)
  const calls = usePendingCalls(hj.mfa, MFA_METHODS)
  return useMemo(
    () => ({ ...calls, challenge, factors: challenge?.factors ?? [], enrollment }),
    [calls, challenge, enrollment],
  )
}
