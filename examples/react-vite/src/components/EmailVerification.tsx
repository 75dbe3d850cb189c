import type { User } from '@hellojohn/js'
import { useAuth } from '@hellojohn/react'
import { useState } from 'react'
import { Button, Card, CodeField, ErrorText, Form } from './ui'

/**
 * Shown until the account's email is verified: sign-up emails a 6-digit code (`hj.auth.sendEmailVerification`), the
 * user types it here (`hj.auth.verifyEmail`, which also updates the signed-in user in the session).
 */
export function EmailVerification({ user }: { user: User }) {
  const verify = useAuth()
  const resend = useAuth()
  const [code, setCode] = useState('')
  const [resent, setResent] = useState(false)
  if (user.email_verified || !user.email) return null
  const email = user.email
  return (
    <Card
      title="Verify your email"
      subtitle={
        <>
          We sent a 6-digit code to <strong>{email}</strong>.
        </>
      }
      testId="email-verification"
    >
      <Form
        className="row wrap"
        aria-label="Verify email"
        onSubmit={() => {
          verify.verifyEmail({ email, code }).catch(() => {}) // shown through `verify.error`
        }}
      >
        <CodeField label="Verification code" name="email-code" value={code} onChange={setCode} />
        <Button type="submit" pending={verify.isSubmitting}>
          Verify email
        </Button>
        <Button
          type="button"
          variant="link"
          pending={resend.isSubmitting}
          onClick={() =>
            void resend.sendEmailVerification({ email }).then(
              () => setResent(true),
              () => {}, // shown through `resend.error`
            )
          }
        >
          Resend the code
        </Button>
      </Form>
      {resent ? <p className="success">A new code is on its way; the previous one no longer works.</p> : null}
      <ErrorText error={verify.error?.message ?? resend.error?.message} />
    </Card>
  )
}
