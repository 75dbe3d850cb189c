import { type HelloJohn, type PendingChallenge, type PendingEnrollment } from '@hellojohn/js'
import { MFA_METHODS } from '@hellojohn/js/internal'
import { computed, type ComputedRef } from 'vue'
import { useContext } from './use-hellojohn'
import { usePendingCalls, type PendingCallState } from './pending-call'
import { useSnapshot } from './use-snapshot'

/** What {@link useMFA} returns. */
export type UseMFAResult = Pick<HelloJohn['mfa'], (typeof MFA_METHODS)[number]> &
  PendingCallState & {
    /**
     * The MFA challenge waiting for an answer (after sign-in answered `mfa_required`, or `startStepUp()`).
     */
    challenge: ComputedRef<PendingChallenge | null>
    /** The factors that can answer `challenge` (empty without one). */
    factors: ComputedRef<PendingChallenge['factors']>
    /** Set when sign-in answered `mfa_enrollment_required`: enroll a factor first. */
    enrollment: ComputedRef<PendingEnrollment | null>
  }

/**
 * The pending MFA challenge and the `hj.mfa` methods: `submitTOTP(challengeId, code)` and friends sign the
 * user in when they succeed; a wrong code shows in `error` (and rejects for whoever awaits it).
 *
 * @example
 * ```ts
 * const { challenge, submitTOTP, error } = useMFA()
 * const onSubmit = (code: string) => submitTOTP(challenge.value!.challenge_id, code)
 * ```
 */
export function useMFA(): UseMFAResult {
  const context = useContext('useMFA')
  const snapshot = useSnapshot(context)
  const challenge = computed(() => snapshot.value.pendingChallenge)
  return {
    ...usePendingCalls(context.client.mfa, MFA_METHODS),
    challenge,
    factors: computed(() => challenge.value?.factors ?? []),
    enrollment: computed(() => snapshot.value.pendingEnrollment),
  }
}
