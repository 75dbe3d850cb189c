import { describe, expect, it } from 'vitest'
import {
  BASE,
  PASSWORD,
  PK,
  call,
  claimsOf,
  expectError,
  lastMessage,
  patchAuthConfig,
  signIn,
  signInAlice,
  theMock,
  useAuthMock,
} from './auth-harness'

useAuthMock()

describe('sign-up', () => {
  it('creates the user and a session, emits user.created and session.created', async () => {
    const r = await call('POST', '/v1/auth/sign-up', {
      body: { email: 'Carol@Example.com', password: 'a-long-enough-secret', name: 'Carol' },
    })
    expect(r.status).toBe(201)
    expect(r.body.status).toBe('complete')
    expect(r.body.user).toMatchObject({
      email: 'carol@example.com',
      name: 'Carol',
      email_verified: false,
      mfa_enabled: false,
    })
    expect(r.body.user).not.toHaveProperty('private_metadata')
    const claims = claimsOf(r.body.tokens.access_token)
    expect(claims).toMatchObject({
      iss: BASE,
      aud: 'tnt_demo',
      azp: PK,
      sub: r.body.user.id,
      sid: r.body.session.id,
      tenant_id: 'tnt_demo',
      mfa_verified: false,
    })
    const again = await signIn('carol@example.com', 'a-long-enough-secret')
    expect(again.status).toBe('complete')
  })

  it('refuses a taken email (409), a weak password (422 with details) and a disabled method (403)', async () => {
    expectError(
      await call('POST', '/v1/auth/sign-up', {
        body: { email: 'alice@example.com', password: 'whatever-long-1' },
      }),
      409,
      'conflict',
    )
    const weak = expectError(
      await call('POST', '/v1/auth/sign-up', { body: { email: 'dan@example.com', password: 'short' } }),
      422,
      'password_too_weak',
    )
    expect(weak.details?.map((d) => d.code)).toContain('min_length')
    await patchAuthConfig({
      password_policy: {
        min_length: 10,
        require_uppercase: true,
        require_numbers: true,
        require_symbols: true,
      },
    })
    const many = expectError(
      await call('POST', '/v1/auth/sign-up', { body: { email: 'dan@example.com', password: 'lowercase' } }),
      422,
      'password_too_weak',
    )
    expect(many.details?.map((d) => d.code).sort()).toEqual([
      'min_length',
      'require_numbers',
      'require_symbols',
      'require_uppercase',
    ])
    await patchAuthConfig({ allowed_auth_methods: ['magic_link'] })
    expectError(
      await call('POST', '/v1/auth/sign-up', {
        body: { email: 'dan@example.com', password: 'Str0ng!Passw0rd' },
      }),
      403,
      'auth_method_disabled',
    )
  })

  it('enforces allowed_email_domains', async () => {
    await patchAuthConfig({ allowed_email_domains: ['acme.com'] })
    expectError(
      await call('POST', '/v1/auth/sign-up', {
        body: { email: 'eve@example.com', password: 'a-long-enough-secret' },
      }),
      403,
      'email_domain_not_allowed',
    )
    const ok = await call('POST', '/v1/auth/sign-up', {
      body: { email: 'eve@acme.com', password: 'a-long-enough-secret' },
    })
    expect(ok.status).toBe(201)
  })

  it('answers mfa_enrollment_required when the tenant requires MFA', async () => {
    await patchAuthConfig({ mfa_required: true })
    const r = await call('POST', '/v1/auth/sign-up', {
      body: { email: 'frank@example.com', password: 'a-long-enough-secret' },
    })
    expect(r.status).toBe(201)
    expect(r.body.status).toBe('mfa_enrollment_required')
    expect(r.body.enrollment_token).toMatch(/^enr_/)
    expect(r.body.allowed_methods).toEqual(expect.arrayContaining(['totp', 'webauthn']))
  })
})

describe('events and audit', () => {
  it('sign-up and sign-in emit signed user.created / session.created webhooks and audit entries', async () => {
    const wh = await call('POST', '/v1/webhooks', {
      token: 'sk_test_demo',
      body: {
        url: 'https://hooks.example.com/hj',
        events: ['user.created', 'session.created', 'session.revoked'],
      },
    })
    expect(wh.status).toBe(201)
    const up = await call('POST', '/v1/auth/sign-up', {
      body: { email: 'ivy@example.com', password: 'a-long-enough-secret' },
    })
    await call('POST', '/v1/auth/sign-out', { token: up.body.tokens.access_token })
    const deliveries = theMock().controls.webhookDeliveries()
    expect(deliveries.map((d) => d.event_type)).toEqual([
      'user.created',
      'session.created',
      'session.revoked',
    ])
    const created = JSON.parse(deliveries[1]!.payload)
    expect(created.data.object).toMatchObject({
      id: up.body.session.id,
      user_id: up.body.user.id,
      tenant_id: 'tnt_demo',
    })
    const actions = [...theMock().state.db.auditLog.values()].map((a) => a.action)
    expect(actions).toEqual(expect.arrayContaining(['user.created', 'user.signed_in', 'user.signed_out']))
  })
})

describe('pipeline behaviour on the auth endpoints', () => {
  it('replays a sign-up with the same Idempotency-Key instead of failing with 409', async () => {
    const body = { email: 'jo@example.com', password: 'a-long-enough-secret' }
    const a = await call('POST', '/v1/auth/sign-up', { body, headers: { 'Idempotency-Key': 'signup-jo-1' } })
    const b = await call('POST', '/v1/auth/sign-up', { body, headers: { 'Idempotency-Key': 'signup-jo-1' } })
    expect(a.status).toBe(201)
    expect(b.status).toBe(201)
    expect(b.headers.get('idempotent-replayed')).toBe('true')
    expect(b.body.user.id).toBe(a.body.user.id)
    expectError(await call('POST', '/v1/auth/sign-up', { body }), 409, 'conflict')
  })

  it('limits sign-in to 10 per minute per IP (429 with Retry-After)', async () => {
    theMock().controls.setRateLimit(true)
    // start at the beginning of a one-minute window, so the 11 calls cannot straddle two windows on a slow
    // machine
    const clock = theMock().state.clock
    await theMock().controls.advanceClock(60_000 - (clock.now() % 60_000) + 1)
    try {
      for (let i = 0; i < 10; i++) {
        const r = await call('POST', '/v1/auth/sign-in', {
          body: { email: 'alice@example.com', password: 'wrong-password' },
        })
        expect(r.status).toBe(401)
        expect(r.headers.get('x-ratelimit-remaining')).toBe(String(9 - i))
      }
      const limited = await call('POST', '/v1/auth/sign-in', {
        body: { email: 'alice@example.com', password: PASSWORD },
      })
      expectError(limited, 429, 'rate_limited')
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    } finally {
      theMock().controls.setRateLimit(false)
    }
  })
})

describe('sign-in', () => {
  it('signs alice in with tokens and audits it', async () => {
    const r = await signIn('alice@example.com')
    expect(r.status).toBe('complete')
    expect(r.tokens.token_type).toBe('Bearer')
    expect(r.tokens.expires_in).toBe(900)
    const entries = [...theMock().state.db.auditLog.values()].filter((a) => a.action === 'user.signed_in')
    expect(entries).toHaveLength(1)
  })

  it('answers 401 invalid_credentials for a wrong password or an unknown email, and audits the attempt', async () => {
    expectError(
      await call('POST', '/v1/auth/sign-in', {
        body: { email: 'alice@example.com', password: 'wrong-password' },
      }),
      401,
      'invalid_credentials',
    )
    expectError(
      await call('POST', '/v1/auth/sign-in', {
        body: { email: 'nobody@example.com', password: 'wrong-password' },
      }),
      401,
      'invalid_credentials',
    )
    const failed = [...theMock().state.db.auditLog.values()].filter((a) => a.action === 'user.sign_in_failed')
    expect(failed).toHaveLength(2)
  })

  it('refuses a banned user with 403 user_banned', async () => {
    const alice = [...theMock().state.db.users.values()].find((u) => u.email === 'alice@example.com')!
    const r = await call('PATCH', `/v1/users/${alice.id}`, {
      token: 'sk_test_demo',
      body: { status: 'banned' },
    })
    expect(r.status).toBe(200)
    expectError(
      await call('POST', '/v1/auth/sign-in', { body: { email: 'alice@example.com', password: PASSWORD } }),
      403,
      'user_banned',
    )
  })

  it('answers mfa_required for bob (active TOTP) with masked factors', async () => {
    const r = await signIn('bob@example.com')
    expect(r.status).toBe('mfa_required')
    expect(r.challenge_id).toMatch(/^chl_/)
    expect(r.factors).toEqual([expect.objectContaining({ type: 'totp', hint: null })])
    expect(Date.parse(r.expires_at) - theMock().controls.now()).toBeGreaterThan(4 * 60_000)
  })

  it('requires MFA by organization setting and by role', async () => {
    const org = [...theMock().state.db.organizations.values()][0]!
    org.settings.mfa_required = true
    expect((await signIn('alice@example.com')).status).toBe('mfa_enrollment_required')
    org.settings.mfa_required = false
    expect((await signIn('alice@example.com')).status).toBe('complete')
    await patchAuthConfig({ mfa_required_roles: ['owner'] })
    expect((await signIn('alice@example.com')).status).toBe('mfa_enrollment_required')
  })

  it('uses session_config TTLs and jwt_claims', async () => {
    await patchAuthConfig({
      session_config: { access_token_ttl: 120, refresh_token_ttl: 3600 },
      jwt_claims: { static: { app: 'demo' }, from_user_metadata: ['plan'], from_tenant_metadata: ['tier'] },
    })
    const r = await signIn('alice@example.com')
    const c = claimsOf(r.tokens.access_token)
    expect(c.exp - c.iat).toBe(120)
    expect(r.tokens.expires_in).toBe(120)
    expect(c).toMatchObject({ app: 'demo', plan: 'pro', tier: 'free' })
    expect(Date.parse(r.session.expires_at) - theMock().controls.now()).toBeLessThanOrEqual(3600_000)
  })

  it('needs the publishable key (a secret key is refused) and the tenant header', async () => {
    expectError(
      await call('POST', '/v1/auth/sign-in', {
        token: null,
        body: { email: 'alice@example.com', password: PASSWORD },
      }),
      401,
      'unauthorized',
    )
    expectError(
      await call('POST', '/v1/auth/sign-in', {
        tenant: null,
        body: { email: 'alice@example.com', password: PASSWORD },
      }),
      400,
      'tenant_required',
    )
  })
})

describe('sign-out and refresh', () => {
  it('rotates refresh tokens; reusing a spent one after the reuse interval revokes the session (refresh_token_reused)', async () => {
    const { refresh } = await signInAlice()
    const r1 = await call('POST', '/v1/auth/token/refresh', { body: { refresh_token: refresh } })
    expect(r1.status).toBe(200)
    expect(r1.body.status).toBe('complete')
    const next = r1.body.tokens.refresh_token
    expect(next).not.toBe(refresh)
    await theMock().controls.advanceClock(10_000) // the default refresh_token_reuse_interval (10 s) is over
    expectError(
      await call('POST', '/v1/auth/token/refresh', { body: { refresh_token: refresh } }),
      401,
      'refresh_token_reused',
    )
    expectError(
      await call('POST', '/v1/auth/token/refresh', { body: { refresh_token: next } }),
      401,
      'session_revoked',
    )
    const session = theMock().state.db.sessions.get(r1.body.session.id)
    expect(session?.status).toBe('revoked')
  })

  it('within refresh_token_reuse_interval (default 10 s) a spent refresh token gets the same successor pair; the session stays live', async () => {
    const { refresh } = await signInAlice()
    const first = await call('POST', '/v1/auth/token/refresh', { body: { refresh_token: refresh } })
    await theMock().controls.advanceClock(9_000)
    const again = await call('POST', '/v1/auth/token/refresh', { body: { refresh_token: refresh } })
    expect(again.status).toBe(200)
    expect(again.body.tokens).toEqual(first.body.tokens)
    expect(again.body.session).toEqual(first.body.session)
    expect(theMock().state.db.sessions.get(first.body.session.id)?.status).toBe('active')
    // the successor still rotates normally, and the session answers its access token
    const next = await call('POST', '/v1/auth/token/refresh', {
      body: { refresh_token: first.body.tokens.refresh_token },
    })
    expect(next.status).toBe(200)
    expect((await call('GET', '/v1/me', { token: next.body.tokens.access_token })).status).toBe(200)
  })

  it('refresh_token_reuse_interval is a tenant setting: 0 turns the grace off, out of range is refused', async () => {
    const config = await call('PATCH', '/v2/admin/tenants/tnt_demo/auth/config', {
      token: 'sk_test_demo',
      body: { session_config: { refresh_token_reuse_interval: 0 } },
    })
    expect(config.status).toBe(200)
    expect(config.body.session_config.refresh_token_reuse_interval).toBe(0)
    const { refresh } = await signInAlice()
    const first = await call('POST', '/v1/auth/token/refresh', { body: { refresh_token: refresh } })
    expectError(
      await call('POST', '/v1/auth/token/refresh', { body: { refresh_token: refresh } }),
      401,
      'refresh_token_reused',
    )
    expect(theMock().state.db.sessions.get(first.body.session.id)?.status).toBe('revoked')
    for (const bad of [-1, 301, 1.5]) {
      expectError(
        await call('PATCH', '/v2/admin/tenants/tnt_demo/auth/config', {
          token: 'sk_test_demo',
          body: { session_config: { refresh_token_reuse_interval: bad } },
        }),
        422,
        'validation_failed',
      )
    }
  })

  it('the reuse grace never revives an ended session: after sign-out the spent token fails', async () => {
    const { refresh } = await signInAlice()
    const first = await call('POST', '/v1/auth/token/refresh', { body: { refresh_token: refresh } })
    expect((await call('POST', '/v1/auth/sign-out', { token: first.body.tokens.access_token })).status).toBe(
      204,
    )
    const e = await call('POST', '/v1/auth/token/refresh', { body: { refresh_token: refresh } })
    expect(e.status).toBe(401)
    expect(['refresh_token_reused', 'session_revoked']).toContain(e.body.error.code)
  })

  it('a refresh token dies with the session after refresh_token_ttl', async () => {
    await patchAuthConfig({ session_config: { refresh_token_ttl: 3600 } })
    const { refresh } = await signInAlice()
    await theMock().controls.advanceClock(3600_000 + 1000)
    expectError(
      await call('POST', '/v1/auth/token/refresh', { body: { refresh_token: refresh } }),
      401,
      'session_revoked',
    )
  })

  it('answers invalid_refresh_token for an unknown token', async () => {
    expectError(
      await call('POST', '/v1/auth/token/refresh', { body: { refresh_token: 'rt_nope' } }),
      401,
      'invalid_refresh_token',
    )
  })

  it('sign-out revokes the session: its refresh token fails at once', async () => {
    const { access, refresh } = await signInAlice()
    const r = await call('POST', '/v1/auth/sign-out', { token: access })
    expect(r.status).toBe(204)
    expectError(
      await call('POST', '/v1/auth/token/refresh', { body: { refresh_token: refresh } }),
      401,
      'session_revoked',
    )
    expectError(await call('POST', '/v1/auth/sign-out', { token: 'not-a-jwt' }), 401, 'invalid_token')
  })
})

describe('magic links', () => {
  it('sends a single-use link to the outbox and signs in with it', async () => {
    const r = await call('POST', '/v1/auth/magic-link', {
      body: { email: 'alice@example.com', redirect_url: 'http://localhost:5173/auth/callback' },
    })
    expect(r.status).toBe(202)
    expect(r.body.status).toBe('sent')
    const msg = lastMessage('magic_link', 'alice@example.com')
    expect(msg.link).toMatch(/^http:\/\/localhost:5173\/auth\/callback\?token=/)
    const token = new URL(msg.link!).searchParams.get('token')!
    const v = await call('POST', '/v1/auth/magic-link/verify', { body: { token } })
    expect(v.status).toBe(200)
    expect(v.body.status).toBe('complete')
    expectError(await call('POST', '/v1/auth/magic-link/verify', { body: { token } }), 401, 'invalid_link')
  })

  it('expires after 15 minutes', async () => {
    await call('POST', '/v1/auth/magic-link', {
      body: { email: 'alice@example.com', redirect_url: 'http://localhost:5173/cb' },
    })
    const token = lastMessage('magic_link').token!
    await theMock().controls.advanceClock(15 * 60_000 + 1000)
    expectError(await call('POST', '/v1/auth/magic-link/verify', { body: { token } }), 401, 'link_expired')
  })

  it('creates an account for a new email and respects the tenant rules', async () => {
    await call('POST', '/v1/auth/magic-link', {
      body: { email: 'gina@example.com', redirect_url: 'http://localhost:5173/cb' },
    })
    const v = await call('POST', '/v1/auth/magic-link/verify', {
      body: { token: lastMessage('magic_link', 'gina@example.com').token },
    })
    expect(v.body.user).toMatchObject({ email: 'gina@example.com', email_verified: true })
    await patchAuthConfig({ allowed_email_domains: ['acme.com'] })
    expectError(
      await call('POST', '/v1/auth/magic-link', {
        body: { email: 'alice@example.com', redirect_url: 'http://localhost:5173/cb' },
      }),
      403,
      'email_domain_not_allowed',
    )
    await patchAuthConfig({ allowed_email_domains: [], allowed_auth_methods: ['email_password'] })
    expectError(
      await call('POST', '/v1/auth/magic-link', {
        body: { email: 'alice@example.com', redirect_url: 'http://localhost:5173/cb' },
      }),
      403,
      'auth_method_disabled',
    )
  })

  it('turns into mfa_required for a user with a factor', async () => {
    await call('POST', '/v1/auth/magic-link', {
      body: { email: 'bob@example.com', redirect_url: 'http://localhost:5173/cb' },
    })
    const v = await call('POST', '/v1/auth/magic-link/verify', {
      body: { token: lastMessage('magic_link', 'bob@example.com').token },
    })
    expect(v.body.status).toBe('mfa_required')
  })
})

describe('password reset', () => {
  it('resets with the emailed token (single use), revokes sessions, and the new password works', async () => {
    const { refresh } = await signInAlice()
    const f = await call('POST', '/v1/auth/password/forgot', {
      body: { email: 'alice@example.com', redirect_url: 'http://localhost:5173/reset' },
    })
    expect(f.status).toBe(202)
    const token = lastMessage('password_reset', 'alice@example.com').token!
    const r = await call('POST', '/v1/auth/password/reset', {
      body: { token, password: 'a-brand-new-passphrase' },
    })
    expect(r.status).toBe(204)
    expectError(
      await call('POST', '/v1/auth/token/refresh', { body: { refresh_token: refresh } }),
      401,
      'session_revoked',
    )
    expectError(
      await call('POST', '/v1/auth/sign-in', { body: { email: 'alice@example.com', password: PASSWORD } }),
      401,
      'invalid_credentials',
    )
    expect((await signIn('alice@example.com', 'a-brand-new-passphrase')).status).toBe('complete')
    expectError(
      await call('POST', '/v1/auth/password/reset', { body: { token, password: 'another-new-passphrase' } }),
      401,
      'invalid_link',
    )
  })

  it('rejects a malformed email with 422 validation_failed', async () => {
    expectError(
      await call('POST', '/v1/auth/password/forgot', { body: { email: 'not-an-email' } }),
      422,
      'validation_failed',
    )
    expectError(await call('POST', '/v1/auth/email/verification', { body: {} }), 422, 'validation_failed')
  })

  it('answers the same for an unknown account and refuses reused passwords and expired links', async () => {
    const before = theMock().controls.outbox().length
    expect(
      (await call('POST', '/v1/auth/password/forgot', { body: { email: 'nobody@example.com' } })).status,
    ).toBe(202)
    expect(theMock().controls.outbox()).toHaveLength(before)
    await patchAuthConfig({ password_policy: { password_history: 3 } })
    await call('POST', '/v1/auth/password/forgot', { body: { email: 'alice@example.com' } })
    const token = lastMessage('password_reset').token!
    expectError(
      await call('POST', '/v1/auth/password/reset', { body: { token, password: PASSWORD } }),
      422,
      'password_reused',
    )
    await theMock().controls.advanceClock(61 * 60_000)
    expectError(
      await call('POST', '/v1/auth/password/reset', { body: { token, password: 'a-brand-new-passphrase' } }),
      401,
      'link_expired',
    )
  })
})

describe('email verification', () => {
  it('verifies with the emailed code', async () => {
    await call('POST', '/v1/auth/sign-up', {
      body: { email: 'hal@example.com', password: 'a-long-enough-secret' },
    })
    const s = await call('POST', '/v1/auth/email/verification', { body: { email: 'hal@example.com' } })
    expect(s.status).toBe(202)
    const code = lastMessage('email_verification', 'hal@example.com').code!
    const v = await call('POST', '/v1/auth/email/verify', { body: { email: 'hal@example.com', code } })
    expect(v.status).toBe(200)
    expect(v.body).toMatchObject({ email: 'hal@example.com', email_verified: true })
  })

  it('refuses a wrong code, dies after 5 wrong attempts, and expires', async () => {
    await call('POST', '/v1/auth/email/verification', { body: { email: 'alice@example.com' } })
    const code = lastMessage('email_verification').code!
    const wrong = code === '000000' ? '111111' : '000000'
    for (let i = 0; i < 5; i++)
      expectError(
        await call('POST', '/v1/auth/email/verify', { body: { email: 'alice@example.com', code: wrong } }),
        401,
        'invalid_code',
      )
    expectError(
      await call('POST', '/v1/auth/email/verify', { body: { email: 'alice@example.com', code } }),
      401,
      'invalid_code',
    )
    await call('POST', '/v1/auth/email/verification', { body: { email: 'alice@example.com' } })
    const fresh = lastMessage('email_verification').code!
    await theMock().controls.advanceClock(16 * 60_000)
    expectError(
      await call('POST', '/v1/auth/email/verify', { body: { email: 'alice@example.com', code: fresh } }),
      401,
      'code_expired',
    )
  })
})
