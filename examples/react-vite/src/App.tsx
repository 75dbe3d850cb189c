import { useHelloJohn, useMFA, useSession } from '@hellojohn/react'
import { useEffect, useRef, useState } from 'react'
import { Dashboard } from './components/Dashboard'
import { EnrollmentRequired } from './components/EnrollmentRequired'
import { MfaChallenge } from './components/MfaChallenge'
import { SignedOut } from './components/SignedOut'
import { Button, Card, ErrorText } from './components/ui'
import { describeError } from './components/use-action'

/** Finishes a magic-link sign-in when the page was opened from the emailed link (`/auth/magic-link?token=…`). */
function useMagicLinkCallback(): { pending: boolean; error: string | null; dismiss: () => void } {
  const hj = useHelloJohn()
  const [state, setState] = useState<{ pending: boolean; error: string | null }>(() => ({
    pending:
      window.location.pathname === '/auth/magic-link' &&
      new URLSearchParams(window.location.search).has('token'),
    error: null,
  }))
  const started = useRef(false)
  useEffect(() => {
    if (!state.pending || started.current) return
    started.current = true
    const token = new URLSearchParams(window.location.search).get('token') ?? ''
    window.history.replaceState(null, '', '/')
    hj.auth.verifyMagicLink(token).then(
      () => setState({ pending: false, error: null }),
      (error: unknown) => setState({ pending: false, error: describeError(error) }),
    )
  }, [hj, state.pending])
  return { ...state, dismiss: () => setState({ pending: false, error: null }) }
}

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
  const magicLink = useMagicLinkCallback()

  if (magicLink.pending || session.status === 'loading') {
    return (
      <div className="center" aria-live="polite">
        <span className="spinner big" aria-hidden /> {magicLink.pending ? 'Signing you in…' : 'Loading…'}
      </div>
    )
  }
  if (magicLink.error) {
    return (
      <div className="auth-layout">
        <Card title="That sign-in link did not work">
          <ErrorText error={magicLink.error} />
          <Button type="button" onClick={magicLink.dismiss}>
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
