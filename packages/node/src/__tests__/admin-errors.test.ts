import { describe, expect, it } from 'vitest'
import { HelloJohnApiError, HelloJohnConfigError, isHelloJohnApiError, isHelloJohnError } from '@hellojohn/js'
import { HelloJohn } from '@hellojohn/node'
import { BASE_URL, DEMO, rejection, useAdminMock } from './admin-support'

describe('admin client errors and retries', () => {
  const { client, controls, sent } = useAdminMock()

  it('404: a typed HelloJohnApiError with status, code and request id', async () => {
    const e = await rejection(client().users.get('usr_doesnotexist'))
    expect(e).toBeInstanceOf(HelloJohnApiError)
    const error = e as HelloJohnApiError
    expect(error.status).toBe(404)
    expect(['user_not_found', 'not_found']).toContain(error.code)
    expect(error.requestId).toMatch(/^req_/)
    expect(error.message).toBeTruthy()
  })

  it('409: a duplicate email is a conflict naming the field', async () => {
    const hj = client()
    const e = await rejection(hj.users.create({ email: DEMO.alice }))
    expect(isHelloJohnApiError(e, 'conflict')).toBe(true)
    expect((e as HelloJohnApiError).status).toBe(409)
    expect(JSON.stringify((e as HelloJohnApiError).details)).toContain('email')
  })

  it('422: validation errors carry per-field details', async () => {
    const hj = client()
    const e = await rejection(hj.users.create({ email: 'not-an-email' }))
    expect(isHelloJohnApiError(e)).toBe(true)
    const error = e as HelloJohnApiError
    expect(error.status).toBe(422)
    expect(error.code).toBe('validation_failed')
    expect(Array.isArray(error.details)).toBe(true)
    expect((error.details as { field: string }[]).some((d) => d.field.includes('email'))).toBe(true)
  })

  it('a POST whose response is lost after the write is retried with the same Idempotency-Key and creates exactly one user', async () => {
    const hj = client()
    controls.fault({ method: 'POST', path: '/v1/users', drop: true, times: 1 })
    const retries: number[] = []
    const user = await client({ onRetry: (info) => retries.push(info.attempt) }).users.create({
      email: 'once@example.com',
      password: DEMO.password,
    })
    expect(user.email).toBe('once@example.com')
    expect(retries).toEqual([1])

    const posts = sent.filter((r) => r.method === 'POST' && r.pathname === '/v1/users')
    expect(posts).toHaveLength(2)
    expect(posts[0]!.idempotencyKey).toBeTruthy()
    expect(posts[1]!.idempotencyKey).toBe(posts[0]!.idempotencyKey)

    const matches = await hj.users.list({ email: 'once@example.com' })
    expect(matches.data).toHaveLength(1)
    expect(matches.pagination.total).toBe(1)
  })

  it('a caller-chosen idempotencyKey replays the stored response instead of writing twice', async () => {
    const hj = client()
    const first = await hj.users.create({ email: 'keyed@example.com' }, { idempotencyKey: 'order-1234' })
    const second = await hj.users.create({ email: 'keyed@example.com' }, { idempotencyKey: 'order-1234' })
    expect(second.id).toBe(first.id)
    const reused = await rejection(
      hj.users.create({ email: 'other@example.com' }, { idempotencyKey: 'order-1234' }),
    )
    expect(isHelloJohnApiError(reused, 'idempotency_key_reused')).toBe(true)
  })

  it('retries a 429 on a GET and succeeds; with retry: false the 429 surfaces as a typed rate_limited error', async () => {
    controls.fault({ method: 'GET', path: '/v1/users', status: 429, times: 1 })
    const page = await client().users.list()
    expect(page.data.length).toBeGreaterThan(0)
    expect(sent.filter((r) => r.pathname === '/v1/users')).toHaveLength(2)

    sent.length = 0
    controls.fault({ method: 'GET', path: '/v1/users', status: 429, times: 1 })
    const e = await rejection(client({ retry: false }).users.list())
    expect(isHelloJohnApiError(e, 'rate_limited')).toBe(true)
    expect((e as HelloJohnApiError).status).toBe(429)
    expect(sent).toHaveLength(1)
  })

  it('a network failure that outlasts the retries is a HelloJohnNetworkError', async () => {
    controls.fault({ method: 'GET', path: '/v1/sessions', drop: true, times: 5 })
    const e = await rejection(client({ retry: { retries: 1, baseDelayMs: 1 } }).sessions.list())
    expect(isHelloJohnError(e, 'network_error')).toBe(true)
  })

  it('a slow response times out per attempt (timeoutMs): retried, then a HelloJohnTimeoutError when it stays slow', async () => {
    const alice = await client().users.getByEmail(DEMO.alice)
    expect(alice).not.toBeNull()
    await client().users.get(alice!.id) // warm-up with the default timeout (first response validation is slow)
    sent.length = 0
    controls.fault({ method: 'GET', path: '/v1/users/*', delay_ms: 10_000, times: 1 })
    const user = await client({ timeoutMs: 1_000 }).users.get(alice!.id)
    expect(user.email).toBe(DEMO.alice)
    expect(sent.filter((r) => r.pathname === `/v1/users/${alice!.id}`).length).toBeGreaterThanOrEqual(2)

    controls.fault({ method: 'GET', path: '/v1/users/*', delay_ms: 10_000, times: 1 })
    const e = await rejection(client({ timeoutMs: 1_000, retry: false }).users.get(alice!.id))
    expect(isHelloJohnError(e, 'timeout')).toBe(true)
  })

  it('an aborted signal cancels the call with request_aborted; a bad idempotencyKey is refused before sending', async () => {
    const controller = new AbortController()
    controller.abort()
    const e = await rejection(client().users.list({}, { signal: controller.signal }))
    expect(isHelloJohnError(e, 'request_aborted')).toBe(true)
    const bad = await rejection(client().users.create({ email: 'x@example.com' }, { idempotencyKey: '' }))
    expect(isHelloJohnError(bad, 'invalid_argument')).toBe(true)
    expect(sent.filter((r) => r.method === 'POST')).toEqual([])
  })

  it('a publishable key given as secretKey is refused before any request, with a clear error', () => {
    let error: unknown
    try {
      new HelloJohn({ secretKey: DEMO.publishableKey, tenantId: DEMO.tenantId, baseUrl: BASE_URL })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(HelloJohnConfigError)
    expect((error as HelloJohnConfigError).option).toBe('secretKey')
    expect((error as Error).message).toMatch(/publishable key/)
    expect(sent).toHaveLength(0)
  })

  it('a wrong secret key is a 401 HelloJohnApiError', async () => {
    const e = await rejection(client({ secretKey: 'sk_test_wrong' }).users.list())
    expect(isHelloJohnApiError(e)).toBe(true)
    expect((e as HelloJohnApiError).status).toBe(401)
  })
})
