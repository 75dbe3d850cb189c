'use client'
import { useAuth, useMFA } from '@hellojohn/nextjs'
import { useState, type FormEvent } from 'react'
import { MfaStep } from './mfa-step'

/** Only same-site paths: `redirect_url` comes from the address bar. */
function safePath(value: string): string {
  return value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/dashboard'
}

/**
 * Sign-in from a client component with the `@hellojohn/react` hooks (through `@hellojohn/nextjs`'s provider and route
 * handler): email and password, then the MFA step when the account has factors.
 */
export function SignInForm({ redirectUrl }: { redirectUrl: string }) {
  const { signIn, error, isSubmitting } = useAuth()
  const mfa = useMFA()
  const [done, setDone] = useState(false)
  // a full navigation: the next page renders on the server with the new session cookies
  const finish = () => {
    setDone(true)
    window.location.assign(safePath(redirectUrl))
  }

  async function onSignIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const result = await signIn({
      email: String(form.get('email')),
      password: String(form.get('password')),
    }).catch(() => null)
    if (result?.status === 'complete') finish()
  }

  if (done) return <p>Signed in, redirecting…</p>
  if (mfa.challenge) return <MfaStep mfa={mfa} onSignedIn={finish} />
  // a challenge that died (expired, too many wrong answers) brings the form back with the reason
  const shown = error ?? mfa.error
  return (
    <form onSubmit={onSignIn}>
      <input name="email" type="email" autoComplete="email" placeholder="alice@example.com" required />
      <input name="password" type="password" autoComplete="current-password" required />
      <button type="submit" disabled={isSubmitting}>
        Sign in
      </button>
      {shown && (
        <p role="alert" data-code={shown.code}>
          {shown.message}
        </p>
      )}
    </form>
  )
}
