import { http, HttpResponse, delay } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { HelloJohnNetworkError, HelloJohnTimeoutError, type RetryInfo } from '@hellojohn/js'
import { createApiClient, parseErrorBody, type ApiClientOptions } from '@hellojohn/js/internal'

// A tiny paths type: these tests exercise the pipeline, not the HelloJohn spec.
type Op = {
  parameters: { query?: never; header?: never; path?: never; cookie?: never }
  requestBody?: { content: { 'application/json': Record<string, unknown> } }
  responses: { 200: { content: { 'application/json': Record<string, unknown> } } }
}
interface TestPaths {
  '/v1/things': { get: Op; post: Op; patch: Op; put: Op }
  '/v1/cp/tenants': { get: Op }
  '/v2/admin/tenants/{tenantId}/auth/config': {
    get: Omit<Op, 'parameters'> & {
      parameters: { query?: never; header?: never; path: { tenantId: string }; cookie?: never }
    }
  }
}

const BASE = 'http://api.test'
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

type Seen = { method: string; headers: Headers; body: string }
const record =
  (seen: Seen[], respond: (n: number) => Response | Promise<Response>) =>
  async ({ request }: { request: Request }) => {
    seen.push({ method: request.method, headers: request.headers, body: await request.text() })
    return respond(seen.length)
  }

const client = (extra: Partial<ApiClientOptions> = {}) =>
  createApiClient<TestPaths>({
    baseUrl: BASE,
    tenantId: 'tnt_demo',
    getCredential: () => 'pk_test_demo',
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2_000 },
    random: () => 0.5,
    ...extra,
  })

describe('middleware chain', () => {
  it('sets the credential and X-Tenant-ID on data-plane paths only (not /v1/cp/…, not /v2/admin/tenants/{id}/…)', async () => {
    const seen: Seen[] = []
    server.use(
      http.get(
        `${BASE}/v1/things`,
        record(seen, () => HttpResponse.json({ ok: 1 })),
      ),
      http.get(
        `${BASE}/v1/cp/tenants`,
        record(seen, () => HttpResponse.json({ ok: 2 })),
      ),
      http.get(
        `${BASE}/v2/admin/tenants/tnt_other/auth/config`,
        record(seen, () => HttpResponse.json({ ok: 3 })),
      ),
    )
    const api = client()
    expect((await api.GET('/v1/things')).data).toEqual({ ok: 1 })
    expect((await api.GET('/v1/cp/tenants')).data).toEqual({ ok: 2 })
    const admin = await api.GET('/v2/admin/tenants/{tenantId}/auth/config', {
      params: { path: { tenantId: 'tnt_other' } },
    })
    expect(admin.data).toEqual({ ok: 3 })
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer pk_test_demo')
    expect(seen[0]!.headers.get('x-tenant-id')).toBe('tnt_demo')
    expect(seen[1]!.headers.get('x-tenant-id')).toBeNull()
    expect(seen[2]!.headers.get('x-tenant-id')).toBeNull()
    expect(seen[2]!.headers.get('authorization')).toBe('Bearer pk_test_demo')
    expect(seen[0]!.headers.get('idempotency-key')).toBeNull()
  })

  it('a caller-set Authorization or Idempotency-Key wins', async () => {
    const seen: Seen[] = []
    server.use(
      http.post(
        `${BASE}/v1/things`,
        record(seen, () => HttpResponse.json({})),
      ),
    )
    await client().POST('/v1/things', {
      body: {},
      headers: { Authorization: 'Bearer mine', 'Idempotency-Key': 'key-1' },
    })
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer mine')
    expect(seen[0]!.headers.get('idempotency-key')).toBe('key-1')
  })

  it('no credential → no Authorization header', async () => {
    const seen: Seen[] = []
    server.use(
      http.get(
        `${BASE}/v1/things`,
        record(seen, () => HttpResponse.json({})),
      ),
    )
    await client({ getCredential: () => undefined }).GET('/v1/things')
    expect(seen[0]!.headers.has('authorization')).toBe(false)
  })
})

describe('retries', () => {
  it('retries a POST on 503 with the same Idempotency-Key and the same body', async () => {
    const seen: Seen[] = []
    server.use(
      http.post(
        `${BASE}/v1/things`,
        record(seen, (n) =>
          n < 3 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({ id: 't1' }),
        ),
      ),
    )
    const { data } = await client().POST('/v1/things', { body: { name: 'x' } })
    expect(data).toEqual({ id: 't1' })
    expect(seen).toHaveLength(3)
    const keys = new Set(seen.map((s) => s.headers.get('idempotency-key')))
    expect(keys.size).toBe(1)
    expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(seen.map((s) => s.body)).toEqual(Array(3).fill('{"name":"x"}'))
  })

  it('each POST gets its own key', async () => {
    const seen: Seen[] = []
    server.use(
      http.post(
        `${BASE}/v1/things`,
        record(seen, () => HttpResponse.json({})),
      ),
    )
    const api = client()
    await api.POST('/v1/things', { body: {} })
    await api.POST('/v1/things', { body: {} })
    expect(seen[0]!.headers.get('idempotency-key')).not.toBe(seen[1]!.headers.get('idempotency-key'))
  })

  it('retries GET on network errors, 408, 429 and 5xx', async () => {
    const seen: Seen[] = []
    const answers = [
      () => HttpResponse.error(),
      () => new HttpResponse(null, { status: 408 }),
      () => HttpResponse.json({ ok: true }),
    ]
    server.use(
      http.get(
        `${BASE}/v1/things`,
        record(seen, (n) => answers[n - 1]!()),
      ),
    )
    const { data } = await client().GET('/v1/things')
    expect(data).toEqual({ ok: true })
    expect(seen).toHaveLength(3)
  })

  it('never retries a PATCH (not idempotent, no key)', async () => {
    const seen: Seen[] = []
    server.use(
      http.patch(
        `${BASE}/v1/things`,
        record(seen, () => new HttpResponse(null, { status: 503 })),
      ),
    )
    const { data, response } = await client().PATCH('/v1/things', { body: {} })
    expect(response.status).toBe(503)
    expect(data).toBeUndefined()
    expect(seen).toHaveLength(1)
  })

  it('never retries a 4xx other than 408/429', async () => {
    const seen: Seen[] = []
    server.use(
      http.put(
        `${BASE}/v1/things`,
        record(seen, () =>
          HttpResponse.json({ error: { code: 'conflict', message: 'taken', status: 409 } }, { status: 409 }),
        ),
      ),
    )
    const { error, response } = await client().PUT('/v1/things', { body: {} })
    expect(parseErrorBody(error, response)).toMatchObject({ code: 'conflict', status: 409 })
    expect(seen).toHaveLength(1)
  })

  it('gives up after `retries` and returns the last answer', async () => {
    const seen: Seen[] = []
    server.use(
      http.get(
        `${BASE}/v1/things`,
        record(seen, () => new HttpResponse(null, { status: 500 })),
      ),
    )
    const { response } = await client().GET('/v1/things')
    expect(response.status).toBe(500)
    expect(seen).toHaveLength(3)
  })

  it('throws a HelloJohnNetworkError when the network keeps failing', async () => {
    const seen: Seen[] = []
    server.use(
      http.get(
        `${BASE}/v1/things`,
        record(seen, () => HttpResponse.error()),
      ),
    )
    const e = await client()
      .GET('/v1/things')
      .catch((err: unknown) => err)
    expect(e).toBeInstanceOf(HelloJohnNetworkError)
    expect((e as HelloJohnNetworkError).code).toBe('network_error')
    expect((e as HelloJohnNetworkError).message).toContain('http://api.test')
    expect(seen).toHaveLength(3)
  })

  it('honours Retry-After on 429 instead of the backoff', async () => {
    const seen: Seen[] = []
    server.use(
      http.get(
        `${BASE}/v1/things`,
        record(seen, (n) =>
          n === 1
            ? HttpResponse.json(
                { error: { code: 'rate_limited', message: 'slow down', status: 429 } },
                { status: 429, headers: { 'Retry-After': '1' } },
              )
            : HttpResponse.json({ ok: true }),
        ),
      ),
    )
    const retries: RetryInfo[] = []
    const { data } = await client({ onRetry: (info) => retries.push(info) }).GET('/v1/things')
    expect(data).toEqual({ ok: true })
    expect(seen).toHaveLength(2)
    expect(retries.map(({ attempt, delayMs, reason }) => ({ attempt, delayMs, reason }))).toEqual([
      { attempt: 1, delayMs: 1000, reason: 429 },
    ])
  })

  it('backs off exponentially with full jitter, capped', async () => {
    server.use(http.get(`${BASE}/v1/things`, () => new HttpResponse(null, { status: 503 })))
    const delays: number[] = []
    await client({
      retry: { retries: 4, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 1000 },
      random: () => 0.5,
      onRetry: (i) => delays.push(i.delayMs),
    }).GET('/v1/things')
    // random · min(max, base · 2^attempt) with random = 0.5
    expect(delays).toEqual([5, 10, 20, 25])
  })

  it('does not wait longer than maxRetryAfterMs: returns the 429 with retryAfter', async () => {
    const seen: Seen[] = []
    server.use(
      http.get(
        `${BASE}/v1/things`,
        record(seen, () =>
          HttpResponse.json(
            { error: { code: 'rate_limited', message: 'slow down', status: 429 } },
            { status: 429, headers: { 'Retry-After': '3600' } },
          ),
        ),
      ),
    )
    const { error, response } = await client().GET('/v1/things')
    expect(seen).toHaveLength(1)
    expect(parseErrorBody(error, response)).toMatchObject({ code: 'rate_limited', retryAfter: 3600 })
  })

  it('retry: false sends once', async () => {
    const seen: Seen[] = []
    server.use(
      http.get(
        `${BASE}/v1/things`,
        record(seen, () => new HttpResponse(null, { status: 503 })),
      ),
    )
    await client({ retry: false }).GET('/v1/things')
    expect(seen).toHaveLength(1)
  })
})

describe('timeouts and abort', () => {
  it('times out each attempt and throws HelloJohnTimeoutError', async () => {
    server.use(
      http.get(`${BASE}/v1/things`, async () => {
        await delay('infinite')
        return HttpResponse.json({})
      }),
    )
    const e = await client({ timeoutMs: 30, retry: false })
      .GET('/v1/things')
      .catch((err: unknown) => err)
    expect(e).toBeInstanceOf(HelloJohnTimeoutError)
    expect(e).toBeInstanceOf(HelloJohnNetworkError)
    expect((e as HelloJohnTimeoutError).code).toBe('timeout')
    expect((e as HelloJohnTimeoutError).timeoutMs).toBe(30)
  })

  it('a timed-out GET is retried and can then succeed', async () => {
    const seen: Seen[] = []
    server.use(
      http.get(
        `${BASE}/v1/things`,
        record(seen, async (n) => {
          if (n === 1) await delay('infinite')
          return HttpResponse.json({ attempt: n })
        }),
      ),
    )
    const { data } = await client({ timeoutMs: 500 }).GET('/v1/things')
    expect(data).toEqual({ attempt: 2 })
  })

  it("the caller's AbortSignal stops the request and its retries", async () => {
    const seen: Seen[] = []
    server.use(
      http.get(
        `${BASE}/v1/things`,
        record(seen, async () => {
          await delay('infinite')
          return HttpResponse.json({})
        }),
      ),
    )
    const controller = new AbortController()
    const pending = client()
      .GET('/v1/things', { signal: controller.signal })
      .catch((err: unknown) => err)
    // abort once the request is in flight (reached the handler), however slow the machine
    await vi.waitFor(() => expect(seen).toHaveLength(1), { timeout: 10_000, interval: 5 })
    controller.abort()
    const e = await pending
    expect(e).toBeInstanceOf(HelloJohnNetworkError)
    expect((e as HelloJohnNetworkError).code).toBe('request_aborted')
    expect(seen).toHaveLength(1)
  })

  it('an already aborted signal never sends', async () => {
    const seen: Seen[] = []
    server.use(
      http.get(
        `${BASE}/v1/things`,
        record(seen, () => HttpResponse.json({})),
      ),
    )
    const e = await client()
      .GET('/v1/things', { signal: AbortSignal.abort() })
      .catch((err: unknown) => err)
    expect((e as HelloJohnNetworkError).code).toBe('request_aborted')
    expect(seen).toHaveLength(0)
  })
})

describe('401 → refresh → one replay', () => {
  it('replays once with the new token', async () => {
    const seen: Seen[] = []
    server.use(
      http.post(
        `${BASE}/v1/things`,
        record(seen, (n) =>
          seen[n - 1]!.headers.get('authorization') === 'Bearer fresh'
            ? HttpResponse.json({ ok: true })
            : HttpResponse.json(
                { error: { code: 'unauthorized', message: 'expired', status: 401 } },
                { status: 401 },
              ),
        ),
      ),
    )
    let token = 'stale'
    const asked: string[] = []
    const api = client({
      getCredential: () => token,
      onUnauthorized: async ({ token: failed }) => {
        asked.push(failed)
        token = 'fresh'
        return token
      },
    })
    const { data } = await api.POST('/v1/things', { body: { a: 1 } })
    expect(data).toEqual({ ok: true })
    expect(asked).toEqual(['stale'])
    expect(seen.map((s) => s.headers.get('authorization'))).toEqual(['Bearer stale', 'Bearer fresh'])
    expect(seen[1]!.body).toBe('{"a":1}')
    expect(seen[0]!.headers.get('idempotency-key')).toBe(seen[1]!.headers.get('idempotency-key'))
  })

  it('does not loop: a second 401 is returned', async () => {
    const seen: Seen[] = []
    server.use(
      http.get(
        `${BASE}/v1/things`,
        record(seen, () => new HttpResponse(null, { status: 401 })),
      ),
    )
    let n = 0
    const api = client({ getCredential: () => `t${n}`, onUnauthorized: async () => `t${++n}` })
    const { response } = await api.GET('/v1/things')
    expect(response.status).toBe(401)
    expect(seen).toHaveLength(2)
    expect(n).toBe(1)
  })

  it('no replay when the handler has no new token', async () => {
    const seen: Seen[] = []
    server.use(
      http.get(
        `${BASE}/v1/things`,
        record(seen, () => new HttpResponse(null, { status: 401 })),
      ),
    )
    const { response } = await client({
      getCredential: () => 'x',
      onUnauthorized: async () => undefined,
    }).GET('/v1/things')
    expect(response.status).toBe(401)
    expect(seen).toHaveLength(1)
  })
})
