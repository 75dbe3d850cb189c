import { useHelloJohn, useMFA, useSession } from '@hellojohn/react'
import { useEffect, useState } from 'react'
import { Dashboard } from './components/Dashboard'
import { EnrollmentRequired } from './components/EnrollmentRequired'
import { useLinkCallback } from './components/LinkCallback'
import { MfaChallenge } from './components/MfaChallenge'
import { ResetPassword, resetTokenFromUrl } from './components/ResetPassword'
import { SignedOut } from './components/SignedOut'
import { Button, Card, ErrorText } from './components/ui'

/** Chooses the screen from the session snapshot: loading, signed out, MFA challenge, or signed in. */
export function App() {
  const hj = useHelloJohn()
  const session = useSession()
  const { challenge, enrollment } = useMFA()
  // Keep the enrollment screen up until the user has seen the backup codes, even though confirming the first factor
  // already signs them in.
  const [enrolling, setEnrolling] = useState(false)
  useEffect(() => {
    if (enrollment) setEnrolling(true)
  }, [enrollment])
  const link = useLinkCallback()
  const [resetToken, setResetToken] = useState(resetTokenFromUrl)

  if (link.pending || session.status === 'loading') {
    return (
      <div className="center" aria-live="polite">
        <span className="spinner big" aria-hidden /> {link.pending ? 'Signing you in…' : 'Loading…'}
      </div>
    )
  }
  if (resetToken) return <ResetPassword token={resetToken} onDone={() => setResetToken(null)} />
  if (link.error) {
    return (
      <div className="auth-layout">
        <Card title="That sign-in did not work">
          <ErrorText error={link.error} />
          <Button type="button" onClick={link.dismiss}>
            Back to sign in
          </Button>
        </Card>
      </div>
    )
  }
  if (enrolling) return <EnrollmentRequired enrollment={enrollment} onDone={() => setEnrolling(false)} />
  if (session.status === 'signed_in')
    return <Dashboard user={session.user} mfaVerified={session.claims.mfa_verified === true} />
  if (challenge) return <MfaChallenge challenge={challenge} onCancel={() => void hj.auth.signOut()} />
  return <SignedOut />
}
