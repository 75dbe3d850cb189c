import { createLocalJWKSet, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { DEMO } from '@hellojohn/mock-server/node'
import { call, expectError, useMock } from './helpers'

const mock = useMock()
const CPK = DEMO.controlPlaneKey

describe('clients', () => {
  it('creates public (no secret) and confidential (secret once) clients', async () => {
    const spa = await call(mock, 'POST', '/v1/clients', {
      body: { name: 'Acme SPA', type: 'spa', redirect_uris: ['https://app.acme.com/callback'] },
    })
    expect(spa.status).toBe(201)
    expect(spa.body).toMatchObject({
      type: 'spa',
      has_secret: false,
      grant_types: ['authorization_code', 'refresh_token'],
      scopes: ['openid', 'profile', 'email'],
    })
    const m2m = await call(mock, 'POST', '/v1/clients', { body: { name: 'Worker', type: 'machine' } })
    expect(m2m.body).toMatchObject({ has_secret: true, grant_types: ['client_credentials'] })
    expect(m2m.body.client_secret).toMatch(/^cs_/)
    expect((await call(mock, 'GET', `/v1/clients/${m2m.body.id}`)).body.client_secret).toBeUndefined()
    expectError(
      await call(mock, 'POST', '/v1/clients', {
        body: {
          name: 'Bad',
          type: 'spa',
          grant_types: ['client_credentials'],
          redirect_uris: ['https://a.b/c'],
        },
      }),
      422,
      'validation_failed',
    )
    expectError(
      await call(mock, 'POST', '/v1/clients', { body: { name: 'No redirect', type: 'spa' } }),
      422,
      'validation_failed',
    )
  })

  it('lists, gets, updates, rotates and deletes', async () => {
    const web = (
      await call(mock, 'POST', '/v1/clients', {
        body: { name: 'Web', type: 'web', redirect_uris: ['https://web.example.com/cb'] },
      })
    ).body
    const spa = (
      await call(mock, 'POST', '/v1/clients', {
        body: { name: 'Spa', type: 'spa', redirect_uris: ['https://spa.example.com/cb'] },
      })
    ).body
    expect(
      (await call(mock, 'GET', '/v1/clients?sort=name&order=asc')).body.data.map((c: any) => c.name),
    ).toEqual(['Spa', 'Web'])
    const up = await call(mock, 'PATCH', `/v1/clients/${web.id}`, {
      body: { redirect_uris: ['https://web.example.com/cb', 'http://localhost:5173/cb'] },
    })
    expect(up.body.redirect_uris).toHaveLength(2)
    const rot = await call(mock, 'POST', `/v1/clients/${web.id}/rotate-secret`)
    expect(rot.status).toBe(200)
    expect(rot.body.client_secret).not.toBe(web.client_secret)
    expectError(await call(mock, 'POST', `/v1/clients/${spa.id}/rotate-secret`), 409, 'conflict')
    expect((await call(mock, 'DELETE', `/v1/clients/${spa.id}`)).status).toBe(204)
    expectError(await call(mock, 'GET', `/v1/clients/${spa.id}`), 404, 'client_not_found')
    expectError(
      await call(mock, 'PATCH', `/v1/clients/${spa.id}`, { body: { name: 'x' } }),
      404,
      'client_not_found',
    )
    expectError(await call(mock, 'DELETE', `/v1/clients/${spa.id}`), 404, 'client_not_found')
    expectError(await call(mock, 'GET', '/v1/clients', { token: 'pk_test_demo' }), 403, 'forbidden')
  })
})

describe('audit logs', () => {
  it('records admin actions and sign-ins; filters by actor, action, resource and time', async () => {
    const before = new Date(mock.controls.now() - 1000).toISOString()
    const u = (
      await call(mock, 'POST', '/v1/users', {
        body: { email: 'audited@example.com', password: 'correct-horse-battery-staple' },
      })
    ).body
    await call(mock, 'POST', '/v1/auth/sign-in', {
      token: 'pk_test_demo',
      body: { email: 'audited@example.com', password: 'correct-horse-battery-staple' },
    })
    const all = await call(mock, 'GET', `/v1/audit-logs?since=${encodeURIComponent(before)}&order=asc`)
    const actions = all.body.data.map((a: any) => a.action)
    expect(actions[0]).toBe('user.created')
    expect(actions).toContain('user.signed_in')
    const signIn = all.body.data.find((a: any) => a.action === 'user.signed_in')
    expect(signIn.actor).toEqual({ type: 'user', id: u.id })
    expect(
      (await call(mock, 'GET', `/v1/audit-logs?actor_id=${u.id}`)).body.data.every(
        (a: any) => a.actor.id === u.id,
      ),
    ).toBe(true)
    expect(
      (await call(mock, 'GET', `/v1/audit-logs?resource_type=user&resource_id=${u.id}`)).body.data.map(
        (a: any) => a.action,
      ),
    ).toEqual(['user.created'])
    expect((await call(mock, 'GET', `/v1/audit-logs?until=${encodeURIComponent(before)}`)).body.data).toEqual(
      [],
    )
    expectError(await call(mock, 'GET', '/v1/audit-logs?since=yesterday'), 400, 'bad_request')
    const one = await call(mock, 'GET', `/v1/audit-logs/${signIn.id}`)
    expect(one.body).toEqual(signIn)
    expectError(await call(mock, 'GET', '/v1/audit-logs/aud_missing'), 404, 'audit_log_entry_not_found')
  })
})

describe('control plane', () => {
  it('creates a tenant, issues its keys (shown once), and the new keys work on the data plane', async () => {
    const t = await call(mock, 'POST', '/v1/cp/tenants', {
      tenant: null,
      token: CPK,
      body: { name: 'Acme Inc', metadata: { tier: 'enterprise' } },
    })
    expect(t.status).toBe(201)
    expect(t.body).toMatchObject({
      name: 'Acme Inc',
      slug: 'acme-inc',
      status: 'active',
      metadata: { tier: 'enterprise' },
    })
    expectError(
      await call(mock, 'POST', '/v1/cp/tenants', { tenant: null, token: CPK, body: { name: 'Acme Inc' } }),
      409,
      'conflict',
    )
    const key = await call(mock, 'POST', `/v1/cp/tenants/${t.body.id}/api-keys`, {
      tenant: null,
      token: CPK,
      body: { name: 'backend', type: 'secret' },
    })
    expect(key.status).toBe(201)
    expect(key.body.key).toMatch(/^sk_test_/)
    expect(key.body).toMatchObject({ type: 'secret', environment: 'test', tenant_id: t.body.id })
    const users = await call(mock, 'GET', '/v1/users', { token: key.body.key, tenant: t.body.id })
    expect(users.body.data).toEqual([])
    const listed = await call(mock, 'GET', `/v1/cp/tenants/${t.body.id}/api-keys`, {
      tenant: null,
      token: CPK,
    })
    expect(listed.body.data.map((k: any) => k.id)).toEqual([key.body.id])
    expect(listed.body.data[0].key).toBeUndefined()
    expect(
      (
        await call(mock, 'DELETE', `/v1/cp/tenants/${t.body.id}/api-keys/${key.body.id}`, {
          tenant: null,
          token: CPK,
        })
      ).status,
    ).toBe(204)
    expectError(
      await call(mock, 'GET', '/v1/users', { token: key.body.key, tenant: t.body.id }),
      401,
      'unauthorized',
    )
    expectError(
      await call(mock, 'DELETE', `/v1/cp/tenants/${t.body.id}/api-keys/key_missing`, {
        tenant: null,
        token: CPK,
      }),
      404,
      'api_key_not_found',
    )
    expectError(
      await call(mock, 'POST', `/v1/cp/tenants/${t.body.id}/api-keys`, {
        tenant: null,
        token: CPK,
        body: { name: 'x', type: 'root' },
      }),
      422,
      'validation_failed',
    )
  })

  it('lists, gets, updates and deletes tenants; a tenant cannot delete itself', async () => {
    const t = (
      await call(mock, 'POST', '/v1/cp/tenants', { tenant: null, token: CPK, body: { name: 'Temp' } })
    ).body
    expect(
      (
        await call(mock, 'GET', '/v1/cp/tenants?sort=name&order=asc', { tenant: null, token: CPK })
      ).body.data.map((x: any) => x.name),
    ).toEqual(['Demo', 'Temp'])
    expect((await call(mock, 'GET', `/v1/cp/tenants/${t.id}`, { tenant: null, token: CPK })).body.name).toBe(
      'Temp',
    )
    const up = await call(mock, 'PATCH', `/v1/cp/tenants/${t.id}`, {
      tenant: null,
      token: CPK,
      body: { status: 'suspended' },
    })
    expect(up.body.status).toBe('suspended')
    expectError(await call(mock, 'DELETE', '/v1/cp/tenants/tnt_demo', { tenant: null }), 409, 'conflict')
    expect((await call(mock, 'DELETE', `/v1/cp/tenants/${t.id}`, { tenant: null, token: CPK })).status).toBe(
      204,
    )
    expectError(
      await call(mock, 'GET', `/v1/cp/tenants/${t.id}`, { tenant: null, token: CPK }),
      404,
      'tenant_not_found',
    )
    expectError(
      await call(mock, 'PATCH', `/v1/cp/tenants/${t.id}`, { tenant: null, token: CPK, body: { name: 'x' } }),
      404,
      'tenant_not_found',
    )
    expectError(
      await call(mock, 'GET', `/v1/cp/tenants/${t.id}/api-keys`, { tenant: null, token: CPK }),
      404,
      'tenant_not_found',
    )
    expectError(
      await call(mock, 'GET', '/v1/cp/tenants', { tenant: null, token: 'pk_test_demo' }),
      403,
      'forbidden',
    )
  })
})

describe('tenant administration (/v2/admin)', () => {
  it('reads the auth config with every field of seed 002', async () => {
    const r = await call(mock, 'GET', '/v2/admin/tenants/tnt_demo/auth/config', { tenant: null })
    expect(r.status).toBe(200)
    expect(Object.keys(r.body).sort()).toEqual(
      [
        'tenant_id',
        'allowed_auth_methods',
        'mfa_required',
        'mfa_methods',
        'mfa_required_roles',
        'allowed_email_domains',
        'password_policy',
        'session_config',
        'sso_enabled',
        'sso_required',
        'jwt_claims',
        'allowed_redirect_urls',
        'updated_at',
      ].sort(),
    )
    expect(Object.keys(r.body.password_policy)).toHaveLength(8)
    expectError(
      await call(mock, 'GET', '/v2/admin/tenants/tnt_other/auth/config', { tenant: null }),
      404,
      'tenant_not_found',
    )
  })

  it('PATCH is partial (nested objects merged) and validated', async () => {
    const r = await call(mock, 'PATCH', '/v2/admin/tenants/tnt_demo/auth/config', {
      tenant: null,
      body: {
        mfa_required: true,
        allowed_email_domains: ['acme.com'],
        password_policy: { min_length: 12, require_uppercase: true },
      },
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({
      mfa_required: true,
      allowed_email_domains: ['acme.com'],
      password_policy: {
        min_length: 12,
        require_uppercase: true,
        max_length: 128,
        prevent_common_passwords: true,
      },
    })
    expect(r.body.session_config).toEqual({
      access_token_ttl: 900,
      refresh_token_ttl: 2592000,
      refresh_token_reuse_interval: 10,
    })
    const bad = await call(mock, 'PATCH', '/v2/admin/tenants/tnt_demo/auth/config', {
      tenant: null,
      body: { allowed_auth_methods: ['email_password', 'carrier_pigeon'] },
    })
    expectError(bad, 422, 'validation_failed')
    expect(bad.body.error.details[0].field).toBe('allowed_auth_methods[1]')
    expectError(
      await call(mock, 'PATCH', '/v2/admin/tenants/tnt_demo/auth/config', {
        tenant: null,
        body: { password_policy: { min_length: 200 } },
      }),
      422,
      'validation_failed',
    )
    expectError(
      await call(mock, 'PATCH', '/v2/admin/tenants/tnt_demo/auth/config', {
        tenant: null,
        body: { session_config: { access_token_ttl: 7200, refresh_token_ttl: 3600 } },
      }),
      422,
      'validation_failed',
    )
    expectError(
      await call(mock, 'PATCH', '/v2/admin/tenants/tnt_demo/auth/config', { tenant: null, body: {} }),
      422,
      'validation_failed',
    )
    // the config is live: sign-in outside the allowed domains is now refused
    const signIn = await call(mock, 'POST', '/v1/auth/sign-in', {
      token: 'pk_test_demo',
      body: { email: 'alice@example.com', password: 'correct-horse-battery-staple' },
    })
    expectError(signIn, 403, 'email_domain_not_allowed')
  })

  it('jwt_claims and session_config reach new tokens', async () => {
    await call(mock, 'PATCH', '/v2/admin/tenants/tnt_demo/auth/config', {
      tenant: null,
      body: {
        session_config: { access_token_ttl: 300 },
        jwt_claims: {
          static: { app_name: 'Acme Portal' },
          from_user_metadata: ['plan'],
          from_tenant_metadata: ['tier'],
        },
      },
    })
    const r = await call(mock, 'POST', '/v1/auth/sign-in', {
      token: 'pk_test_demo',
      body: { email: 'alice@example.com', password: 'correct-horse-battery-staple' },
    })
    expect(r.body.tokens.expires_in).toBe(300)
    const jwks = await (await fetch(`${mock.baseUrl}/.well-known/jwks.json`)).json()
    const { payload } = await jwtVerify(r.body.tokens.access_token, createLocalJWKSet(jwks), {
      currentDate: new Date(mock.controls.now()),
    })
    expect(payload).toMatchObject({ app_name: 'Acme Portal', plan: 'pro', tier: 'free' })
    expect(payload.exp! - payload.iat!).toBe(300)
  })

  it('OAuth providers: client_secret is write-only; upsert replaces; delete 404s after', async () => {
    const created = await call(mock, 'POST', '/v2/admin/tenants/tnt_demo/oauth/providers', {
      tenant: null,
      body: { provider: 'google', client_id: 'cid.apps.googleusercontent.com', client_secret: 'shh' },
    })
    expect(created.status).toBe(201)
    expect(created.body.client_secret).toBeUndefined()
    expect(created.body).toMatchObject({
      provider: 'google',
      client_id: 'cid.apps.googleusercontent.com',
      enabled: true,
    })
    await call(mock, 'POST', '/v2/admin/tenants/tnt_demo/oauth/providers', {
      tenant: null,
      body: { provider: 'google', client_id: 'cid2', client_secret: 'shh2', enabled: false },
    })
    const list = await call(mock, 'GET', '/v2/admin/tenants/tnt_demo/oauth/providers', { tenant: null })
    expect(list.body.data).toHaveLength(1)
    expect(list.body.data[0]).toMatchObject({ client_id: 'cid2', enabled: false })
    expect(JSON.stringify(list.body)).not.toContain('shh')
    expectError(
      await call(mock, 'POST', '/v2/admin/tenants/tnt_demo/oauth/providers', {
        tenant: null,
        body: { provider: 'myspace', client_id: 'x', client_secret: 'y' },
      }),
      422,
      'validation_failed',
    )
    expect(
      (await call(mock, 'DELETE', '/v2/admin/tenants/tnt_demo/oauth/providers/google', { tenant: null }))
        .status,
    ).toBe(204)
    expectError(
      await call(mock, 'DELETE', '/v2/admin/tenants/tnt_demo/oauth/providers/google', { tenant: null }),
      404,
      'oauth_provider_not_found',
    )
    expectError(
      await call(mock, 'GET', '/v2/admin/tenants/tnt_demo/oauth/providers', {
        tenant: null,
        token: 'pk_test_demo',
      }),
      403,
      'forbidden',
    )
  })

  it("user MFA: lists bob's TOTP factor and resets it (mfa.removed)", async () => {
    await call(mock, 'POST', '/v1/webhooks', {
      body: { url: 'https://hooks.example.com/hj', events: ['mfa.removed'] },
    })
    const bob = (await call(mock, 'GET', '/v1/users?email=bob@example.com')).body.data[0]
    const mfa = await call(mock, 'GET', `/v2/admin/users/${bob.id}/mfa`)
    expect(mfa.status).toBe(200)
    expect(mfa.body).toMatchObject({ user_id: bob.id, mfa_enabled: true, backup_codes_remaining: 0 })
    expect(mfa.body.factors.map((f: any) => [f.type, f.status])).toEqual([['totp', 'active']])
    const reset = await call(mock, 'DELETE', `/v2/admin/users/${bob.id}/mfa`)
    expect(reset.body).toEqual({ user_id: bob.id, factors_removed: 1 })
    expect((await call(mock, 'GET', `/v2/admin/users/${bob.id}/mfa`)).body).toMatchObject({
      mfa_enabled: false,
      factors: [],
    })
    expect(mock.controls.webhookDeliveries().map((d) => d.event_type)).toEqual(['mfa.removed'])
    // bob now signs in without MFA
    const signIn = await call(mock, 'POST', '/v1/auth/sign-in', {
      token: 'pk_test_demo',
      body: { email: 'bob@example.com', password: 'correct-horse-battery-staple' },
    })
    expect(signIn.body.status).toBe('complete')
    expectError(await call(mock, 'GET', '/v2/admin/users/usr_missing/mfa'), 404, 'user_not_found')
    expectError(await call(mock, 'DELETE', '/v2/admin/users/usr_missing/mfa'), 404, 'user_not_found')
  })
})

describe('discovery', () => {
  it('serves the JWKS (Ed25519, kid, cached) and the rotation keeps old tokens verifiable until retirement', async () => {
    const r = await call(mock, 'GET', '/.well-known/jwks.json', { token: null, tenant: null })
    expect(r.headers.get('cache-control')).toBe('public, max-age=300')
    // one Ed25519 key signs tokens; the RSA key signs only the ID tokens of clients registered for RS256
    expect(r.body.keys).toHaveLength(2)
    expect(r.body.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' })
    expect(r.body.keys[1]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' })
    const rsaKid = r.body.keys[1].kid
    const alice = (await call(mock, 'GET', '/v1/users?email=alice@example.com')).body.data[0]
    const old = (await call(mock, 'POST', `/v1/users/${alice.id}/impersonate`)).body.access_token
    const oldKid = r.body.keys[0].kid
    const newKid = await mock.controls.rotateSigningKey()
    const after = await call(mock, 'GET', '/.well-known/jwks.json', { token: null, tenant: null })
    expect(after.body.keys.map((k: any) => k.kid)).toEqual([newKid, oldKid, rsaKid])
    const fresh = (await call(mock, 'POST', `/v1/users/${alice.id}/impersonate`)).body.access_token
    const verify = async (token: string, jwks: unknown) =>
      jwtVerify(token, createLocalJWKSet(jwks as never), { currentDate: new Date(mock.controls.now()) })
    expect((await verify(fresh, after.body)).protectedHeader.kid).toBe(newKid)
    expect((await verify(old, after.body)).protectedHeader.kid).toBe(oldKid)
    expect(mock.controls.retireSigningKey(oldKid)).toBe(true)
    const retired = await call(mock, 'GET', '/.well-known/jwks.json', { token: null, tenant: null })
    expect(retired.body.keys.map((k: any) => k.kid)).toEqual([newKid, rsaKid])
    await expect(verify(old, retired.body)).rejects.toThrow()
    expectError(await call(mock, 'GET', '/v1/oauth/userinfo', { token: old }), 401, 'invalid_token')
  })

  it('serves OIDC discovery with the base URL as issuer, and the OpenAPI document', async () => {
    const oidc = await call(mock, 'GET', '/.well-known/openid-configuration', { token: null, tenant: null })
    expect(oidc.body).toMatchObject({
      issuer: mock.baseUrl,
      jwks_uri: `${mock.baseUrl}/.well-known/jwks.json`,
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['EdDSA', 'RS256'],
    })
    const spec = await call(mock, 'GET', '/openapi.json', { token: null, tenant: null })
    expect(spec.body.openapi).toMatch(/^3\.1/)
    expect(Object.keys(spec.body.paths).length).toBeGreaterThan(50)
    expect(Object.keys(spec.body.paths).some((p) => p.startsWith('/__mock'))).toBe(false)
    // discovery is public: even a broken bearer is ignored, but the rate limit still applies and reports
    const withJunk = await call(mock, 'GET', '/.well-known/openid-configuration', {
      token: 'junk',
      tenant: null,
    })
    expect(withJunk.status).toBe(200)
    mock.controls.fault({ path: '/.well-known/jwks.json', status: 429 })
    expect((await fetch(`${mock.baseUrl}/.well-known/jwks.json`)).status).toBe(429)
  })
})
