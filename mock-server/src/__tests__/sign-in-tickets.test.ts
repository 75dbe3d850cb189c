import { createLocalJWKSet, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { DEFAULT_SEED, DEMO } from '@hellojohn/mock-server'
import { call, expectError, useMock } from './helpers'

// The demo tenant plus a second one, to show a ticket of one tenant is refused by another.
const mock = useMock({
  seed: {
    tenants: [
      ...DEFAULT_SEED.tenants,
      {
        id: 'tnt_other',
        name: 'Other',
        slug: 'other',
        publishable_key: 'pk_test_other',
        secret_key: 'sk_test_other',
        users: [{ email: 'olga@example.com', password: DEMO.password }],
      },
    ],
  },
})

async function userId(email: string, tenant = 'tnt_demo', token = 'sk_test_demo'): Promise<string> {
  const r = await call(mock, 'GET', `/v1/users?email=${encodeURIComponent(email)}`, { tenant, token })
  return r.body.data[0].id
}

async function ticketFor(
  email: string,
  body?: Record<string, unknown>,
): Promise<{ ticket: string; expires_at: string }> {
  const r = await call(
    mock,
    'POST',
    `/v1/users/${await userId(email)}/sign-in-tickets`,
    body === undefined ? {} : { body },
  )
  expect(r.status).toBe(201)
  return r.body
}

const redeem = (ticket: unknown, opts: { tenant?: string; token?: string } = {}) =>
  call(mock, 'POST', '/v1/auth/sign-in/ticket', {
    token: opts.token ?? 'pk_test_demo',
    tenant: opts.tenant ?? 'tnt_demo',
    body: { ticket },
  })

describe('POST /v1/users/{userId}/sign-in-tickets', () => {
  it('issues a single-use sit_ ticket that lives 60 s by default, and audits it', async () => {
    const before = mock.controls.now()
    const t = await ticketFor(DEMO.alice)
    // the ticket is issued somewhere between `before` and `after` (a loaded machine takes its time)
    const after = mock.controls.now()
    expect(t.ticket).toMatch(/^sit_[0-9A-Za-z_-]{20,}$/)
    expect(Date.parse(t.expires_at)).toBeGreaterThanOrEqual(before + 59_000)
    expect(Date.parse(t.expires_at)).toBeLessThanOrEqual(after + 61_000)
    const log = await call(mock, 'GET', '/v1/audit-logs?action=user.sign_in_ticket_created')
    expect(log.body.data).toHaveLength(1)
    expect(log.body.data[0]).toMatchObject({
      actor: { type: 'api_key' },
      resource: { type: 'user', id: await userId(DEMO.alice) },
    })
    expect(JSON.stringify(log.body)).not.toContain(t.ticket)
  })

  it('needs the secret key: a publishable key is 403, no key 401', async () => {
    const id = await userId(DEMO.alice)
    expectError(
      await call(mock, 'POST', `/v1/users/${id}/sign-in-tickets`, { token: 'pk_test_demo' }),
      403,
      'forbidden',
    )
    expectError(
      await call(mock, 'POST', `/v1/users/${id}/sign-in-tickets`, { token: null }),
      401,
      'unauthorized',
    )
  })

  it('refuses bad input with 422, unknown and other-tenant users with 404, banned users with 403', async () => {
    const id = await userId(DEMO.alice)
    for (const body of [
      { expires_in_seconds: 0 },
      { expires_in_seconds: 601 },
      { expires_in_seconds: 'soon' },
      { mfa_verified: 'yes' },
      { extra: 1 },
    ]) {
      expectError(
        await call(mock, 'POST', `/v1/users/${id}/sign-in-tickets`, { body }),
        422,
        'validation_failed',
      )
    }
    expectError(await call(mock, 'POST', '/v1/users/usr_nobody/sign-in-tickets'), 404, 'user_not_found')
    const olga = await userId('olga@example.com', 'tnt_other', 'sk_test_other')
    expectError(await call(mock, 'POST', `/v1/users/${olga}/sign-in-tickets`), 404, 'user_not_found')
    await call(mock, 'PATCH', `/v1/users/${id}`, { body: { status: 'banned' } })
    expectError(await call(mock, 'POST', `/v1/users/${id}/sign-in-tickets`), 403, 'user_banned')
  })
})

describe('POST /v1/auth/sign-in/ticket', () => {
  it('signs the user in (complete, verifiable tokens) and writes who let them in to the audit log', async () => {
    const { ticket } = await ticketFor(DEMO.alice)
    const r = await redeem(ticket)
    expect(r.status).toBe(200)
    expect(r.body.status).toBe('complete')
    expect(r.body.user.email).toBe(DEMO.alice)
    const jwks = (await call(mock, 'GET', '/.well-known/jwks.json', { token: null, tenant: null })).body
    const { payload } = await jwtVerify(r.body.tokens.access_token, createLocalJWKSet(jwks))
    expect(payload.sub).toBe(r.body.user.id)
    expect(payload.sid).toBe(r.body.session.id)
    const redeemed = await call(mock, 'GET', '/v1/audit-logs?action=user.sign_in_ticket_redeemed')
    expect(redeemed.body.data).toHaveLength(1)
    expect(redeemed.body.data[0]).toMatchObject({
      actor: { type: 'api_key' },
      resource: { type: 'user', id: r.body.user.id },
    })
    const session = await call(mock, 'GET', `/v1/sessions/${r.body.session.id}`)
    expect(session.status).toBe(200)
  })

  it('works once: the second redemption is 401 invalid_ticket', async () => {
    const { ticket } = await ticketFor(DEMO.alice)
    expect((await redeem(ticket)).status).toBe(200)
    expectError(await redeem(ticket), 401, 'invalid_ticket')
  })

  it('expires: after expires_in_seconds it is 401 ticket_expired, and stays dead', async () => {
    const { ticket } = await ticketFor(DEMO.alice, { expires_in_seconds: 5 })
    await mock.controls.advanceClock(5_000)
    expectError(await redeem(ticket), 401, 'ticket_expired')
    expectError(await redeem(ticket), 401, 'invalid_ticket')
  })

  it('is refused by another tenant (401 invalid_ticket) and stays usable in its own', async () => {
    const { ticket } = await ticketFor(DEMO.alice)
    expectError(await redeem(ticket, { tenant: 'tnt_other', token: 'pk_test_other' }), 401, 'invalid_ticket')
    expect((await redeem(ticket)).body.status).toBe('complete')
  })

  it('refuses unknown, empty and malformed tickets', async () => {
    expectError(await redeem('sit_not-a-real-ticket'), 401, 'invalid_ticket')
    expectError(await redeem(''), 422, 'validation_failed')
    expectError(await redeem(42), 422, 'validation_failed')
    expectError(await redeem('x'.repeat(300)), 422, 'validation_failed')
  })

  it('needs the publishable key of the tenant: a secret key is 403', async () => {
    const { ticket } = await ticketFor(DEMO.alice)
    expectError(await redeem(ticket, { token: 'sk_test_demo' }), 403, 'forbidden')
  })

  it('without mfa_verified a user with TOTP still gets the MFA challenge; with it the session is MFA-verified', async () => {
    const plain = await redeem((await ticketFor(DEMO.bob)).ticket)
    expect(plain.body.status).toBe('mfa_required')
    expect(plain.body.factors.map((f: { type: string }) => f.type)).toContain('totp')
    const verified = await redeem((await ticketFor(DEMO.bob, { mfa_verified: true })).ticket)
    expect(verified.body.status).toBe('complete')
    const session = await call(mock, 'GET', `/v1/sessions/${verified.body.session.id}`)
    expect(session.body.mfa_verified).toBe(true)
  })

  it('refuses a user banned after the ticket was issued (403 user_banned)', async () => {
    const { ticket } = await ticketFor(DEMO.alice)
    await call(mock, 'PATCH', `/v1/users/${await userId(DEMO.alice)}`, { body: { status: 'banned' } })
    expectError(await redeem(ticket), 403, 'user_banned')
  })

  it('tickets do not survive a reset of the mock', async () => {
    const { ticket } = await ticketFor(DEMO.alice)
    mock.controls.reset()
    expectError(await redeem(ticket), 401, 'invalid_ticket')
  })
})
