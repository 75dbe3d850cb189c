/**
 * Shared set-up of the Auth, OAuth, Me and MFA tests: the mock on msw (`setupHelloJohnMock()`), real `fetch`
 * calls, every response checked against the spec, and small helpers to sign in and read the outbox.
 */
import { Secret, TOTP } from 'otpauth'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { setupHelloJohnMock } from '@hellojohn/mock-server/node'

export const BASE = 'http://localhost:3000'
export const TENANT = 'tnt_demo'
export const PK = 'pk_test_demo'
export const SK = 'sk_test_demo'
export const PASSWORD = 'correct-horse-battery-staple'
export const BOB_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

/** A parsed answer. */
export interface Answer<T = any> {
  status: number
  body: T
  headers: Headers
}

/** Options of {@link call}. */
export interface CallOptions {
  /** Bearer credential; default the publishable key. `null` sends none. */
  token?: string | null
  body?: unknown
  /** Form-encoded body (OAuth endpoints). */
  form?: Record<string, string>
  headers?: Record<string, string>
  /** X-Tenant-ID; default tnt_demo, `null` sends none. */
  tenant?: string | null
  redirect?: RequestRedirect
}

type Mock = ReturnType<typeof setupHelloJohnMock>

let mock: Mock | undefined

/** The running mock (after `useAuthMock()`'s beforeAll). */
export function theMock(): Mock {
  if (!mock) throw new Error('call useAuthMock() in the test file first')
  return mock
}

/**
 * Starts the mock for a test file, with response validation on and rate limits off; resets it after each
 * test.
 */
export function useAuthMock(): void {
  beforeAll(() => {
    mock = setupHelloJohnMock({
      baseUrl: BASE,
      rateLimit: false,
      validateResponses: true,
      onUnhandledRequest: 'error',
    })
  })
  afterEach(() => {
    const violations = theMock().violations.splice(0)
    theMock().controls.reset()
    expect(violations, 'every response matches the spec').toEqual([])
  })
  afterAll(() => {
    theMock().close()
  })
}

/** One HTTP call to the mock through the real `fetch`. */
export async function call<T = any>(
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) }
  const token = options.token === undefined ? PK : options.token
  if (token !== null) headers['Authorization'] = `Bearer ${token}`
  const tenant = options.tenant === undefined ? TENANT : options.tenant
  if (tenant !== null) headers['X-Tenant-ID'] = tenant
  let body: string | undefined
  if (options.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded'
    body = new URLSearchParams(options.form).toString()
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
    redirect: options.redirect ?? 'manual',
  })
  const text = await res.text()
  let parsed: unknown = text
  if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text)
  return { status: res.status, body: parsed as T, headers: res.headers }
}

/** Asserts an error envelope with this status and code; returns the error object. */
export function expectError(answer: Answer, status: number, code: string) {
  expect({ status: answer.status, code: answer.body?.error?.code }).toEqual({ status, code })
  expect(typeof answer.body.error.message).toBe('string')
  return answer.body.error as { code: string; message: string; details?: { field: string; code: string }[] }
}

/** Signs in with a password and expects `complete`; returns the AuthResult. */
export async function signIn(email: string, password = PASSWORD) {
  const r = await call('POST', '/v1/auth/sign-in', { body: { email, password } })
  expect(r.status).toBe(200)
  return r.body
}

/** Signs alice in and returns her access and refresh tokens. */
export async function signInAlice(): Promise<{
  access: string
  refresh: string
  sessionId: string
  userId: string
}> {
  const r = await signIn('alice@example.com')
  expect(r.status).toBe('complete')
  return {
    access: r.tokens.access_token,
    refresh: r.tokens.refresh_token,
    sessionId: r.session.id,
    userId: r.user.id,
  }
}

/** The TOTP code of a secret at the mock's clock, computed with otpauth (not with the mock's own helper). */
export function totp(secret: string, offsetSteps = 0): string {
  const t = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 })
  return t.generate({ timestamp: theMock().controls.now() + offsetSteps * 30_000 })
}

/** Signs bob in: his password, then his TOTP factor answers the MFA challenge. */
export async function signInBob(): Promise<{ access: string; sessionId: string; factorId: string }> {
  const challenge = await signIn('bob@example.com')
  const factorId: string = challenge.factors[0].id
  const v = await call('POST', `/v1/mfa/challenges/${challenge.challenge_id}/verify`, {
    body: { factor_id: factorId, code: totp(BOB_SECRET) },
  })
  expect(v.status).toBe(200)
  return { access: v.body.tokens.access_token, sessionId: v.body.session.id, factorId }
}

/**
 * Enrolls and confirms an authenticator app for the user of `access`; returns the factor and its backup
 * codes.
 */
export async function enrollTotp(
  access: string,
): Promise<{ factorId: string; secret: string; backupCodes: string[] }> {
  const e = await call('POST', '/v1/mfa/totp/enroll', { token: access })
  expect(e.status).toBe(201)
  const c = await call('POST', '/v1/mfa/totp/confirm', {
    token: access,
    body: { factor_id: e.body.factor_id, code: totp(e.body.secret) },
  })
  expect(c.status).toBe(200)
  return { factorId: e.body.factor_id, secret: e.body.secret, backupCodes: c.body.backup_codes }
}

/** Decodes a JWT payload (no verification). */
export function claimsOf(jwt: string): Record<string, any> {
  const part = jwt.split('.')[1] ?? ''
  return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')))
}

/** The newest outbox message of a kind (to an address). */
export function lastMessage(kind: string, to?: string) {
  const m = theMock().controls.lastMessage({ kind, ...(to ? { to } : {}) })
  expect(m, `an outbox message of kind ${kind}`).toBeDefined()
  return m!
}

/** Changes the demo tenant's auth config through the admin endpoint (secret key). */
export async function patchAuthConfig(patch: Record<string, unknown>): Promise<void> {
  const r = await call('PATCH', `/v2/admin/tenants/${TENANT}/auth/config`, { token: SK, body: patch })
  expect(r.status, JSON.stringify(r.body)).toBe(200)
}
