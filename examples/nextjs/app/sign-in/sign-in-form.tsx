'use client'
import { useAuth, useMFA } from '@hellojohn/nextjs'
import { useState, type FormEvent } from 'react'

/** Only same-site paths: `redirect_url` comes from the address bar. */
function safePath(value: string): string {
  return value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/dashboard'
}

export function SignInForm({ redirectUrl }: { redirectUrl: string }) {
  const { signIn, error, isSubmitting } = useAuth()
  const { challenge, submitTOTP, error: mfaError, isSubmitting: verifying } = useMFA()
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

  async function onCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!challenge) return
    const code = String(new FormData(event.currentTarget).get('code'))
    const result = await submitTOTP(challenge.challenge_id, code).catch(() => null)
    if (result?.status === 'complete') finish()
  }

  if (done) return <p>Signed in, redirecting…</p>
  if (challenge) {
    return (
      <form onSubmit={onCode}>
        <p>Enter the 6-digit code from your authenticator app.</p>
        <input name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} required />
        <button type="submit" disabled={verifying}>
          Verify
        </button>
        {mfaError && <p role="alert">{mfaError.message}</p>}
      </form>
    )
  }
  return (
    <form onSubmit={onSignIn}>
      <input name="email" type="email" autoComplete="email" placeholder="alice@example.com" required />
      <input name="password" type="password" autoComplete="current-password" required />
      <button type="submit" disabled={isSubmitting}>
        Sign in
      </button>
      {error && <p role="alert">{error.message}</p>}
    </form>
  )
}
