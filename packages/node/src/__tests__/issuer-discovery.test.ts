import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startHelloJohnServer, type HelloJohnServer } from '@hellojohn/mock-server/node'
import { createTokenVerifier, HelloJohn, requireAuth, verifyToken } from '@hellojohn/node'

/*
 * Issue 12, item 2: the issuer is what the server's OpenID configuration says, not the base URL the user
 * typed. The standalone mock answers on 127.0.0.1 and names itself http://localhost:PORT.
 */

const PORT = 19210
const CLOSED_PORT = 19211 // nothing listens here
const TENANT = 'tnt_demo'
let mock: HelloJohnServer
let alias: string

beforeAll(async () => {
  mock = await startHelloJohnServer({
    port: PORT,
    host: 'localhost',
    rateLimit: false,
    deliverWebhooks: false,
  })
  // The premise of the test: the server is reached on 127.0.0.1, its issuer is http://localhost:PORT.
  expect((mock.server.address() as AddressInfo).address).toBe('127.0.0.1')
  alias = `http://127.0.0.1:${PORT}`
  const discovery = (await (await fetch(`${alias}/.well-known/openid-configuration`)).json()) as {
    issuer: string
  }
  expect(discovery.issuer).toBe(`http://localhost:${PORT}`)
})
afterAll(() => mock.close())
afterEach(() => vi.unstubAllEnvs())

async function signInAlice(): Promise<string> {
  const response = await fetch(`${alias}/v1/auth/sign-in`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: 'Bearer pk_test_demo',
      'x-tenant-id': TENANT,
    },
    body: JSON.stringify({ email: 'alice@example.com', password: 'correct-horse-battery-staple' }),
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { tokens: { access_token: string } }).tokens.access_token
}

/** A fetch that counts requests per path and otherwise is the real one. */
function countingFetch() {
  const paths: string[] = []
  const fetchImpl: typeof fetch = (input, init) => {
    paths.push(new URL(input instanceof Request ? input.url : String(input)).pathname)
    return fetch(input, init)
  }
  return { fetchImpl, paths }
}

describe('issuer from discovery', () => {
  it("new HelloJohn({ baseUrl: 'http://127.0.0.1:PORT' }).auth.getUser() accepts the server's http://localhost:PORT tokens", async () => {
    const token = await signInAlice()
    const hj = new HelloJohn({ secretKey: 'sk_test_demo', tenantId: TENANT, baseUrl: alias })
    const user = await hj.auth.getUser(token)
    expect(user.email).toBe('alice@example.com')
    const claims = await hj.auth.verifyToken(token)
    expect(claims.iss).toBe(`http://localhost:${PORT}`)
  })

  it('verifyToken and requireAuth take baseUrl the same way', async () => {
    const token = await signInAlice()
    await expect(verifyToken(token, { baseUrl: alias, tenantId: TENANT })).resolves.toMatchObject({
      email: 'alice@example.com',
    })
    const app = express()
    app.get('/me', requireAuth({ baseUrl: alias, tenantId: TENANT }), (req, res) => {
      res.json({ email: req.auth?.claims.email })
    })
    const server = app.listen(0)
    try {
      await new Promise<void>((resolve) => server.once('listening', () => resolve()))
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/me`
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
      expect(await response.json()).toEqual({ email: 'alice@example.com' })
    } finally {
      server.close()
    }
  })

  it("the seed's one-argument verifyToken(token) works from HELLOJOHN_BASE_URL (any alias) and HELLOJOHN_TENANT_ID", async () => {
    vi.stubEnv('HELLOJOHN_ISSUER', '')
    vi.stubEnv('HELLOJOHN_AUDIENCE', '')
    vi.stubEnv('HELLOJOHN_BASE_URL', alias)
    vi.stubEnv('HELLOJOHN_TENANT_ID', TENANT)
    await expect(verifyToken(await signInAlice())).resolves.toMatchObject({ email: 'alice@example.com' })
  })

  it('reads the OpenID configuration once for many concurrent cold verifications (single flight)', async () => {
    const token = await signInAlice()
    const { fetchImpl, paths } = countingFetch()
    const verifier = createTokenVerifier({ baseUrl: alias, tenantId: TENANT, fetch: fetchImpl })
    const results = await Promise.all(Array.from({ length: 50 }, () => verifier.safeVerify(token)))
    expect(results.every((r) => r.ok)).toBe(true)
    await verifier.verify(await signInAlice())
    expect(paths.filter((p) => p === '/.well-known/openid-configuration')).toHaveLength(1)
    expect(paths.filter((p) => p === '/.well-known/jwks.json')).toHaveLength(1)
  })

  it('an explicit issuer wins: no discovery request, and a token of another issuer is refused', async () => {
    const token = await signInAlice()
    const { fetchImpl, paths } = countingFetch()
    const explicit = createTokenVerifier({
      baseUrl: alias,
      issuer: alias, // what the user insists on, although the server says localhost
      jwksUrl: `${alias}/.well-known/jwks.json`,
      tenantId: TENANT,
      fetch: fetchImpl,
    })
    expect(await explicit.safeVerify(token)).toMatchObject({ ok: false, reason: 'token_issuer_mismatch' })
    expect(paths).not.toContain('/.well-known/openid-configuration')
  })

  it('fails with discovery_unavailable while the server is unreachable, answers 503 without the URL, and retries later', async () => {
    let now = Date.now()
    let up = false
    const { fetchImpl: real } = countingFetch()
    const attempts: string[] = []
    const fetchImpl: typeof fetch = (input, init) => {
      attempts.push(String(input))
      return up ? real(input, init) : fetch(`http://127.0.0.1:${CLOSED_PORT}/`, init)
    }
    const verifier = createTokenVerifier({
      baseUrl: `http://127.0.0.1:${PORT}`,
      tenantId: TENANT,
      fetch: fetchImpl,
      now: () => now,
    })
    const token = await signInAlice()
    const first = await verifier.safeVerify(token)
    expect(first).toMatchObject({ ok: false, reason: 'discovery_unavailable' })
    if (!first.ok) expect(first.error.message).toMatch(/openid-configuration/)
    // Within the retry delay: the same error, no new request.
    expect(await verifier.safeVerify(token)).toMatchObject({ ok: false, reason: 'discovery_unavailable' })
    expect(attempts).toHaveLength(1)

    // requireAuth: 503 service_unavailable, and the body names no internal address.
    const app = express()
    app.get('/me', requireAuth({ verifier }), (_req, res) => {
      res.json({ ok: true })
    })
    const server = app.listen(0)
    try {
      await new Promise<void>((resolve) => server.once('listening', () => resolve()))
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/me`
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
      expect(response.status).toBe(503)
      const body = await response.text()
      expect(body).toContain('discovery_unavailable')
      expect(body).not.toContain(String(PORT))
      expect(body).not.toContain('openid-configuration')
    } finally {
      server.close()
    }

    up = true
    now += 2_001
    const later = await verifier.safeVerify(token)
    expect(later, later.ok ? '' : later.error.message).toMatchObject({ ok: true, tokenType: 'session' })
  })
})
