/**
 * @hellojohn/testing/vitest: the whole HelloJohn API in process for Vitest, reset between tests.
 *
 * @example
 * ```ts
 * import { useHelloJohnMock } from '@hellojohn/testing/vitest'
 * const mock = useHelloJohnMock()
 * ```
 */
import {
  DEMO,
  setupHelloJohnMock,
  type HelloJohnMock,
  type SetupHelloJohnMockOptions,
} from '@hellojohn/mock-server/node'
import { afterAll, afterEach } from 'vitest'
import { clock, faults, type MockClock, type MockFaults } from '../mock-controls'
import { waitForMessage, type ReceivedMessage } from '../outbox'
import { signInAs, type SignedInSession, type SignInAsOptions, type UserRef } from '../sign-in-as'

/** What {@link useHelloJohnMock} returns. */
export interface HelloJohnTestMock {
  /** The base URL the in-process mock answers on (give it to `createHelloJohn`). */
  baseUrl: string
  /**
   * The demo tenant: `tnt_demo`, `pk_test_demo`, `sk_test_demo` (users alice and bob, password
   * `DEMO.password`).
   */
  tenant: { baseUrl: string; tenantId: string; publishableKey: string; secretKey: string }
  /** The mock itself (state, in-process controls, msw server). */
  mock: HelloJohnMock
  /** `signInAs` on the demo tenant. */
  signInAs(who: UserRef, options?: SignInAsOptions): Promise<SignedInSession>
  /** `waitForMessage` on this mock. */
  waitForMessage(to: string, kind?: string, timeoutMs?: number): Promise<ReceivedMessage>
  clock: MockClock
  faults: MockFaults
}

/**
 * Starts the HelloJohn mock in this Vitest worker (msw intercepts `fetch` to `baseUrl`: no port, no network),
 * resets it after each test (data, outbox, clock, faults, limits) and stops it after the file. Call it at the
 * top of a test file. Needs `@hellojohn/mock-server` and `msw` installed.
 *
 * @example
 * ```ts
 * const hj = useHelloJohnMock()
 * it('signs in', async () => {
 *   const client = createHelloJohn({ baseUrl: hj.baseUrl, publishableKey: hj.tenant.publishableKey, tenantId: hj.tenant.tenantId })
 *   await client.auth.signIn({ email: 'alice@example.com', password: 'correct-horse-battery-staple' })
 * })
 * ```
 */
export function useHelloJohnMock(options: SetupHelloJohnMockOptions = {}): HelloJohnTestMock {
  const mock = setupHelloJohnMock({ rateLimit: false, ...options })
  afterEach(() => mock.controls.reset())
  afterAll(() => mock.close())
  const tenant = {
    baseUrl: mock.baseUrl,
    tenantId: DEMO.tenantId,
    publishableKey: DEMO.publishableKey,
    secretKey: DEMO.secretKey,
  }
  return {
    baseUrl: mock.baseUrl,
    tenant,
    mock,
    signInAs: (who, o) => signInAs(tenant, who, o),
    waitForMessage: (to, kind, timeoutMs) =>
      waitForMessage({
        baseUrl: mock.baseUrl,
        to,
        ...(kind !== undefined && { kind }),
        ...(timeoutMs !== undefined && { timeoutMs }),
      }),
    clock: clock(mock.baseUrl),
    faults: faults(mock.baseUrl),
  }
}
