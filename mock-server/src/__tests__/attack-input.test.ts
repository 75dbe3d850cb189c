import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEMO } from '@hellojohn/mock-server/node'
import { call, expectError, useMock } from './helpers'

// Issue 13 item 4 (minus redirect_url): input the service must refuse.
const mock = useMock()

const deep = (levels: number): Record<string, unknown> => {
  let v: Record<string, unknown> = { leaf: true }
  for (let i = 1; i < levels; i++) v = { n: v }
  return v
}
/**
 * The JSON text of `{ [field]: deep(levels) }`, built as text: the server must cope with nesting
 * JSON.stringify cannot.
 */
const deepBody = (field: string, levels: number) =>
  `{"${field}":${'{"n":'.repeat(levels - 1)}{"leaf":true}${'}'.repeat(levels - 1)}}`
const aliceId = async () =>
  (await call(mock, 'GET', `/v1/users?q=${encodeURIComponent(DEMO.alice)}`)).body.data[0].id as string
const signInAlice = () =>
  call(mock, 'POST', '/v1/auth/sign-in', {
    token: DEMO.publishableKey,
    body: { email: DEMO.alice, password: DEMO.password },
  })
const claims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>

describe('metadata caps (depth 5, 8 KiB)', () => {
  it('a 5,000-deep public_metadata is refused with 422, and users and sign-in keep working', async () => {
    const id = await aliceId()
    const r = await call(mock, 'PATCH', `/v1/users/${id}`, { rawBody: deepBody('public_metadata', 5000) })
    expectError(r, 422, 'validation_failed')
    expect(r.body.error.details[0]).toMatchObject({ code: 'max_depth' })
    expect((await call(mock, 'GET', '/v1/users')).status).toBe(200)
    expect((await signInAlice()).status).toBe(200)
  })

  it('depth 5 passes, 6 does not; more than 8 KiB does not', async () => {
    const id = await aliceId()
    expect(
      (await call(mock, 'PATCH', `/v1/users/${id}`, { body: { private_metadata: deep(5) } })).status,
    ).toBe(200)
    expectError(
      await call(mock, 'PATCH', `/v1/users/${id}`, { body: { private_metadata: deep(6) } }),
      422,
      'validation_failed',
    )
    const big = await call(mock, 'PATCH', `/v1/users/${id}`, {
      body: { public_metadata: { blob: 'x'.repeat(8200) } },
    })
    expectError(big, 422, 'validation_failed')
    expect(big.body.error.details[0]).toMatchObject({ field: 'public_metadata', code: 'max_bytes' })
  })

  it('every metadata-carrying write refuses deep metadata (property)', async () => {
    const id = await aliceId()
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 6, max: 3000 }),
        fc.constantFrom('public_metadata', 'private_metadata'),
        async (levels, field) => {
          const r = await call(mock, 'PATCH', `/v1/users/${id}`, { rawBody: deepBody(field, levels) })
          expect(r.status).toBe(422)
        },
      ),
      { numRuns: 15 },
    )
    const org = await call(mock, 'POST', '/v1/organizations', {
      body: { name: 'Deep', public_metadata: deep(40) },
    })
    expectError(org, 422, 'validation_failed')
    const tenant = await call(mock, 'PATCH', `/v1/cp/tenants/${DEMO.tenantId}`, {
      tenant: null,
      body: { metadata: deep(7) },
    })
    expectError(tenant, 422, 'validation_failed')
  })
})

describe('jwt_claims.from_user_metadata', () => {
  const setClaims = (jwt_claims: Record<string, unknown>) =>
    call(mock, 'PATCH', `/v2/admin/tenants/${DEMO.tenantId}/auth/config`, {
      tenant: null,
      body: { jwt_claims },
    })

  it('["toString", "__proto__", "constructor"] does not break sign-in, and copies nothing inherited', async () => {
    expect(
      (
        await setClaims({
          from_user_metadata: ['toString', '__proto__', 'constructor', 'plan'],
          from_tenant_metadata: ['valueOf', 'tier'],
        })
      ).status,
    ).toBe(200)
    const r = await signInAlice()
    expect(r.status).toBe(200)
    const c = claims(r.body.tokens.access_token)
    expect(c).toMatchObject({ plan: 'pro', tier: 'free' })
    for (const k of ['toString', 'constructor', 'valueOf']) expect(Object.hasOwn(c, k), k).toBe(false)
  })

  it('copies only public_metadata: it never stands in for private_metadata, and admin-set static claims win', async () => {
    const id = await aliceId()
    await call(mock, 'PATCH', `/v1/users/${id}`, {
      body: { private_metadata: { is_admin: false, internal_tier: 'gold' } },
    })
    await setClaims({
      static: { is_admin: false },
      from_user_metadata: ['is_admin', 'internal_tier', 'plan'],
    })
    // alice writes her own public_metadata, trying to shadow the admin's values
    const session = await signInAlice()
    await call(mock, 'PATCH', '/v1/me', {
      token: session.body.tokens.access_token,
      tenant: DEMO.tenantId,
      body: { public_metadata: { is_admin: true, plan: 'pro' } },
    })
    const c = claims((await signInAlice()).body.tokens.access_token)
    expect(c['is_admin']).toBe(false)
    expect(Object.hasOwn(c, 'internal_tier')).toBe(false)
    expect(c['plan']).toBe('pro')
  })
})

describe('webhook URLs: no link-local, unique-local or metadata addresses', () => {
  const create = (url: string) =>
    call(mock, 'POST', '/v1/webhooks', { body: { url, events: ['user.created'] } })

  it.each([
    'https://169.254.169.254/latest/meta-data/',
    'http://169.254.169.254/',
    'https://169.254.0.1/hooks',
    'https://[fe80::1]/hooks',
    'https://[fd00:ec2::254]/latest',
    'https://[::ffff:169.254.169.254]/',
    'https://[::ffff:a9fe:a9fe]/',
    'https://2852039166/',
    'https://0xa9fea9fe/',
    'https://169.254.43518/',
    'https://100.100.100.200/latest/meta-data',
    'https://metadata.google.internal/computeMetadata/v1/',
    'https://0.0.0.0/',
    'https://user:pass@hooks.example.com/',
  ])('%s is refused (422)', async (url) => {
    expectError(await create(url), 422, 'validation_failed')
  })

  it.each([
    'http://localhost:4242/hooks',
    'http://127.0.0.1:8080/h',
    'http://[::1]:9000/h',
    'https://hooks.example.com/hj',
    'https://203.0.113.10/hooks',
  ])('%s is accepted', async (url) => {
    expect((await create(url)).status).toBe(201)
  })

  it('any address in 169.254.0.0/16 or fe80::/10 is refused, also by PATCH (property)', async () => {
    const hook = (await create('https://hooks.example.com/hj')).body
    const byte = fc.integer({ min: 0, max: 255 })
    const v6 = fc
      .tuple(fc.integer({ min: 0xfe80, max: 0xfebf }), fc.integer({ min: 0, max: 0xffff }))
      .map(([a, b]) => `[${a.toString(16)}::${b.toString(16)}]`)
    const host = fc.oneof(
      fc.tuple(byte, byte).map(([a, b]) => `169.254.${a}.${b}`),
      v6,
    )
    await fc.assert(
      fc.asyncProperty(host, async (h) => {
        expect((await create(`https://${h}/x`)).status).toBe(422)
        expect(
          (await call(mock, 'PATCH', `/v1/webhooks/${hook.id}`, { body: { url: `https://${h}/x` } })).status,
        ).toBe(422)
      }),
      { numRuns: 25 },
    )
  })
})

describe('/__mock/clock bounds', () => {
  it.each([1e20, -1, 1.5, Number.MAX_SAFE_INTEGER, 'soon', null])(
    'advance_ms %s is a 400 with a clear message; sign-in keeps working',
    async (advance_ms) => {
      const r = await call(mock, 'POST', '/__mock/clock', { token: null, tenant: null, body: { advance_ms } })
      expectError(r, 400, 'bad_request')
      expect(r.body.error.message).toMatch(
        /advance_ms must be a whole number of milliseconds from 0 to \d+ \(10 years\)/,
      )
      expect((await signInAlice()).status).toBe(200)
    },
  )

  it('in process too: advanceClock refuses what would break the clock', async () => {
    await expect(mock.controls.advanceClock(1e20)).rejects.toThrow(RangeError)
    await mock.controls.advanceClock(9 * 365 * 24 * 3600_000)
    await expect(mock.controls.advanceClock(9 * 365 * 24 * 3600_000 * 10)).rejects.toThrow(/10 years|2100/)
    expect((await signInAlice()).status).toBe(200)
  })
})
