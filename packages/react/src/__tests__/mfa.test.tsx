import { useMFA } from '@hellojohn/react'
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { useState, type ReactNode } from 'react'
import { describe, expect, test } from 'vitest'
import { MFAChallenge } from './fixtures/MFAChallenge'
import {
  client,
  MfaStep,
  PASSWORD,
  renderWith,
  SessionView,
  SignInForm,
  totp,
  useMockServer,
} from './helpers'

const { mock } = useMockServer()

const text = (id: string) => screen.getByTestId(id).textContent ?? ''

/** Signs bob in through the form and waits for the MFA challenge. */
async function signInAsBob(): Promise<void> {
  fireEvent.change(screen.getByLabelText('email'), { target: { value: 'bob@example.com' } })
  fireEvent.change(screen.getByLabelText('password'), { target: { value: PASSWORD } })
  fireEvent.click(screen.getByText('Sign in'))
  await waitFor(() => expect(text('mfa')).toMatch(/^challenge totp/))
  expect(text('session')).toMatch(/^signed_out/)
}

/** A code that is not valid now, nor one step before or after. */
function wrongCode(now: number): string {
  const valid = new Set([totp(now - 30_000), totp(now), totp(now + 30_000)])
  let n = 123456
  while (valid.has(String(n))) n++
  return String(n)
}

/** An MFA form that also shows the hook's `isSubmitting` and `error`. */
function ChallengeWithError({ challengeId }: { challengeId: string }): ReactNode {
  const { submitTOTP, isSubmitting, error } = useMFA()
  const [code, setCode] = useState('')
  return (
    <div>
      <input aria-label="totp" value={code} onChange={(e) => setCode(e.target.value)} />
      <button onClick={() => submitTOTP(challengeId, code)}>Submit code</button>
      <output data-testid="mfa-state">{isSubmitting ? 'submitting' : 'idle'}</output>
      <p data-testid="mfa-error">{error ? error.code : 'none'}</p>
    </div>
  )
}

describe('useMFA', () => {
  test("seed 004's MFAChallenge form, as written, takes a real TOTP code and ends signed in", async () => {
    const hj = client()
    renderWith(
      hj,
      <>
        <SessionView />
        <SignInForm />
        <MfaStep>{(challengeId) => <MFAChallenge challengeId={challengeId} />}</MfaStep>
      </>,
    )
    await waitFor(() => expect(text('session')).toMatch(/^signed_out/))
    await signInAsBob()

    // the user types the code from their authenticator app (otpauth, bob's secret) and presses Verify
    fireEvent.change(screen.getByPlaceholderText('000000'), {
      target: { value: totp(mock().controls.now()) },
    })
    fireEvent.click(screen.getByText('Verify'))

    await waitFor(() =>
      expect(text('session')).toBe('signed_in bob@example.com mfa=true loaded=true signedIn=true'),
    )
    expect(text('mfa')).toBe('no challenge')
    expect(hj.session.getSnapshot().status).toBe('signed_in')
  })

  test('a wrong code surfaces in error (invalid_code); the challenge stays usable and the right code then signs in', async () => {
    const hj = client()
    renderWith(
      hj,
      <>
        <SessionView />
        <SignInForm />
        <MfaStep>{(challengeId) => <ChallengeWithError challengeId={challengeId} />}</MfaStep>
      </>,
    )
    await signInAsBob()
    expect(text('mfa-error')).toBe('none')

    fireEvent.change(screen.getByLabelText('totp'), { target: { value: wrongCode(mock().controls.now()) } })
    fireEvent.click(screen.getByText('Submit code'))
    expect(text('mfa-state')).toBe('submitting')
    await waitFor(() => expect(text('mfa-error')).toBe('invalid_code'))
    expect(text('mfa-state')).toBe('idle')
    expect(text('session')).toMatch(/^signed_out/)
    expect(text('mfa')).toMatch(/^challenge totp/)

    fireEvent.change(screen.getByLabelText('totp'), { target: { value: totp(mock().controls.now()) } })
    fireEvent.click(screen.getByText('Submit code'))
    await waitFor(() => expect(text('session')).toMatch(/^signed_in bob@example.com mfa=true/))
    expect(text('mfa')).toBe('no challenge')
  })

  test('awaiting a failed call still rejects with the typed error', async () => {
    const hj = client()
    let mfa: ReturnType<typeof useMFA> | undefined
    function Probe(): ReactNode {
      mfa = useMFA()
      return null
    }
    renderWith(hj, <Probe />)
    const result = await hj.auth.signIn({ email: 'bob@example.com', password: PASSWORD })
    expect(result.status).toBe('mfa_required')
    if (result.status !== 'mfa_required') return
    await waitFor(() => expect(mfa?.challenge?.challenge_id).toBe(result.challenge_id))
    await expect(
      mfa!.submitTOTP(result.challenge_id, wrongCode(mock().controls.now())),
    ).rejects.toMatchObject({ code: 'invalid_code' })
    await waitFor(() => expect(mfa?.error?.code).toBe('invalid_code'))
  })
})
