import { useAuth } from '@hellojohn/react'
import { useState } from 'react'
import { CALLBACK_PATHS } from './LinkCallback'
import { Button, Card, EmailField, ErrorText, Form, PasswordField } from './ui'

let resetToken: string | null | undefined

/** The reset token of a password-reset link (`/auth/reset-password?token=…`), read once at start-up. */
export function resetTokenFromUrl(): string | null {
  if (resetToken === undefined) {
    resetToken = null
    if (window.location.pathname === CALLBACK_PATHS.resetPassword) {
      resetToken = new URLSearchParams(window.location.search).get('token')
      window.history.replaceState(null, '', '/')
    }
  }
  return resetToken
}

/** Step 1 of a password reset: email a reset link (the answer is the same whether or not the account exists). */
export function ForgotPasswordForm({ onBack }: { onBack: () => void }) {
  const { forgotPassword, isSubmitting, error } = useAuth()
  const [email, setEmail] = useState('')
  const [sentTo, setSentTo] = useState<string | null>(null)
  if (sentTo) {
    return (
      <div className="stack" data-testid="reset-link-sent">
        <p className="success">
          If <strong>{sentTo}</strong> has an account, a reset link is on its way (valid 1 hour, single use).
        </p>
        <p className="hint">With the mock server, the email is printed in its terminal.</p>
        <Button variant="link" type="button" onClick={onBack}>
          Back to sign in
        </Button>
      </div>
    )
  }
  return (
    <Form
      aria-label="Forgot password"
      onSubmit={() => {
        forgotPassword({
          email,
          redirect_url: `${window.location.origin}${CALLBACK_PATHS.resetPassword}`,
        }).then(
          () => setSentTo(email),
          () => {}, // shown through `error`
        )
      }}
    >
      <p>Enter your account email: we will send you a link to choose a new password.</p>
      <EmailField value={email} onChange={setEmail} />
      <ErrorText error={error?.message} />
      <Button type="submit" pending={isSubmitting}>
        Email me a reset link
      </Button>
      <Button variant="link" type="button" onClick={onBack}>
        Back to sign in
      </Button>
    </Form>
  )
}

/** Step 2: the page the emailed link opens. Setting the password signs every device out. */
export function ResetPassword({ token, onDone }: { token: string; onDone: () => void }) {
  const { resetPassword, isSubmitting, error } = useAuth()
  const [password, setPassword] = useState('')
  const [done, setDone] = useState(false)
  return (
    <div className="auth-layout">
      <Card title="Choose a new password" testId="reset-password">
        {done ? (
          <div className="stack">
            <p className="success">Your password was changed and every device was signed out.</p>
            <Button type="button" onClick={onDone}>
              Sign in
            </Button>
          </div>
        ) : (
          <Form
            aria-label="Set a new password"
            onSubmit={() => {
              resetPassword({ token, password }).then(
                () => setDone(true),
                () => {}, // shown through `error` (expired or used link, weak password…)
              )
            }}
          >
            <PasswordField
              label="New password"
              name="new-password"
              autoComplete="new-password"
              minLength={8}
              value={password}
              onChange={setPassword}
            />
            <ErrorText error={error?.message} />
            <Button type="submit" pending={isSubmitting}>
              Set new password
            </Button>
            <Button variant="link" type="button" onClick={onDone}>
              Cancel
            </Button>
          </Form>
        )}
      </Card>
    </div>
  )
}
