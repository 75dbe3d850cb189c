import type { PendingEnrollment } from '@hellojohn/js'
import { useHelloJohn } from '@hellojohn/react'
import { TotpEnrollment } from './TotpEnrollment'
import { Button, Card } from './ui'

/**
 * Sign-in answered `mfa_enrollment_required`: the tenant (or the user's organization or role) requires MFA and the
 * user has no factor yet. Enrolling the first factor completes the sign-in.
 */
export function EnrollmentRequired({
  enrollment,
  onDone,
}: {
  enrollment: PendingEnrollment | null
  onDone: () => void
}) {
  const hj = useHelloJohn()
  return (
    <div className="auth-layout wide">
      <Card
        title="Set up two-step verification"
        subtitle={
          <>
            Your account needs a second factor before you can continue
            {enrollment ? ` (allowed: ${enrollment.allowed_methods.join(', ')})` : ''}.
          </>
        }
        testId="mfa-enrollment-required"
      >
        <TotpEnrollment onDone={onDone} />
        <Button
          variant="link"
          type="button"
          onClick={() => {
            onDone()
            void hj.auth.signOut()
          }}
        >
          Cancel and sign out
        </Button>
      </Card>
    </div>
  )
}
