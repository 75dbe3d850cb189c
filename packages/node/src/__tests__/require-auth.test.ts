import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import { createTokenVerifier, isHelloJohnError, requireAuth, type TokenVerifier } from '@hellojohn/node'
import { AUDIENCE, createTestKey, ISSUER, signToken } from './support/keys'

const servers: Array<{ close(): void }> = []
afterEach(() => {
  for (const s of servers.splice(0)) s.close()
})

/** A real Express app on an ephemeral port, with a protected route that echoes req.auth. */
async function app(verifier: TokenVerifier, adminVerifier: TokenVerifier = verifier) {
  const application = express()
  application.get('/api/me', requireAuth({ verifier }), (req, res) => {
    res.json({
      sub: req.auth?.claims.sub,
      tenant: req.auth?.claims.tenant_id,
      hasToken: typeof req.auth?.token === 'string',
    })
  })
  application.post('/api/admin', requireAuth({ verifier: adminVerifier }), (_req, res) => {
    res.json({ ok: true })
  })
  const server = application.listen(0)
  servers.push(server)
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('requireAuth (Express middleware)', () => {
  it('sets req.auth and calls the route for a valid token', async () => {
    const key = await createTestKey()
    const base = await app(
      createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [key.publicJwk] } }),
    )
    const response = await fetch(`${base}/api/me`, {
      headers: { Authorization: `Bearer ${await signToken(key)}` },
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ sub: 'usr_01HALICE', tenant: AUDIENCE, hasToken: true })
  })

  it('answers 401 with the API error envelope when the token is missing or invalid', async () => {
    const key = await createTestKey()
    const base = await app(
      createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [key.publicJwk] } }),
    )

    const missing = await fetch(`${base}/api/me`)
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="hellojohn"')
    const body = (await missing.json()) as { error: Record<string, unknown> }
    expect(body.error).toMatchObject({
      code: 'unauthorized',
      status: 401,
      details: { reason: 'token_missing' },
    })
    expect(body.error.request_id).toMatch(/^req_[0-9a-f]{24}$/)
    expect(missing.headers.get('x-request-id')).toBe(body.error.request_id)

    const expired = await signToken(key, {}, { expiresIn: -600, issuedAt: -1200 })
    const late = await fetch(`${base}/api/me`, { headers: { Authorization: `Bearer ${expired}` } })
    expect(late.status).toBe(401)
    expect(await late.json()).toMatchObject({
      error: { code: 'token_expired', status: 401, details: { reason: 'token_expired' } },
    })
    expect(late.headers.get('www-authenticate')).toContain('error="invalid_token"')

    const stranger = await createTestKey()
    const forged = await fetch(`${base}/api/me`, {
      headers: { Cookie: `__session=${await signToken(stranger)}` },
    })
    expect(forged.status).toBe(401)
    const forgedBody = (await forged.json()) as { error: { message: string } }
    expect(forgedBody).toMatchObject({
      error: { code: 'invalid_token', details: { reason: 'token_unknown_kid' } },
    })
  })

  it('answers 403 mfa_required when MFA is required and the token is not MFA-verified', async () => {
    const key = await createTestKey()
    const jwks = { keys: [key.publicJwk] }
    const base = await app(
      createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks }),
      createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks, requireMfa: true }),
    )
    const plain = await fetch(`${base}/api/admin`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await signToken(key)}` },
    })
    expect(plain.status).toBe(403)
    expect(await plain.json()).toMatchObject({
      error: { code: 'mfa_required', status: 403, details: { reason: 'token_mfa_required' } },
    })
    const stepped = await fetch(`${base}/api/admin`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await signToken(key, { mfa_verified: true })}` },
    })
    expect(stepped.status).toBe(200)
  })

  it('answers 503 service_unavailable when the JWKS cannot be fetched (not a sign-out)', async () => {
    const key = await createTestKey()
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUrl: 'https://unreachable.test/jwks.json',
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    })
    const base = await app(verifier)
    const response = await fetch(`${base}/api/me`, {
      headers: { Authorization: `Bearer ${await signToken(key)}` },
    })
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({
      error: { code: 'service_unavailable', details: { reason: 'jwks_unavailable' } },
    })
  })

  it('fails at start-up, not per request, when the options are wrong', () => {
    let caught: unknown
    try {
      requireAuth({ issuer: 'nope' })
    } catch (e) {
      caught = e
    }
    expect(isHelloJohnError(caught, 'config_invalid')).toBe(true)
  })
})
