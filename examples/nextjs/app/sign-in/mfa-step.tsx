'use client'
import type { UseMFAResult } from '@hellojohn/nextjs'
import { useState, type FormEvent } from 'react'

type Factor = UseMFAResult['factors'][number]

const LABELS: Record<Factor['type'], string> = {
  totp: 'your authenticator app',
  sms: 'a text message',
  email: 'an email',
  webauthn: 'your passkey',
  backup_code: 'a backup code',
}

/** The factor offered first: any real factor before the backup codes (which only back them up). */
function defaultFactor(factors: readonly Factor[]): Factor | undefined {
  return factors.find((f) => f.type !== 'backup_code') ?? factors[0]
}

/**
 * The MFA step of sign-in, from a client component: every factor of the pending challenge (TOTP, SMS or email code,
 * backup code, passkey) answered with what `useMFA()` returned (`mfa`, from the sign-in form, which keeps showing its
 * `error` if the challenge dies). Each call goes through the app's route handler, which keeps the tokens of a
 * completed sign-in in HttpOnly cookies; `onSignedIn` runs once the challenge is answered.
 */
export function MfaStep({ mfa, onSignedIn }: { mfa: UseMFAResult; onSignedIn: () => void }) {
  const { challenge, factors, error, isSubmitting } = mfa
  const [chosenId, setChosenId] = useState<string | null>(null)
  // an error left from an earlier, dead challenge is not this one's
  const [staleError] = useState(error)
  const shownError = error === staleError ? null : error
  // the factor whose code was sent, and where to (the API's hint, e.g. a masked phone number)
  const [sent, setSent] = useState<{ factorId: string; hint: string | null } | null>(null)
  if (!challenge) return null
  const factor = factors.find((f) => f.id === chosenId) ?? defaultFactor(factors)
  if (!factor) return <p role="alert">This account has no factor that can answer the challenge.</p>
  const challengeId = challenge.challenge_id

  const done = (result: { status: string } | null) => {
    if (result?.status === 'complete') onSignedIn()
  }

  async function onCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!factor) return
    const code = String(new FormData(event.currentTarget).get('code')).trim()
    const answer =
      factor.type === 'totp'
        ? mfa.submitTOTP(challengeId, code, factor.id)
        : factor.type === 'backup_code'
          ? mfa.submitBackupCode(challengeId, code)
          : mfa.submitOTP(challengeId, code, factor.id)
    // a wrong code rejects here and shows in `error` (the hook keeps it)
    done(await answer.catch(() => null))
  }

  async function sendCode() {
    if (!factor) return
    const out = await mfa.sendOTP(challengeId, factor.id).catch(() => null)
    if (out) setSent({ factorId: factor.id, hint: out.hint ?? factor.hint ?? null })
  }

  let body
  if (factor.type === 'webauthn') {
    body = (
      <>
        <p>Confirm with your passkey or security key.</p>
        <button
          type="button"
          disabled={isSubmitting}
          onClick={() => void mfa.submitWebAuthn(challengeId).then(done, () => undefined)}
        >
          Use passkey
        </button>
      </>
    )
  } else if ((factor.type === 'sms' || factor.type === 'email') && sent?.factorId !== factor.id) {
    body = (
      <>
        <p>
          We will send a code by {factor.type === 'sms' ? 'text message' : 'email'}
          {factor.hint ? ` to ${factor.hint}` : ''}.
        </p>
        <button type="button" disabled={isSubmitting} onClick={() => void sendCode()}>
          Send code
        </button>
      </>
    )
  } else {
    const prompt =
      factor.type === 'totp'
        ? 'Enter the 6-digit code from your authenticator app.'
        : factor.type === 'backup_code'
          ? 'Enter one of your backup codes (each works once).'
          : `Enter the 6-digit code we sent${sent?.hint ? ` to ${sent.hint}` : ''}.`
    const numeric = factor.type !== 'backup_code'
    body = (
      // key: a fresh, empty input for each factor
      <form key={factor.id} onSubmit={onCode}>
        <p>{prompt}</p>
        <input
          name="code"
          aria-label="Code"
          inputMode={numeric ? 'numeric' : 'text'}
          autoComplete={numeric ? 'one-time-code' : 'off'}
          maxLength={numeric ? 6 : 32}
          required
        />
        <button type="submit" disabled={isSubmitting}>
          Verify
        </button>
      </form>
    )
  }

  return (
    <section aria-label="Two-step verification" data-factor={factor.type}>
      {body}
      {shownError && (
        <p role="alert" data-code={shownError.code}>
          {shownError.message}
        </p>
      )}
      {factors.length > 1 && (
        <p>
          {factors
            .filter((f) => f.id !== factor.id)
            .map((f) => (
              <button key={f.id} type="button" onClick={() => setChosenId(f.id)}>
                Use {LABELS[f.type] ?? f.type} instead
              </button>
            ))}
        </p>
      )}
    </section>
  )
}
