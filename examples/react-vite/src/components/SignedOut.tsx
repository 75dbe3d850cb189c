import { useAuth, useHelloJohn } from '@hellojohn/react'
import { useState } from 'react'
import { CALLBACK_PATHS } from './LinkCallback'
import { pendingInvitationToken } from './Organizations'
import { ForgotPasswordForm } from './ResetPassword'
import { Button, Card, EmailField, ErrorText, Field, Form, PasswordField } from './ui'

type Tab = 'sign-in' | 'sign-up' | 'magic-link'

/** Sign in (password or passkey), sign up, or get a magic link. */
export function SignedOut() {
  const [tab, setTab] = useState<Tab>('sign-in')
  const [forgot, setForgot] = useState(false)
  const hj = useHelloJohn()
  // An invitation link opened while signed out: say what to do instead of silently keeping the token.
  const invited = pendingInvitationToken() !== ''
  if (forgot) {
    return (
      <div className="auth-layout">
        <Card title="Reset your password" testId="forgot-password">
          <ForgotPasswordForm onBack={() => setForgot(false)} />
        </Card>
      </div>
    )
  }
  return (
    <div className="auth-layout">
      <div className="hero">
        <h1>
          Hello<span className="accent">John</span> React example
        </h1>
        <p className="muted">
          Passwords, magic links, passkeys and MFA against the local mock API. Try{' '}
          <code>alice@example.com</code> (no MFA) or <code>bob@example.com</code> (TOTP), password{' '}
          <code>correct-horse-battery-staple</code>.
        </p>
      </div>
      {invited ? (
        <p className="notice" role="status" data-testid="invitation-notice">
          You opened an invitation. Sign in or create an account with the invited email, then press{' '}
          <strong>Accept invitation</strong> under Organizations.
        </p>
      ) : null}
      <Card title={tab === 'sign-up' ? 'Create your account' : 'Welcome back'}>
        <div className="tabs" role="tablist">
          {(
            [
              ['sign-in', 'Sign in'],
              ['sign-up', 'Sign up'],
              ['magic-link', 'Magic link'],
            ] as const
          ).map(([id, label]) => (
            <button
              key={id}
              role="tab"
              aria-selected={tab === id}
              className={tab === id ? 'tab active' : 'tab'}
              onClick={() => setTab(id)}
            >
              {label}
            </button>
          ))}
        </div>
        {tab === 'sign-in' ? (
          <SignInForm onForgot={() => setForgot(true)} />
        ) : tab === 'sign-up' ? (
          <SignUpForm onSignedUp={(email) => void hj.auth.sendEmailVerification({ email }).catch(() => {})} />
        ) : (
          <MagicLinkForm />
        )}
        <SocialSignIn />
      </Card>
    </div>
  )
}

/**
 * Social sign-in: the OAuth code flow with PKCE. The browser leaves for the provider (the mock simulates Google and
 * GitHub) and comes back to /auth/callback, where App.tsx calls `hj.auth.handleRedirectCallback()`.
 */
function SocialSignIn() {
  const { signInWithOAuth, isSubmitting, error } = useAuth()
  const start = (provider: 'google' | 'github') =>
    signInWithOAuth({ provider, redirectUri: `${window.location.origin}${CALLBACK_PATHS.oauth}` }).catch(
      () => {}, // shown through `error`
    )
  return (
    <div className="stack social">
      <div className="divider">
        <span>or continue with</span>
      </div>
      <ErrorText error={error?.message} />
      <div className="row">
        <Button type="button" variant="secondary" pending={isSubmitting} onClick={() => void start('google')}>
          Google
        </Button>
        <Button type="button" variant="secondary" pending={isSubmitting} onClick={() => void start('github')}>
          GitHub
        </Button>
      </div>
    </div>
  )
}

function SignInForm({ onForgot }: { onForgot: () => void }) {
  // Each useAuth() call tracks its own calls: `isSubmitting` and `error` for the password form, and for the passkey.
  const passwordAuth = useAuth()
  const passkey = useAuth()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  // The result is `complete` (signed in) or `mfa_required` (the challenge is in useMFA().challenge); the App
  // re-renders from the session either way. A failure shows in `error`.
  const onSubmit = () => void passwordAuth.signIn({ email, password })
  return (
    <Form onSubmit={onSubmit} aria-label="Sign in">
      <EmailField value={email} onChange={setEmail} autoComplete="username webauthn" />
      <PasswordField value={password} onChange={setPassword} autoComplete="current-password" />
      <ErrorText error={passwordAuth.error?.message} />
      <Button type="submit" pending={passwordAuth.isSubmitting}>
        Sign in
      </Button>
      <Button variant="link" type="button" onClick={onForgot}>
        Forgot your password?
      </Button>
      <div className="divider">
        <span>or</span>
      </div>
      <ErrorText error={passkey.error?.message} />
      <Button
        type="button"
        variant="secondary"
        pending={passkey.isSubmitting}
        onClick={() => void passkey.signInWithPasskey(email ? { email } : {})}
      >
        Sign in with a passkey
      </Button>
    </Form>
  )
}

function SignUpForm({ onSignedUp }: { onSignedUp: (email: string) => void }) {
  const { signUp, isSubmitting, error } = useAuth()
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  return (
    <Form
      aria-label="Sign up"
      onSubmit={() => {
        // Then email a verification code: the dashboard asks for it until the address is verified.
        signUp({ email, password, ...(name ? { name } : {}) }).then(
          (result) => {
            if (result.status === 'complete') onSignedUp(email)
          },
          () => {}, // shown through `error`
        )
      }}
    >
      <Field
        label="Name"
        name="name"
        autoComplete="name"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <EmailField value={email} onChange={setEmail} />
      <PasswordField value={password} onChange={setPassword} autoComplete="new-password" minLength={8} />
      <p className="hint">At least 8 characters. Long passphrases beat clever symbols.</p>
      <ErrorText error={error?.message} />
      <Button type="submit" pending={isSubmitting}>
        Create account
      </Button>
    </Form>
  )
}

function MagicLinkForm() {
  const { sendMagicLink, isSubmitting, error } = useAuth()
  const [email, setEmail] = useState('')
  const [sentTo, setSentTo] = useState<string | null>(null)
  if (sentTo) {
    return (
      <div className="stack" data-testid="magic-link-sent">
        <p className="success">
          Check the inbox of <strong>{sentTo}</strong>: the link signs you in (valid 15 minutes, single use).
        </p>
        <p className="hint">
          With the mock server, the email is printed in its terminal and listed at{' '}
          <code>GET /__mock/outbox</code>.
        </p>
        <Button variant="link" type="button" onClick={() => setSentTo(null)}>
          Use another email
        </Button>
      </div>
    )
  }
  return (
    <Form
      aria-label="Magic link"
      onSubmit={() => {
        // The link comes back to /auth/magic-link?token=…, where App.tsx finishes the sign-in.
        sendMagicLink({ email, redirect_url: `${window.location.origin}/auth/magic-link` }).then(
          () => setSentTo(email),
          () => {}, // shown through `error`
        )
      }}
    >
      <EmailField value={email} onChange={setEmail} />
      <ErrorText error={error?.message} />
      <Button type="submit" pending={isSubmitting}>
        Email me a sign-in link
      </Button>
    </Form>
  )
}
