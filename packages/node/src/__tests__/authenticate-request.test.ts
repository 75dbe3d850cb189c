import { describe, expect, it } from 'vitest'
import { authenticateRequest, createTokenVerifier, extractToken } from '@hellojohn/node'
import { AUDIENCE, createTestKey, ISSUER, signToken } from './support/keys'

describe('authenticateRequest (fetch-style)', () => {
  it('authenticates a Bearer token and returns the claims and the token', async () => {
    const key = await createTestKey()
    const token = await signToken(key)
    const request = new Request('https://app.example.com/api/me', {
      headers: { Authorization: `Bearer ${token}` },
    })
    const auth = await authenticateRequest(request, {
      issuer: ISSUER,
      audience: AUDIENCE,
      jwks: { keys: [key.publicJwk] },
    })
    expect(auth.isAuthenticated).toBe(true)
    if (auth.isAuthenticated) {
      expect(auth.token).toBe(token)
      expect(auth.claims).toMatchObject({ sub: 'usr_01HALICE', tenant_id: AUDIENCE })
    }
  })

  it('falls back to the __session cookie, and the header wins over the cookie', async () => {
    const key = await createTestKey()
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwks: { keys: [key.publicJwk] },
    })
    const cookieToken = await signToken(key, { sub: 'usr_cookie' })
    const headerToken = await signToken(key, { sub: 'usr_header' })

    const viaCookie = await authenticateRequest(
      new Request('https://app.example.com/', {
        headers: { Cookie: `theme=dark; __session=${cookieToken}; other=1` },
      }),
      { verifier },
    )
    expect(viaCookie).toMatchObject({ isAuthenticated: true, claims: { sub: 'usr_cookie' } })

    const both = await authenticateRequest(
      new Request('https://app.example.com/', {
        headers: { Cookie: `__session=${cookieToken}`, Authorization: `bearer ${headerToken}` },
      }),
      { verifier },
    )
    expect(both).toMatchObject({ isAuthenticated: true, claims: { sub: 'usr_header' } })

    const custom = await authenticateRequest(
      { headers: { cookie: `hj=${cookieToken}` } },
      { verifier, cookieName: 'hj' },
    )
    expect(custom).toMatchObject({ isAuthenticated: true, claims: { sub: 'usr_cookie' } })
  })

  it('reports token_missing without a token, and the verifier reason for a bad one', async () => {
    const key = await createTestKey()
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwks: { keys: [key.publicJwk] },
    })
    const none = await authenticateRequest(new Request('https://app.example.com/'), { verifier })
    expect(none).toMatchObject({ isAuthenticated: false, reason: 'token_missing' })

    const basic = await authenticateRequest(
      new Request('https://app.example.com/', { headers: { Authorization: 'Basic dXNlcjpwYXNz' } }),
      { verifier },
    )
    expect(basic).toMatchObject({ isAuthenticated: false, reason: 'token_missing' })

    const expired = await signToken(key, {}, { expiresIn: -600, issuedAt: -1200 })
    const result = await authenticateRequest(
      new Request('https://app.example.com/', { headers: { Authorization: `Bearer ${expired}` } }),
      { verifier },
    )
    expect(result).toMatchObject({ isAuthenticated: false, reason: 'token_expired' })
    if (!result.isAuthenticated) expect(result.error.code).toBe('token_expired')

    const secretKey = await authenticateRequest(
      new Request('https://app.example.com/', { headers: { Authorization: 'Bearer sk_test_demo' } }),
      { verifier },
    )
    expect(secretKey).toMatchObject({ isAuthenticated: false, reason: 'token_malformed' })
  })

  it('extractToken reads plain Node header objects too', () => {
    expect(extractToken({ authorization: 'Bearer abc.def.ghi' })).toBe('abc.def.ghi')
    expect(extractToken({ Authorization: 'Bearer abc.def.ghi' })).toBe('abc.def.ghi')
    expect(extractToken({ cookie: '__session=a%2Eb.c' })).toBe('a.b.c')
    expect(extractToken({ authorization: 'Bearer ' })).toBeUndefined()
    expect(extractToken({})).toBeUndefined()
  })
})
