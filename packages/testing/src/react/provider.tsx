import { createHelloJohn, memoryStorage, type HelloJohn, type User } from '@hellojohn/js'
import { HelloJohnProvider } from '@hellojohn/react'
import { useEffect, useState, type ReactElement, type ReactNode } from 'react'
import { HelloJohnTestingError } from '../errors'
import { storageKeyOf } from '../stored-session'

/** The session state to render. */
export type TestSessionState =
  | 'signed_out'
  | 'loading'
  | { signedIn: Partial<User> & { email?: string } }
  | { mfaPending: { factors?: ('totp' | 'sms' | 'email' | 'webauthn' | 'backup_code')[] } }

/** Options of {@link createTestClient}. */
export interface CreateTestClientOptions {
  state: TestSessionState
  /**
   * Answers every other API call the components make (default: 503 `service_unavailable`, so a component that
   * fetches shows its error state; pass the in-process mock's fetch to get real answers).
   */
  fetch?: (request: Request) => Promise<Response>
  tenantId?: string
}

const TENANT = 'tnt_test'
const b64url = (v: unknown): string =>
  btoa(JSON.stringify(v)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')

function fakeUser(partial: Partial<User>): User {
  const now = new Date().toISOString()
  return {
    id: 'usr_test',
    email: 'test.user@example.com',
    email_verified: true,
    phone_number: null,
    phone_verified: false,
    name: 'Test User',
    external_id: null,
    role: 'member',
    status: 'active',
    mfa_enabled: false,
    public_metadata: {},
    created_at: now,
    updated_at: now,
    last_sign_in_at: now,
    ...partial,
  }
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

/**
 * A `@hellojohn/js` client already in a session state, with no network: signed out, loading, signed in as a
 * made-up (or given) user with an unsigned token the client never refreshes during a test, or waiting for an
 * MFA code.
 *
 * @example
 * ```ts
 * const client = await createTestClient({ state: { signedIn: { email: 'ada@example.com' } } })
 * client.session.getSnapshot().status // 'signed_in'
 * ```
 */
export async function createTestClient(options: CreateTestClientOptions): Promise<HelloJohn> {
  const tenantId = options.tenantId ?? TENANT
  const state = options.state
  const storage = memoryStorage()
  const nowS = Math.floor(Date.now() / 1000)
  const offline =
    options.fetch ??
    (async () =>
      json(503, {
        error: {
          code: 'service_unavailable',
          message: 'HelloJohnTestProvider: no network in this test; pass fetch to answer API calls.',
          status: 503,
          request_id: 'req_test',
        },
      }))
  let pendingFactors: string[] | undefined
  const fetch = async (request: Request): Promise<Response> => {
    if (pendingFactors && new URL(request.url).pathname === '/v1/auth/sign-in') {
      return json(200, {
        status: 'mfa_required',
        challenge_id: 'chl_test',
        expires_at: new Date(Date.now() + 300_000).toISOString(),
        factors: pendingFactors.map((type, i) => ({
          id: type === 'backup_code' ? 'fac_backupcodes' : `fac_test${i}`,
          type,
          hint: null,
        })),
      })
    }
    return offline(request)
  }
  const known =
    state === 'signed_out' ||
    state === 'loading' ||
    (typeof state === 'object' && state !== null && ('signedIn' in state || 'mfaPending' in state))
  if (!known) {
    throw new HelloJohnTestingError(
      'invalid_options',
      "HelloJohnTestProvider: state must be 'signed_out', 'loading', { signedIn: {…} } or { mfaPending: {…} }.",
    )
  }
  if (typeof state === 'object' && 'signedIn' in state) {
    const user = fakeUser(state.signedIn)
    const exp = nowS + 24 * 3600
    const claims = {
      iss: 'http://hellojohn.test',
      sub: user.id,
      aud: tenantId,
      exp,
      iat: nowS,
      sid: 'ses_test',
      tenant_id: tenantId,
      email: user.email,
      role: user.role,
    }
    const accessToken = `${b64url({ alg: 'none', typ: 'at+jwt' })}.${b64url(claims)}.`
    const value = {
      accessToken,
      refreshToken: 'rt_test',
      expiresAt: exp * 1000,
      refreshAt: exp * 1000,
      user,
      session: { id: 'ses_test', expires_at: new Date(exp * 1000).toISOString() },
    }
    await storage.setItem(storageKeyOf(tenantId), JSON.stringify(value))
  }
  const client = createHelloJohn({
    baseUrl: 'http://hellojohn.test',
    publishableKey: 'pk_test_testprovider',
    tenantId,
    storage,
    fetch,
    crossTab: false,
    retry: false,
    ...(state === 'loading'
      ? {
          storage: {
            getItem: () => new Promise<string | null>(() => {}),
            setItem: () => {},
            removeItem: () => {},
          },
        }
      : {}),
  })
  if (typeof state === 'object' && 'mfaPending' in state) {
    pendingFactors = state.mfaPending.factors ?? ['totp']
    await client.auth.signIn({ email: 'test.user@example.com', password: 'test-provider' })
    pendingFactors = undefined
  }
  return client
}

/** Props of {@link HelloJohnTestProvider}. */
export interface HelloJohnTestProviderProps extends CreateTestClientOptions {
  children?: ReactNode
  /** Rendered while the client is being prepared (one microtask for most states). Default nothing. */
  fallback?: ReactNode
}

/**
 * Renders its children under a `HelloJohnProvider` whose client is in the given session state, with no
 * network: for component tests and Storybook stories of signed-out, loading, signed-in and MFA-pending
 * screens.
 *
 * @example
 * ```tsx
 * render(
 *   <HelloJohnTestProvider state={{ signedIn: { email: 'ada@example.com', name: 'Ada' } }}>
 *     <Header />
 *   </HelloJohnTestProvider>,
 * )
 * expect(await screen.findByText('Ada')).toBeTruthy()
 * ```
 */
export function HelloJohnTestProvider(props: HelloJohnTestProviderProps): ReactElement {
  const { children, fallback = null, ...options } = props
  const [client, setClient] = useState<HelloJohn | null>(null)
  const key = JSON.stringify(options.state)
  useEffect(() => {
    let live = true
    void createTestClient(options).then((c) => live && setClient(c))
    return () => {
      live = false
    }
    // re-create only when the requested state changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  return client ? <HelloJohnProvider client={client}>{children}</HelloJohnProvider> : <>{fallback}</>
}
