import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import {
  authenticateRequest,
  createTokenVerifier,
  requireAuth,
  type AuthenticateRequestOptions,
  type HelloJohnTokenVerificationError,
} from '@hellojohn/node'
import { AUDIENCE, createTestKey, ISSUER, signToken } from './support/keys'

/*
 * Issue 12, item 7: what requireAuth / authenticateRequest answer a caller never includes internal URLs (the
 * JWKS address), the expected audience or the caller's kid; the detailed error goes to the onError hook.
 */

const servers: Array<{ close(): void }> = []
afterEach(() => {
  for (const s of servers.splice(0)) s.close()
})

const INTERNAL_JWKS = 'http://10.0.0.12:19299/internal/.well-known/jwks.json'

async function serve(options: AuthenticateRequestOptions): Promise<string> {
  const app = express()
  app.get('/api/me', requireAuth(options), (_req, res) => {
    res.json({ ok: true })
  })
  const server = app.listen(0)
  servers.push(server)
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/me`
}

describe('error bodies of requireAuth never leak internals; onError gets the details', () => {
  it('unknown kid, other tenant, unreachable JWKS: fixed public messages, details in onError', async () => {
    const key = await createTestKey('key_known')
    const stranger = await createTestKey('kid-chosen-by-the-caller')
    const seen: HelloJohnTokenVerificationError[] = []
    const onError = (error: HelloJohnTokenVerificationError) => void seen.push(error)

    const local = await serve({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwks: { keys: [key.publicJwk] },
      onError,
    })
    const unreachable = await serve({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUrl: INTERNAL_JWKS,
      jwksTimeoutMs: 200,
      fetch: () => Promise.reject(new TypeError('fetch failed')),
      onError,
    })
    const cases: Array<[string, string, number]> = [
      [local, await signToken(stranger), 401],
      [local, await signToken(key, {}, { audience: 'tnt_other' }), 401],
      [unreachable, await signToken(key), 503],
    ]
    for (const [url, token, status] of cases) {
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
      expect(response.status).toBe(status)
      const text = await response.text()
      for (const secret of ['kid-chosen-by-the-caller', AUDIENCE, '10.0.0.12', 'jwks.json', '19299']) {
        expect(text, text).not.toContain(secret)
        expect(response.headers.get('www-authenticate') ?? '').not.toContain(secret)
      }
    }
    expect(seen.map((e) => e.reason)).toEqual([
      'token_unknown_kid',
      'token_audience_mismatch',
      'jwks_unavailable',
    ])
    expect(seen[0]!.message).toContain('kid-chosen-by-the-caller') // the details are there, for your logs
    expect(seen[2]!.message).toContain(INTERNAL_JWKS)
  })

  it('authenticateRequest calls onError with the detailed error; a throwing hook changes nothing', async () => {
    const key = await createTestKey()
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwks: { keys: [key.publicJwk] },
    })
    const request = new Request('http://x/', {
      headers: { authorization: `Bearer ${await signToken(key, {}, { expiresIn: -60, issuedAt: -600 })}` },
    })
    const seen: unknown[] = []
    const auth = await authenticateRequest(request, {
      verifier,
      onError: (error, req) => {
        seen.push(error.reason, req)
        throw new Error('a broken logger')
      },
    })
    expect(auth).toMatchObject({ isAuthenticated: false, reason: 'token_expired' })
    expect(seen).toEqual(['token_expired', request])
  })
})
