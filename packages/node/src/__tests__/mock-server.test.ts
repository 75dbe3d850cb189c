import express from 'express'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createMockState, DEFAULT_SEED } from '@hellojohn/mock-server'
import { setupHelloJohnMock } from '@hellojohn/mock-server/node'
import {
  authenticateRequest,
  createJwksCache,
  createTokenVerifier,
  requireAuth,
  verifyToken,
  verifyWebhook,
  type TokenVerifierOptions,
} from '@hellojohn/node'

/** Every webhook delivery the mock makes, with its exact headers and body. */
const delivered: Array<{ url: string; headers: Record<string, string>; body: string }> = []
const mock = setupHelloJohnMock({
  rateLimit: false,
  state: createMockState(DEFAULT_SEED, {
    rateLimit: false,
    deliverer: async (request) => {
      delivered.push(request)
      return 204
    },
  }),
})
const { baseUrl, controls } = mock
const PASSWORD = 'correct-horse-battery-staple'
const publicHeaders = {
  'content-type': 'application/json',
  authorization: 'Bearer pk_test_demo',
  'x-tenant-id': 'tnt_demo',
}
const adminHeaders = {
  'content-type': 'application/json',
  authorization: 'Bearer sk_test_demo',
  'x-tenant-id': 'tnt_demo',
}

beforeAll(() => controls.reset())
afterEach(() => {
  vi.unstubAllEnvs()
  controls.reset() // clock, keys, data and faults back to the seed
})
afterAll(() => mock.close())

interface Tokens {
  access_token: string
  refresh_token: string
}

async function post(path: string, body: unknown, headers: Record<string, string> = publicHeaders) {
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

async function signInAlice(): Promise<string> {
  const { status, body } = await post('/v1/auth/sign-in', { email: 'alice@example.com', password: PASSWORD })
  expect(status).toBe(200)
  expect(body.status).toBe('complete')
  return (body.tokens as Tokens).access_token
}

/** Bob has TOTP: sign-in answers mfa_required, the TOTP code completes it with an mfa_verified token. */
async function signInBobWithTotp(): Promise<string> {
  const first = await post('/v1/auth/sign-in', { email: 'bob@example.com', password: PASSWORD })
  expect(first.body.status).toBe('mfa_required')
  const factors = first.body.factors as Array<{ id: string; type: string }>
  const totp = factors.find((f) => f.type === 'totp')!
  const second = await post(`/v1/mfa/challenges/${String(first.body.challenge_id)}/verify`, {
    factor_id: totp.id,
    code: controls.totpCode(),
  })
  expect(second.body.status).toBe('complete')
  return (second.body.tokens as Tokens).access_token
}

/** A verifier of the mock's tokens with its own JWKS cache (the mock's keys change on reset/rotation). */
function mockVerifier(options: Partial<TokenVerifierOptions> = {}) {
  const { jwksCacheTtlMs, ...rest } = options
  const jwksCache = createJwksCache({
    url: `${baseUrl}/.well-known/jwks.json`,
    cooldownMs: 0,
    ...(jwksCacheTtlMs === undefined ? {} : { ttlMs: jwksCacheTtlMs }),
    ...(options.now ? { now: options.now } : {}),
  })
  return {
    jwksCache,
    verifier: createTokenVerifier({
      issuer: baseUrl,
      audience: 'tnt_demo',
      authorizedParties: ['pk_test_demo'],
      jwksCache,
      ...rest,
    }),
  }
}

describe('verifying real tokens from the mock server', () => {
  it("verifies alice's access token against the mock's JWKS, with typed claims", async () => {
    const token = await signInAlice()
    const { verifier, jwksCache } = mockVerifier()
    const claims = await verifier.verify(token)
    expect(claims).toMatchObject({
      iss: baseUrl,
      aud: 'tnt_demo',
      azp: 'pk_test_demo',
      tenant_id: 'tnt_demo',
      email: 'alice@example.com',
      mfa_verified: false,
    })
    expect(claims.sub).toMatch(/^usr_/)
    expect(claims.sid).toMatch(/^ses_/)
    expect(typeof claims.role).toBe('string')
    expect(jwksCache.stats().fetches).toBe(1)
  })

  it("works with the seed's one-argument call, issuer from HELLOJOHN_ISSUER", async () => {
    vi.stubEnv('HELLOJOHN_ISSUER', baseUrl)
    vi.stubEnv('HELLOJOHN_AUDIENCE', 'tnt_demo')
    const user = await verifyToken(await signInAlice())
    expect(user.email).toBe('alice@example.com')
  })

  it('requireMfa: refuses alice (no MFA), accepts bob after his TOTP step', async () => {
    const { verifier } = mockVerifier({ requireMfa: true })
    expect(await verifier.safeVerify(await signInAlice())).toMatchObject({
      ok: false,
      reason: 'token_mfa_required',
    })
    const bob = await verifier.verify(await signInBobWithTotp())
    expect(bob).toMatchObject({ email: 'bob@example.com', mfa_verified: true })
  })

  it('rejects a tampered mock token and one meant for another tenant or party', async () => {
    const token = await signInAlice()
    const [h, p, s] = token.split('.')
    const payload = JSON.parse(atob(p!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>
    const forged = btoa(JSON.stringify({ ...payload, role: 'owner' }))
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
    const { verifier } = mockVerifier()
    expect(await verifier.safeVerify(`${h}.${forged}.${s}`)).toMatchObject({
      ok: false,
      reason: 'token_invalid_signature',
    })
    expect(await mockVerifier({ audience: 'tnt_other' }).verifier.safeVerify(token)).toMatchObject({
      ok: false,
      reason: 'token_audience_mismatch',
    })
    expect(
      await mockVerifier({ authorizedParties: ['pk_test_other'] }).verifier.safeVerify(token),
    ).toMatchObject({
      ok: false,
      reason: 'token_azp_mismatch',
    })
    expect(
      await mockVerifier({ issuer: 'https://auth.example.com' }).verifier.safeVerify(token),
    ).toMatchObject({
      ok: false,
      reason: 'token_issuer_mismatch',
    })
  })

  it('follows a signing-key rotation (refetch on unknown kid) and drops a retired key', async () => {
    const { verifier, jwksCache } = mockVerifier({ jwksCacheTtlMs: 0 })
    const before = await signInAlice()
    await verifier.verify(before)
    const oldKid = JSON.parse(atob(before.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/'))).kid as string

    const newKid = await controls.rotateSigningKey()
    expect(newKid).not.toBe(oldKid)
    const after = await signInAlice()
    await expect(verifier.verify(after)).resolves.toMatchObject({ email: 'alice@example.com' })
    await expect(verifier.verify(before)).resolves.toBeDefined() // the old key still verifies until retired

    expect(controls.retireSigningKey(oldKid)).toBe(true)
    // The next JWKS refresh (TTL 0 here: the next uncached verification) no longer lists the old key, so even
    // the already-verified token of the retired key is dropped from the verified-token cache.
    await verifier.verify(await signInAlice())
    expect(await verifier.safeVerify(before)).toMatchObject({ ok: false, reason: 'token_unknown_kid' })
    expect(jwksCache.stats().fetches).toBeGreaterThanOrEqual(2)
  })

  it('sees mock tokens expire on the mock clock', async () => {
    const token = await signInAlice()
    const { verifier } = mockVerifier({ now: () => controls.now(), clockTolerance: 0 })
    const claims = await verifier.verify(token)
    await controls.advanceClock((claims.exp - claims.iat + 1) * 1000)
    expect(await verifier.safeVerify(token)).toMatchObject({ ok: false, reason: 'token_expired' })
  })

  it('fails closed when the mock JWKS endpoint errors or drops the connection', async () => {
    const token = await signInAlice()
    controls.fault({ method: 'GET', path: '/.well-known/jwks.json', status: 500, times: 1 })
    const failing = mockVerifier().verifier
    expect(await failing.safeVerify(token)).toMatchObject({ ok: false, reason: 'jwks_unavailable' })
    controls.fault({ method: 'GET', path: '/.well-known/jwks.json', drop: true, times: 1 })
    expect(await mockVerifier().verifier.safeVerify(token)).toMatchObject({
      ok: false,
      reason: 'jwks_unavailable',
    })
    controls.clearFaults()
    expect(await mockVerifier().verifier.safeVerify(token)).toMatchObject({ ok: true })
  })

  it('authenticateRequest and requireAuth accept the mock token', async () => {
    const token = await signInAlice()
    const { verifier } = mockVerifier()
    const auth = await authenticateRequest(
      new Request('https://app.example.com/api', { headers: { authorization: `Bearer ${token}` } }),
      {
        verifier,
      },
    )
    expect(auth).toMatchObject({ isAuthenticated: true, claims: { email: 'alice@example.com' } })

    const app = express()
    app.get('/api/me', requireAuth({ verifier }), (req, res) => {
      res.json({ email: req.auth?.claims.email })
    })
    const server = app.listen(0)
    try {
      await new Promise<void>((resolve) => server.once('listening', () => resolve()))
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/me`
      const ok = await fetch(url, { headers: { cookie: `__session=${token}` } })
      expect(await ok.json()).toEqual({ email: 'alice@example.com' })
      const denied = await fetch(url)
      expect(denied.status).toBe(401)
    } finally {
      server.close()
    }
  })
})

describe('verifying real webhook deliveries from the mock server', () => {
  it('verifies a user.created delivery with the signing secret, through a secret rotation', async () => {
    const created = await post(
      '/v1/webhooks',
      { url: 'https://api.acme.test/webhooks/hellojohn', events: ['user.created'] },
      adminHeaders,
    )
    expect(created.status).toBe(201)
    const secret = created.body.signing_secret as string
    expect(secret).toMatch(/^whsec_/)

    delivered.length = 0
    const signUp = await post('/v1/auth/sign-up', {
      email: 'carol@example.com',
      password: 'Another-Strong-Passphrase-42',
    })
    expect(signUp.status).toBeLessThan(300)
    const delivery = delivered.find((d) => d.url === 'https://api.acme.test/webhooks/hellojohn')
    expect(delivery).toBeDefined()

    const now = () => controls.now()
    const event = await verifyWebhook({ payload: delivery!.body, headers: delivery!.headers, secret, now })
    expect(event).toMatchObject({ type: 'user.created', tenant_id: 'tnt_demo' })
    expect(event.id).toMatch(/^evt_/)
    expect(event.data.object).toMatchObject({ email: 'carol@example.com' })
    expect(String(event.data.object.id)).toMatch(/^usr_/)

    // Wrong secret and tampered body are refused.
    await expect(
      verifyWebhook({ payload: delivery!.body, headers: delivery!.headers, secret: 'whsec_wrong', now }),
    ).rejects.toMatchObject({
      reason: 'webhook_invalid_signature',
    })
    await expect(
      verifyWebhook({
        payload: delivery!.body.replace('carol', 'mallory'),
        headers: delivery!.headers,
        secret,
        now,
      }),
    ).rejects.toMatchObject({ reason: 'webhook_invalid_signature' })
    // Replayed after the tolerance on the mock clock.
    await expect(
      verifyWebhook({
        payload: delivery!.body,
        headers: delivery!.headers,
        secret,
        now: () => controls.now() + 301_000,
      }),
    ).rejects.toMatchObject({ reason: 'webhook_timestamp_too_old' })

    // Rotation: both secrets sign for a while; a receiver holding either one accepts.
    const rotated = await post(
      `/v1/webhooks/${String(created.body.id)}/rotate-secret`,
      { expire_previous_in: 3600 },
      adminHeaders,
    )
    const newSecret = rotated.body.signing_secret as string
    delivered.length = 0
    await post('/v1/auth/sign-up', { email: 'dave@example.com', password: 'Another-Strong-Passphrase-42' })
    const next = delivered.find((d) => d.url === 'https://api.acme.test/webhooks/hellojohn')!
    expect(next.headers['hellojohn-signature']!.match(/v1=/g)).toHaveLength(2)
    await expect(
      verifyWebhook({ payload: next.body, headers: next.headers, secret, now }),
    ).resolves.toBeDefined()
    await expect(
      verifyWebhook({ payload: next.body, headers: next.headers, secret: newSecret, now }),
    ).resolves.toBeDefined()
    await expect(
      verifyWebhook({ payload: next.body, headers: next.headers, secret: [newSecret, secret], now }),
    ).resolves.toBeDefined()
  })
})
