import { createHelloJohn, type HelloJohn, type HelloJohnOptions } from '@hellojohn/js'
import { DEMO, setupHelloJohnMock } from '@hellojohn/mock-server/node'
import { HelloJohnProvider, useAuth, useMFA, useSession } from '@hellojohn/react'
import { act, cleanup, configure, render, type RenderResult } from '@testing-library/react'
import * as OTPAuth from 'otpauth'
import { useState, type ReactNode } from 'react'
import { afterAll, afterEach, beforeAll } from 'vitest'

// room for a loaded CI machine: the mock hashes passwords on every sign-in, which can take longer than
// Testing Library's 1 s default for waitFor/findBy when both cores are busy
configure({ asyncUtilTimeout: 10_000 })

export const BASE_URL = 'http://localhost:3000'
export const PASSWORD: string = DEMO.password
export const BOB_SECRET: string = DEMO.bobTotpSecret

/** Starts the in-process mock for this file, resets it (and the browser storage) after each test. */
export function useMockServer(): { mock: () => ReturnType<typeof setupHelloJohnMock> } {
  let mock: ReturnType<typeof setupHelloJohnMock> | undefined
  beforeAll(() => {
    mock = setupHelloJohnMock()
  })
  afterEach(() => {
    mock?.controls.reset()
    globalThis.localStorage?.clear()
  })
  afterAll(() => mock?.close())
  return { mock: () => mock! }
}

const created: HelloJohn[] = []
afterEach(() => {
  cleanup() // no vitest globals, so Testing Library cannot register its own cleanup
  for (const c of created.splice(0)) c.destroy()
})

/** A client on the mock with the demo keys (destroyed after the test). */
export function client(options: Partial<HelloJohnOptions> = {}): HelloJohn {
  const hj = createHelloJohn({
    baseUrl: BASE_URL,
    publishableKey: 'pk_test_demo',
    tenantId: 'tnt_demo',
    retry: false,
    ...options,
  })
  created.push(hj)
  return hj
}

/** The current TOTP code of bob's fixed secret, computed the way an authenticator app does (RFC 6238). */
export function totp(timestamp: number): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(BOB_SECRET), digits: 6, period: 30 }).generate({
    timestamp,
  })
}

/** Shows the session as text. */
export function SessionView(): ReactNode {
  const session = useSession()
  const who =
    session.status === 'signed_in'
      ? ` ${session.user.email} mfa=${String(session.claims.mfa_verified ?? false)}`
      : ''
  return (
    <p data-testid="session">{`${session.status}${who} loaded=${String(session.isLoaded)} signedIn=${String(session.isSignedIn)}`}</p>
  )
}

/** A sign-in form on `useAuth`, showing its `isSubmitting` and `error`. */
export function SignInForm(): ReactNode {
  const { signIn, signOut, isSubmitting, error } = useAuth()
  const [email, setEmail] = useState('')
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        const data = new FormData(e.currentTarget)
        void signIn({ email: String(data.get('email')), password: String(data.get('password')) })
      }}
    >
      <input name="email" aria-label="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      <input name="password" aria-label="password" type="password" />
      <button type="submit">Sign in</button>
      <button type="button" onClick={() => void signOut()}>
        Sign out
      </button>
      <output data-testid="auth-state">{isSubmitting ? 'submitting' : 'idle'}</output>
      {error && <p role="alert">{`${error.code}: ${error.message}`}</p>}
    </form>
  )
}

/** Shows the pending challenge of `useMFA`, and renders `children(challengeId)` while one waits. */
export function MfaStep({ children }: { children: (challengeId: string) => ReactNode }): ReactNode {
  const { challenge, factors } = useMFA()
  if (!challenge) return <p data-testid="mfa">no challenge</p>
  return (
    <div>
      <p data-testid="mfa">{`challenge ${factors.map((f) => f.type).join(',')}`}</p>
      {children(challenge.challenge_id)}
    </div>
  )
}

/** Renders `ui` inside a provider for `hj`. */
export function renderWith(hj: HelloJohn, ui: ReactNode): RenderResult {
  return render(<HelloJohnProvider client={hj}>{ui}</HelloJohnProvider>)
}

/** Runs `fn` inside act() and waits for the store to settle. */
export const settle = (fn: () => Promise<unknown>): Promise<void> => act(async () => void (await fn()))
