import type { PendingChallenge } from '@hellojohn/js'
import { useMFA } from '@hellojohn/react'
import { useState } from 'react'
import { Button, Card, CodeField, ErrorText, Field, Form } from './ui'

type ChallengeFactor = PendingChallenge['factors'][number]

const LABELS: Record<ChallengeFactor['type'], string> = {
  totp: 'Authenticator app',
  sms: 'Text message',
  email: 'Email code',
  webauthn: 'Passkey / security key',
  backup_code: 'Backup code',
}

/** The second step of sign-in: answer the challenge with any of the offered factors. */
export function MfaChallenge({ challenge, onCancel }: { challenge: PendingChallenge; onCancel: () => void }) {
  return (
    <div className="auth-layout">
      <Card
        title="Two-step verification"
        subtitle="Your account is protected with multi-factor authentication."
        testId="mfa-challenge"
      >
        <ChallengeFactors challenge={challenge} />
        <Button variant="link" type="button" onClick={onCancel}>
          Cancel and start over
        </Button>
      </Card>
    </div>
  )
}

/** Picks a factor of a challenge and answers it (sign-in challenge and step-up alike). */
export function ChallengeFactors({
  challenge,
  onVerified,
}: {
  challenge: PendingChallenge
  onVerified?: () => void
}) {
  const first = challenge.factors.find((f) => f.type === 'totp') ?? challenge.factors[0]
  const [factorId, setFactorId] = useState(first?.id ?? '')
  const factor = challenge.factors.find((f) => f.id === factorId) ?? first
  return (
    <>
      {challenge.factors.length > 1 ? (
        <div className="factor-list" role="radiogroup" aria-label="Verification method">
          {challenge.factors.map((f) => (
            <button
              key={f.id}
              type="button"
              role="radio"
              aria-checked={f.id === factor?.id}
              className={f.id === factor?.id ? 'factor active' : 'factor'}
              onClick={() => setFactorId(f.id)}
            >
              <strong>{LABELS[f.type]}</strong>
              {f.hint ? <span className="muted"> · {f.hint}</span> : null}
            </button>
          ))}
        </div>
      ) : null}
      {factor ? (
        <FactorForm
          key={factor.id}
          challengeId={challenge.challenge_id}
          factor={factor}
          onVerified={onVerified}
        />
      ) : (
        <p>No factor available.</p>
      )}
    </>
  )
}

function FactorForm({
  challengeId,
  factor,
  onVerified,
}: {
  challengeId: string
  factor: ChallengeFactor
  onVerified?: () => void
}) {
  // One useMFA() for verifying and one for sending codes, so each shows its own spinner and error.
  const verify = useMFA()
  const send = useMFA()
  const [code, setCode] = useState('')
  const [sent, setSent] = useState<string | null>(null)
  // Each submit resolves to an AuthResult and signs the user in; a wrong code rejects (shown via `verify.error`) and
  // the challenge stays usable.
  const answer = () => {
    if (factor.type === 'totp') return verify.submitTOTP(challengeId, code)
    if (factor.type === 'backup_code') return verify.submitBackupCode(challengeId, code.trim())
    if (factor.type === 'webauthn') return verify.submitWebAuthn(challengeId)
    return verify.submitOTP(challengeId, code, factor.id)
  }
  const submit = () =>
    answer().then(
      () => onVerified?.(),
      () => {}, // shown through `verify.error`
    )
  const sendCode = () =>
    send.sendOTP(challengeId, factor.id).then(
      () => setSent(factor.hint ?? (factor.type === 'sms' ? 'your phone' : 'your email')),
      () => {}, // shown through `send.error`
    )

  if (factor.type === 'webauthn') {
    return (
      <div className="stack">
        <p>Use your passkey or security key to confirm it is you.</p>
        <ErrorText error={verify.error?.message} />
        <Button type="button" pending={verify.isSubmitting} onClick={() => void submit()}>
          Use my passkey
        </Button>
      </div>
    )
  }
  const needsSend = factor.type === 'sms' || factor.type === 'email'
  return (
    <Form aria-label="Verification code" onSubmit={() => void submit()}>
      {needsSend ? (
        <div className="row">
          <Button
            type="button"
            variant="secondary"
            pending={send.isSubmitting}
            onClick={() => void sendCode()}
          >
            {sent ? 'Send a new code' : `Send me a code${factor.hint ? ` (${factor.hint})` : ''}`}
          </Button>
          {sent ? <span className="success">Code sent to {sent}.</span> : null}
        </div>
      ) : null}
      <ErrorText error={send.error?.message} />
      {factor.type === 'backup_code' ? (
        <Field
          label="Backup code"
          name="code"
          autoComplete="one-time-code"
          placeholder="xxxxx-xxxxx"
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      ) : (
        <CodeField
          label={factor.type === 'totp' ? 'Code from your authenticator app' : 'The 6-digit code we sent'}
          autoFocus
          value={code}
          onChange={setCode}
        />
      )}
      <ErrorText error={verify.error?.message} />
      <Button type="submit" pending={verify.isSubmitting}>
        Verify
      </Button>
    </Form>
  )
}
