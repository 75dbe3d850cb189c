import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { DEMO, setupHelloJohnMock } from '@hellojohn/mock-server/node'
import { HelloJohn, type HelloJohnAdminOptions } from '@hellojohn/node'

export const BASE_URL = 'http://localhost:3000'
export { DEMO }

/** One request the admin client sent: method and URL path (as received, not templated). */
export interface SentRequest {
  method: string
  pathname: string
  idempotencyKey: string | null
  tenantHeader: string | null
}

/**
 * Starts the mock server (msw, in process) for the file, resets it after each test, and gives a factory of
 * admin clients whose every request (including retries) is recorded.
 */
export function useAdminMock() {
  const mock = setupHelloJohnMock({ baseUrl: BASE_URL, listen: false, validateResponses: true })
  const sent: SentRequest[] = []
  beforeAll(() => mock.server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => {
    const violations = mock.violations.splice(0)
    mock.controls.reset()
    mock.controls.clearFaults()
    sent.length = 0
    // every response the client received matched the spec
    expect(violations).toEqual([])
  })
  afterAll(() => mock.close())

  const recordingFetch = (request: Request): Promise<Response> => {
    sent.push({
      method: request.method,
      pathname: new URL(request.url).pathname,
      idempotencyKey: request.headers.get('idempotency-key'),
      tenantHeader: request.headers.get('x-tenant-id'),
    })
    return globalThis.fetch(request)
  }

  const client = (options: Partial<HelloJohnAdminOptions> = {}): HelloJohn =>
    new HelloJohn({
      secretKey: DEMO.secretKey,
      controlPlaneKey: DEMO.controlPlaneKey,
      tenantId: DEMO.tenantId,
      baseUrl: BASE_URL,
      fetch: recordingFetch,
      retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 },
      ...options,
    })

  return { mock, controls: mock.controls, sent, client }
}

/** Signs in with email + password through the public API and returns the access token and session id. */
export async function signIn(
  email: string,
  password: string = DEMO.password,
): Promise<{ accessToken: string; sessionId: string; userId: string }> {
  const res = await fetch(`${BASE_URL}/v1/auth/sign-in`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${DEMO.publishableKey}`,
      'x-tenant-id': DEMO.tenantId,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ email, password }),
  })
  const body = (await res.json()) as {
    status: string
    user: { id: string }
    session: { id: string }
    tokens: { access_token: string }
  }
  if (body.status !== 'complete')
    throw new Error(`sign-in of ${email} did not complete: ${JSON.stringify(body)}`)
  return { accessToken: body.tokens.access_token, sessionId: body.session.id, userId: body.user.id }
}

/** Awaits a promise expected to reject and returns the error. */
export async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (e) {
    return e
  }
  throw new Error('expected the call to fail, but it succeeded')
}
