import { createLocalJWKSet, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { call, expectError, useMock } from './helpers'

const mock = useMock()

async function createUser(body: Record<string, unknown>) {
  const r = await call(mock, 'POST', '/v1/users', { body })
  expect(r.status).toBe(201)
  return r.body
}

describe('GET /v1/users', () => {
  it('lists the seeded users with pagination and the common headers', async () => {
    const r = await call(mock, 'GET', '/v1/users')
    expect(r.status).toBe(200)
    expect(r.body.data.map((u: any) => u.email).sort()).toEqual(['alice@example.com', 'bob@example.com'])
    expect(r.body.pagination).toEqual({ total: 2, limit: 20, has_more: false, next_cursor: null })
    expect(r.headers.get('x-hellojohn-version')).toBe('1.4.2')
    expect(r.headers.get('x-ratelimit-limit')).toBe('1000')
  })

  it('filters by email, phone, external id, status, organization and q; sorts by email', async () => {
    await createUser({
      email: 'carol@example.com',
      phone_number: '+14155550001',
      external_id: 'ext-carol',
      name: 'Carol Jones',
    })
    await createUser({ email: 'dave@example.com', name: 'Dave' })
    const by = async (q: string) =>
      (await call(mock, 'GET', `/v1/users?${q}`)).body.data.map((u: any) => u.email)
    expect(await by('email=CAROL@example.com')).toEqual(['carol@example.com'])
    expect(await by('phone_number=%2B14155550001')).toEqual(['carol@example.com'])
    expect(await by('external_id=ext-carol')).toEqual(['carol@example.com'])
    expect(await by('q=jones')).toEqual(['carol@example.com'])
    expect(await by('sort=email&order=asc')).toEqual([
      'alice@example.com',
      'bob@example.com',
      'carol@example.com',
      'dave@example.com',
    ])
    const orgs = await call(mock, 'GET', '/v1/organizations')
    expect(await by(`org_id=${orgs.body.data[0].id}&sort=email&order=asc`)).toEqual([
      'alice@example.com',
      'bob@example.com',
    ])
    expect(await by('status=banned')).toEqual([])
  })

  it('pages with next_cursor; a bad cursor is 400', async () => {
    for (let i = 0; i < 5; i++) await createUser({ email: `p${i}@example.com` })
    const first = await call(mock, 'GET', '/v1/users?limit=3&sort=email&order=asc')
    expect(first.body.pagination).toMatchObject({ total: 7, limit: 3, has_more: true })
    const second = await call(
      mock,
      'GET',
      `/v1/users?limit=3&sort=email&order=asc&cursor=${first.body.pagination.next_cursor}`,
    )
    expect(second.body.data.map((u: any) => u.email)).toEqual([
      'p1@example.com',
      'p2@example.com',
      'p3@example.com',
    ])
    expectError(await call(mock, 'GET', '/v1/users?cursor=cur_bogus'), 400, 'bad_request')
  })
})

describe('POST /v1/users', () => {
  it('creates a user (201, user.created webhook, audit entry)', async () => {
    const created = await createUser({
      email: 'Carol@Example.com',
      password: 'a-long-passphrase-1',
      name: 'Carol',
      public_metadata: { plan: 'pro' },
    })
    expect(created).toMatchObject({
      email: 'carol@example.com',
      name: 'Carol',
      email_verified: false,
      mfa_enabled: false,
      status: 'active',
      public_metadata: { plan: 'pro' },
    })
    expect(created.id).toMatch(/^usr_/)
    const audit = await call(mock, 'GET', `/v1/audit-logs?action=user.created&resource_id=${created.id}`)
    expect(audit.body.data).toHaveLength(1)
    expect(audit.body.data[0].actor.type).toBe('api_key')
  })

  it('409 conflict for a taken email, phone number or external id', async () => {
    await createUser({ email: 'carol@example.com', phone_number: '+14155550001', external_id: 'x1' })
    expectError(
      await call(mock, 'POST', '/v1/users', { body: { email: 'CAROL@example.com' } }),
      409,
      'conflict',
    )
    const r = await call(mock, 'POST', '/v1/users', {
      body: { email: 'new@example.com', phone_number: '+14155550001', external_id: 'x1' },
    })
    expectError(r, 409, 'conflict')
    expect(r.body.error.details.map((d: any) => d.field).sort()).toEqual(['external_id', 'phone_number'])
  })

  it('422 password_too_weak with one detail per broken rule', async () => {
    const r = await call(mock, 'POST', '/v1/users', {
      body: { email: 'weak@example.com', password: 'short' },
    })
    expectError(r, 422, 'password_too_weak')
    expect(r.body.error.details.map((d: any) => d.code)).toEqual(['min_length'])
  })
})

describe('GET /v1/users/{userId}', () => {
  it('returns the user with private_metadata; 404 user_not_found otherwise', async () => {
    const created = await createUser({ email: 'eve@example.com', private_metadata: { crm: 42 } })
    const r = await call(mock, 'GET', `/v1/users/${created.id}`)
    expect(r.status).toBe(200)
    expect(r.body.private_metadata).toEqual({ crm: 42 })
    expectError(await call(mock, 'GET', '/v1/users/usr_00000000000000000000000000'), 404, 'user_not_found')
  })
})

describe('PATCH /v1/users/{userId}', () => {
  it('updates fields partially; a new email is unverified and gets a verification code', async () => {
    const u = await createUser({ email: 'frank@example.com', email_verified: true, name: 'Frank' })
    const r = await call(mock, 'PATCH', `/v1/users/${u.id}`, {
      body: { email: 'frank2@example.com', external_id: 'user_42', phone_number: '+14155552671' },
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({
      email: 'frank2@example.com',
      email_verified: false,
      name: 'Frank',
      external_id: 'user_42',
      phone_number: '+14155552671',
      phone_verified: false,
    })
    expect(mock.controls.lastMessage({ to: 'frank2@example.com', kind: 'email_verification' })?.code).toMatch(
      /^\d{6}$/,
    )
    const hooks = mock.controls.webhookDeliveries()
    expect(hooks).toEqual([]) // no webhook registered: nothing delivered
  })

  it('enforces uniqueness (409), the password history (422 password_reused) and an empty body (422)', async () => {
    const u = await createUser({ email: 'gina@example.com', password: 'first-long-passphrase' })
    await call(mock, 'PATCH', '/v2/admin/tenants/tnt_demo/auth/config', {
      tenant: null,
      body: { password_policy: { password_history: 3 } },
    })
    expectError(
      await call(mock, 'PATCH', `/v1/users/${u.id}`, { body: { email: 'alice@example.com' } }),
      409,
      'conflict',
    )
    expect(
      (await call(mock, 'PATCH', `/v1/users/${u.id}`, { body: { password: 'second-long-passphrase' } }))
        .status,
    ).toBe(200)
    expectError(
      await call(mock, 'PATCH', `/v1/users/${u.id}`, { body: { password: 'first-long-passphrase' } }),
      422,
      'password_reused',
    )
    expectError(await call(mock, 'PATCH', `/v1/users/${u.id}`, { body: {} }), 422, 'validation_failed')
    expectError(
      await call(mock, 'PATCH', '/v1/users/usr_missing', { body: { name: 'x' } }),
      404,
      'user_not_found',
    )
  })
})

describe('DELETE /v1/users/{userId}', () => {
  it('deletes the user and their memberships; then 404', async () => {
    const users = await call(mock, 'GET', '/v1/users?email=bob@example.com')
    const bob = users.body.data[0]
    expect((await call(mock, 'DELETE', `/v1/users/${bob.id}`)).status).toBe(204)
    expectError(await call(mock, 'GET', `/v1/users/${bob.id}`), 404, 'user_not_found')
    const org = (await call(mock, 'GET', '/v1/organizations')).body.data[0]
    expect(org.members_count).toBe(1)
    expectError(await call(mock, 'DELETE', `/v1/users/${bob.id}`), 404, 'user_not_found')
  })
})

describe('phone verification', () => {
  it('texts a code and verifies it; a wrong code is 401 invalid_code, 5 wrong ones kill it', async () => {
    const u = await createUser({ email: 'hal@example.com', phone_number: '+14155552671' })
    const sent = await call(mock, 'POST', `/v1/users/${u.id}/phone-verification`)
    expect(sent.status).toBe(202)
    expect(sent.body.status).toBe('sent')
    const code = mock.controls.lastMessage({ kind: 'phone_verification' })!.code!
    const wrong = code === '000000' ? '111111' : '000000'
    expectError(
      await call(mock, 'POST', `/v1/users/${u.id}/phone-verification/verify`, { body: { code: wrong } }),
      401,
      'invalid_code',
    )
    const ok = await call(mock, 'POST', `/v1/users/${u.id}/phone-verification/verify`, { body: { code } })
    expect(ok.status).toBe(200)
    expect(ok.body.phone_verified).toBe(true)
    // a new code, then five wrong attempts kill it
    await call(mock, 'POST', `/v1/users/${u.id}/phone-verification`)
    const code2 = mock.controls.lastMessage({ kind: 'phone_verification' })!.code!
    const wrong2 = code2 === '000000' ? '111111' : '000000'
    for (let i = 0; i < 5; i++)
      await call(mock, 'POST', `/v1/users/${u.id}/phone-verification/verify`, { body: { code: wrong2 } })
    expectError(
      await call(mock, 'POST', `/v1/users/${u.id}/phone-verification/verify`, { body: { code: code2 } }),
      401,
      'invalid_code',
    )
  })

  it('expired codes are 401 code_expired; no phone number is 422', async () => {
    const u = await createUser({ email: 'ida@example.com', phone_number: '+14155552672' })
    await call(mock, 'POST', `/v1/users/${u.id}/phone-verification`)
    const code = mock.controls.lastMessage({ kind: 'phone_verification' })!.code!
    await mock.controls.advanceClock(10 * 60_000 + 1)
    expectError(
      await call(mock, 'POST', `/v1/users/${u.id}/phone-verification/verify`, { body: { code } }),
      401,
      'code_expired',
    )
    const nophone = await createUser({ email: 'jo@example.com' })
    expectError(
      await call(mock, 'POST', `/v1/users/${nophone.id}/phone-verification`),
      422,
      'validation_failed',
    )
    expectError(
      await call(mock, 'POST', `/v1/users/${u.id}/phone-verification/verify`, { body: { code: '12ab56' } }),
      422,
      'validation_failed',
    )
  })
})

describe('POST /v1/users/{userId}/impersonate', () => {
  it('issues a short-lived token with an act claim, verifiable with the JWKS, and audits it', async () => {
    const alice = (await call(mock, 'GET', '/v1/users?email=alice@example.com')).body.data[0]
    const r = await call(mock, 'POST', `/v1/users/${alice.id}/impersonate`, {
      body: { reason: 'ticket #1', expires_in: 600 },
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ token_type: 'Bearer', expires_in: 600, user_id: alice.id })
    const jwks = await (await fetch(`${mock.baseUrl}/.well-known/jwks.json`)).json()
    const { payload, protectedHeader } = await jwtVerify(r.body.access_token, createLocalJWKSet(jwks), {
      issuer: mock.baseUrl,
      audience: 'tnt_demo',
      currentDate: new Date(mock.controls.now()),
    })
    expect(protectedHeader.alg).toBe('EdDSA')
    expect(payload).toMatchObject({
      sub: alice.id,
      sid: r.body.session_id,
      tenant_id: 'tnt_demo',
      email: 'alice@example.com',
    })
    expect((payload.act as { sub: string }).sub).toMatch(/^key_/)
    expect(payload.exp! - payload.iat!).toBe(600)
    const audit = await call(mock, 'GET', `/v1/audit-logs?action=user.impersonated`)
    expect(audit.body.data[0]).toMatchObject({
      resource: { type: 'user', id: alice.id },
      metadata: { reason: 'ticket #1' },
    })
  })

  it('refuses banned users (403 user_banned) and unknown users (404)', async () => {
    const u = await createUser({ email: 'kim@example.com' })
    await call(mock, 'PATCH', `/v1/users/${u.id}`, { body: { status: 'banned' } })
    expectError(await call(mock, 'POST', `/v1/users/${u.id}/impersonate`), 403, 'user_banned')
    expectError(await call(mock, 'POST', '/v1/users/usr_missing/impersonate'), 404, 'user_not_found')
    expectError(
      await call(mock, 'POST', `/v1/users/${u.id}/impersonate`, { body: { expires_in: 99999 } }),
      422,
      'validation_failed',
    )
  })
})
