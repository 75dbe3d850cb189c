// Shared set-up of the end-to-end tests: the in-process mock server (msw), one per test file, reset after
// each test.
import { Secret, TOTP } from 'otpauth'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { DEMO, setupHelloJohnMock } from '@hellojohn/mock-server/node'
import { createHelloJohn, memoryStorage, type HelloJohn, type HelloJohnOptions } from '@hellojohn/js'

export const BASE = 'http://localhost:3000'
export const PASSWORD: string = DEMO.password
export const BOB_SECRET: string = DEMO.bobTotpSecret
export const REDIRECT = 'http://localhost:5173/callback'

type Mock = ReturnType<typeof setupHelloJohnMock>
let mock: Mock | undefined
let clients: HelloJohn[] = []

/** The running mock. */
export const theMock = (): Mock => {
  if (!mock) throw new Error('call useMock() first')
  return mock
}

/** Starts the mock for the file (spec validation of every response on, rate limits off). */
export function useMock(): void {
  beforeAll(() => {
    mock = setupHelloJohnMock({
      baseUrl: BASE,
      rateLimit: false,
      validateResponses: true,
      onUnhandledRequest: 'error',
    })
  })
  afterEach(() => {
    for (const c of clients) c.destroy()
    clients = []
    const violations = theMock().violations.splice(0)
    theMock().controls.reset()
    expect(violations, 'every response matches the spec').toEqual([])
  })
  afterAll(() => theMock().close())
}

/** A client on the mock with memory storage, no cross-tab, fast retries. */
export function client(extra: Partial<HelloJohnOptions> = {}): HelloJohn {
  const hj = createHelloJohn({
    baseUrl: BASE,
    publishableKey: 'pk_test_demo',
    tenantId: 'tnt_demo',
    storage: memoryStorage(),
    crossTab: false,
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2_000 },
    ...extra,
  })
  clients.push(hj)
  return hj
}

/** The TOTP code for `secret` at the mock's clock, computed with otpauth (RFC 6238). */
export const totp = (secret: string, offsetMs = 0): string =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: theMock().controls.now() + offsetMs })

/** Calls the admin API with the secret key (test set-up only). */
export async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: {
      authorization: 'Bearer sk_test_demo',
      'x-tenant-id': 'tnt_demo',
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  expect(res.ok, `${method} ${path} → ${res.status}`).toBe(true)
  return res.status === 204 ? undefined : res.json()
}

/** The newest outbox message of a kind for a recipient. */
export const lastMessage = (kind: string, to?: string) => {
  const m = theMock().controls.lastMessage({ kind, ...(to ? { to } : {}) })
  if (!m) throw new Error(`no ${kind} message${to ? ` to ${to}` : ''} in the outbox`)
  return m
}
