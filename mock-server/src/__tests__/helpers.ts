import { afterAll, afterEach, beforeEach, expect } from 'vitest'
import { setupHelloJohnMock } from '@hellojohn/mock-server/node'
import type { HelloJohnMock, SetupHelloJohnMockOptions } from '@hellojohn/mock-server/node'

/**
 * A started mock with response validation, reset before each test, and a check that no response broke the
 * spec.
 */
export function useMock(options: SetupHelloJohnMockOptions = {}): HelloJohnMock {
  const mock = setupHelloJohnMock({ validateResponses: true, rateLimit: false, ...options })
  beforeEach(() => {
    mock.controls.reset()
    mock.state.limiter.enabled = options.rateLimit ?? false
  })
  afterEach(() => {
    const found = mock.violations.splice(0)
    expect(found, 'responses that do not match the spec').toEqual([])
  })
  afterAll(() => mock.close())
  return mock
}

/** The JSON result of a call. */
export interface Called<T = any> {
  status: number
  body: T
  headers: Headers
}

/** Calls the mock with a bearer credential, X-Tenant-ID (default tnt_demo) and a JSON body. */
export async function call<T = any>(
  mock: HelloJohnMock,
  method: string,
  path: string,
  options: {
    token?: string | null
    tenant?: string | null
    body?: unknown
    rawBody?: string
    headers?: Record<string, string>
  } = {},
): Promise<Called<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) }
  const token = options.token === undefined ? 'sk_test_demo' : options.token
  if (token) headers['authorization'] = `Bearer ${token}`
  const tenant = options.tenant === undefined ? 'tnt_demo' : options.tenant
  if (tenant) headers['x-tenant-id'] = tenant
  let body: string | undefined
  if (options.rawBody !== undefined) body = options.rawBody
  else if (options.body !== undefined) body = JSON.stringify(options.body)
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json'
  const res = await fetch(`${mock.baseUrl}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  })
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    // not JSON
  }
  expect(res.status, `${method} ${path} must never answer 5xx: ${text}`).toBeLessThan(500)
  return { status: res.status, body: parsed as T, headers: res.headers }
}

/** Asserts an error envelope with a code and status. */
export function expectError(r: Called, status: number, code: string): void {
  expect(r.status).toBe(status)
  expect(r.body.error.code).toBe(code)
  expect(r.body.error.status).toBe(status)
  expect(r.body.error.request_id).toMatch(/^req_/)
  expect(typeof r.body.error.message).toBe('string')
}
