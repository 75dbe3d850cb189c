import { describe, expect, it } from 'vitest'
import { call, expectError, useMock } from './helpers'

const mock = useMock()

describe('request pipeline', () => {
  it('every response carries the version, a request id and rate-limit headers', async () => {
    const ok = await call(mock, 'GET', '/v1/users')
    const bad = await call(mock, 'GET', '/v1/users', { token: null })
    for (const r of [ok, bad]) {
      expect(r.headers.get('x-hellojohn-version')).toBe('1.4.2')
      expect(r.headers.get('x-request-id')).toMatch(/^req_/)
      expect(Number(r.headers.get('x-ratelimit-limit'))).toBeGreaterThan(0)
      expect(Number(r.headers.get('x-ratelimit-reset'))).toBeGreaterThan(1_600_000_000)
    }
    expect(bad.body.error.request_id).toBe(bad.headers.get('x-request-id'))
  })

  it('missing credentials → 401 unauthorized; an unknown key → 401', async () => {
    expectError(await call(mock, 'GET', '/v1/users', { token: null }), 401, 'unauthorized')
    expectError(await call(mock, 'GET', '/v1/users', { token: 'sk_test_nope' }), 401, 'unauthorized')
    expectError(await call(mock, 'GET', '/v1/users', { token: 'not.a.jwt' }), 401, 'invalid_token')
  })

  it('a publishable key on a secret-key path → 403 forbidden, saying what to use', async () => {
    const r = await call(mock, 'GET', '/v1/users', { token: 'pk_test_demo' })
    expectError(r, 403, 'forbidden')
    expect(r.body.error.message).toContain('secret key')
  })

  it('missing X-Tenant-ID → 400 tenant_required; another tenant → 403', async () => {
    expectError(await call(mock, 'GET', '/v1/users', { tenant: null }), 400, 'tenant_required')
    expectError(await call(mock, 'GET', '/v1/users', { tenant: 'tnt_other' }), 403, 'forbidden')
  })

  it('malformed JSON → 400 validation_failed', async () => {
    const r = await call(mock, 'POST', '/v1/users', { rawBody: '{"email": "a@b.c",' })
    expectError(r, 400, 'validation_failed')
  })

  it('wrong types and missing fields → 422 validation_failed with per-field details', async () => {
    const r = await call(mock, 'POST', '/v1/users', {
      body: { name: 42, phone_number: '0800', surprise: true },
    })
    expectError(r, 422, 'validation_failed')
    const fields = r.body.error.details.map((d: { field: string }) => d.field).sort()
    expect(fields).toEqual(['email', 'name', 'phone_number', 'surprise'])
    expect(r.body.error.details.find((d: { field: string }) => d.field === 'email').code).toBe('required')
    expect(r.body.error.details.every((d: { message: string }) => d.message.length > 5)).toBe(true)
    expectError(await call(mock, 'POST', '/v1/users', { rawBody: '[1,2]' }), 422, 'validation_failed')
    expectError(await call(mock, 'POST', '/v1/users'), 422, 'validation_failed')
  })

  it('oversized body (> 1 MiB) → 413 payload_too_large', async () => {
    const r = await call(mock, 'POST', '/v1/users', {
      body: { email: 'big@example.com', name: 'x'.repeat(1024 * 1024) },
    })
    expectError(r, 413, 'payload_too_large')
  })

  it('bad query parameters → 400 with details', async () => {
    const r = await call(mock, 'GET', '/v1/users?limit=500&status=zombie')
    expectError(r, 400, 'bad_request')
    expect(r.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['limit', 'status'])
  })

  it('Idempotency-Key: same body replays (Idempotent-Replayed), another body → 422 idempotency_key_reused', async () => {
    const headers = { 'idempotency-key': 'key-1' }
    const body = { email: 'idem@example.com' }
    const first = await call(mock, 'POST', '/v1/users', { body, headers })
    expect(first.status).toBe(201)
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    const again = await call(mock, 'POST', '/v1/users', { body, headers })
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body.id).toBe(first.body.id)
    const list = await call(mock, 'GET', '/v1/users?email=idem@example.com')
    expect(list.body.data).toHaveLength(1)
    expectError(
      await call(mock, 'POST', '/v1/users', { body: { email: 'other@example.com' }, headers }),
      422,
      'idempotency_key_reused',
    )
    // a day later the key is forgotten
    await mock.controls.advanceClock(24 * 3600 * 1000 + 1)
    const later = await call(mock, 'POST', '/v1/users', { body: { email: 'other@example.com' }, headers })
    expect(later.status).toBe(201)
  })

  it('rate limits: 429 rate_limited with Retry-After past the limit, reset after the window', async () => {
    mock.controls.setRateLimit(true)
    // start at the beginning of a one-minute window, so the 200 calls cannot straddle two windows on a slow
    // machine
    await mock.controls.advanceClock(60_000 - (mock.state.clock.now() % 60_000) + 1)
    let last = await call(mock, 'POST', '/v1/users/usr_nope/phone-verification')
    const limit = Number(last.headers.get('x-ratelimit-limit'))
    expect(limit).toBe(200)
    for (let i = 1; i < limit; i++) last = await call(mock, 'POST', '/v1/users/usr_nope/phone-verification')
    expect(last.headers.get('x-ratelimit-remaining')).toBe('0')
    const refused = await call(mock, 'POST', '/v1/users/usr_nope/phone-verification')
    expectError(refused, 429, 'rate_limited')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    // reads have their own bucket
    expect((await call(mock, 'GET', '/v1/users')).status).toBe(200)
    await mock.controls.advanceClock(61_000)
    expect((await call(mock, 'POST', '/v1/users/usr_nope/phone-verification')).status).toBe(404)
  })

  it('faults: an injected status, then normal again', async () => {
    mock.controls.fault({ method: 'GET', path: '/v1/users', status: 503, times: 2 })
    const get = () =>
      fetch(`${mock.baseUrl}/v1/users`, {
        headers: { authorization: 'Bearer sk_test_demo', 'x-tenant-id': 'tnt_demo' },
      })
    const first = await get()
    expect(first.status).toBe(503)
    expect((await first.json()).error.code).toBe('service_unavailable')
    expect((await get()).status).toBe(503)
    expect((await call(mock, 'GET', '/v1/users')).status).toBe(200)
  })

  it('faults: a dropped connection after the write was applied', async () => {
    mock.controls.fault({ method: 'POST', path: '/v1/users', drop: true })
    await expect(
      fetch(`${mock.baseUrl}/v1/users`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer sk_test_demo',
          'x-tenant-id': 'tnt_demo',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ email: 'dropped@example.com' }),
      }),
    ).rejects.toThrow()
    const list = await call(mock, 'GET', '/v1/users?email=dropped@example.com')
    expect(list.body.data).toHaveLength(1)
  })

  it('faults: a delay, over the HTTP controls', async () => {
    const set = await fetch(`${mock.baseUrl}/__mock/faults`, {
      method: 'POST',
      body: JSON.stringify({ path: '/v1/users/*', delay_ms: 30, times: 1 }),
    })
    expect(set.status).toBe(201)
    const r = await call(mock, 'GET', '/v1/users/usr_missing')
    expectError(r, 404, 'user_not_found')
    const bad = await fetch(`${mock.baseUrl}/__mock/faults`, {
      method: 'POST',
      body: JSON.stringify({ path: '/v1/users' }),
    })
    expect(bad.status).toBe(422)
  })

  it('unknown endpoints answer a 404 envelope', async () => {
    const r = await call(mock, 'GET', '/v1/nothing-here')
    expectError(r, 404, 'not_found')
  })
})

describe('/__mock/ controls over HTTP', () => {
  it('outbox, clock, webhook deliveries and reset', async () => {
    const user = await call(mock, 'POST', '/v1/users', {
      body: { email: 'sms@example.com', phone_number: '+14155552671' },
    })
    await call(mock, 'POST', `/v1/users/${user.body.id}/phone-verification`)
    const outbox = await (await fetch(`${mock.baseUrl}/__mock/outbox?to=%2B14155552671`)).json()
    expect(outbox.data).toHaveLength(1)
    expect(outbox.data[0]).toMatchObject({ channel: 'sms', kind: 'phone_verification', to: '+14155552671' })
    expect(outbox.data[0].code).toMatch(/^\d{6}$/)
    const before = mock.controls.now()
    const clock = await fetch(`${mock.baseUrl}/__mock/clock`, {
      method: 'POST',
      body: JSON.stringify({ advance_ms: 60_000 }),
    })
    expect(clock.status).toBe(200)
    expect(mock.controls.now() - before).toBeGreaterThanOrEqual(60_000)
    expect(
      (await fetch(`${mock.baseUrl}/__mock/clock`, { method: 'POST', body: '{"advance_ms":"soon"}' })).status,
    ).toBe(400)
    const deliveries = await (await fetch(`${mock.baseUrl}/__mock/webhook-deliveries`)).json()
    expect(Array.isArray(deliveries.data)).toBe(true)
    expect((await fetch(`${mock.baseUrl}/__mock/reset`, { method: 'POST' })).status).toBe(200)
    expect(mock.controls.outbox()).toHaveLength(0)
    expect((await call(mock, 'GET', '/v1/users?email=sms@example.com')).body.data).toHaveLength(0)
  })
})
