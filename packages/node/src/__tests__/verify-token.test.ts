import { describe, expect, it, vi } from 'vitest'
import {
  authenticateRequest,
  createTokenVerifier,
  isHelloJohnError,
  isTokenVerificationError,
  verifyToken,
  type HelloJohnClaims,
} from '@hellojohn/node'
import { jwksHandler, useMswServer } from './support/jwks-server'
import { AUDIENCE, createTestKey, ISSUER, signToken, type TestKey } from './support/keys'

const server = useMswServer()

let n = 0
/** A fresh JWKS URL per test, so the process-wide JWKS caches never leak between tests. */
function serveKeys(...keys: TestKey[]) {
  const url = `${ISSUER}/verify-${++n}/jwks.json`
  const jwks = jwksHandler(
    url,
    keys.map((k) => k.publicJwk),
  )
  server.use(jwks.handler)
  return { url, state: jwks.state }
}

describe('verifyToken / createTokenVerifier', () => {
  it('verifies a HelloJohn token against the JWKS and returns typed claims, custom claims included', async () => {
    const key = await createTestKey()
    const { url } = serveKeys(key)
    const token = await signToken(key, {
      org_id: 'org_01HACME',
      role: 'admin',
      plan: 'enterprise',
      public_metadata: { plan: 'pro' },
    })

    const claims: Readonly<HelloJohnClaims> = await verifyToken(token, {
      issuer: ISSUER,
      jwksUrl: url,
      audience: AUDIENCE,
    })
    expect(claims).toMatchObject({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'usr_01HALICE',
      sid: 'ses_01HSESSION',
      tenant_id: AUDIENCE,
      org_id: 'org_01HACME',
      role: 'admin',
      email: 'alice@example.com',
      mfa_verified: false,
      azp: 'pk_test_demo',
      plan: 'enterprise',
    })
    expect(claims.public_metadata?.plan).toBe('pro')
    expect(Object.isFrozen(claims)).toBe(true)
    expect(Object.isFrozen(claims.public_metadata)).toBe(true) // shared via the cache: nobody may mutate it
  })

  it('maps the tid and amr claim forms onto tenant_id and mfa_verified', async () => {
    const key = await createTestKey()
    const { url } = serveKeys(key)
    const verifier = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: url })

    const tidOtp = await signToken(key, {
      tenant_id: undefined,
      tid: 'tnt_other',
      mfa_verified: undefined,
      amr: ['pwd', 'otp'],
    })
    await expect(verifier.verify(tidOtp)).resolves.toMatchObject({
      tenant_id: 'tnt_other',
      mfa_verified: true,
    })

    const hwk = await signToken(key, { mfa_verified: undefined, amr: ['hwk'] })
    await expect(verifier.verify(hwk)).resolves.toMatchObject({ mfa_verified: true })

    const pwdOnly = await signToken(key, { mfa_verified: undefined, amr: ['pwd'] })
    await expect(verifier.verify(pwdOnly)).resolves.toMatchObject({ mfa_verified: false })

    const both = await signToken(key, { tenant_id: 'tnt_demo', tid: 'tnt_ignored' })
    await expect(verifier.verify(both)).resolves.toMatchObject({ tenant_id: 'tnt_demo' })
  })

  it('uses a local JWK set without any network request', async () => {
    const key = await createTestKey()
    const fetchSpy = vi.spyOn(globalThis, 'fetch')
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwks: { keys: [key.publicJwk] },
    })
    await expect(verifier.verify(await signToken(key))).resolves.toMatchObject({ sub: 'usr_01HALICE' })

    const other = await createTestKey()
    const result = await verifier.safeVerify(await signToken(other))
    expect(result).toMatchObject({ ok: false, reason: 'token_unknown_kid' })
    expect(fetchSpy).not.toHaveBeenCalled()
    fetchSpy.mockRestore()
  })

  it('defaults the JWKS URL to ${issuer}/.well-known/jwks.json', async () => {
    const key = await createTestKey()
    const issuer = `https://issuer-default-${++n}.test`
    const jwks = jwksHandler(`${issuer}/.well-known/jwks.json`, [key.publicJwk])
    server.use(jwks.handler)
    const claims = await verifyToken(await signToken(key, {}, { issuer }), { issuer, audience: AUDIENCE })
    expect(claims.iss).toBe(issuer)
    expect(jwks.state.requests).toBe(1)
  })

  it('reads HELLOJOHN_ISSUER, HELLOJOHN_JWKS_URL and HELLOJOHN_AUDIENCE when called with the token only', async () => {
    const key = await createTestKey()
    const { url } = serveKeys(key)
    vi.stubEnv('HELLOJOHN_ISSUER', ISSUER)
    vi.stubEnv('HELLOJOHN_JWKS_URL', url)
    vi.stubEnv('HELLOJOHN_AUDIENCE', AUDIENCE)

    const user = await verifyToken(await signToken(key))
    expect(user.sub).toBe('usr_01HALICE')

    const wrongAudience = await signToken(key, {}, { audience: 'tnt_someone_else' })
    await expect(verifyToken(wrongAudience)).rejects.toMatchObject({ reason: 'token_audience_mismatch' })
  })

  it('memoises one verifier per distinct options: inline options on every request still share both caches', async () => {
    const key = await createTestKey()
    const { url, state } = serveKeys(key)
    const token = await signToken(key)
    const first = await verifyToken(token, { issuer: ISSUER, jwksUrl: url, audience: AUDIENCE })
    expect(await verifyToken(token, { audience: AUDIENCE, jwksUrl: url, issuer: ISSUER })).toBe(first) // same cache entry
    const viaRequest = await authenticateRequest(
      new Request('https://app.example.com', { headers: { authorization: `Bearer ${token}` } }),
      {
        issuer: ISSUER,
        jwksUrl: url,
        audience: AUDIENCE,
      },
    )
    expect(viaRequest.isAuthenticated && viaRequest.claims).toBe(first)
    expect(state.requests).toBe(1)
  })

  it('explains a missing issuer with a configuration error', async () => {
    vi.stubEnv('HELLOJOHN_ISSUER', '')
    const error = await verifyToken('a.b.c').catch((e: unknown) => e)
    expect(isHelloJohnError(error, 'config_invalid')).toBe(true)
    expect((error as Error).message).toMatch(/HELLOJOHN_ISSUER/)
  })

  it('rejects unsafe or invalid options with errors naming the option', () => {
    const base = { issuer: ISSUER, audience: AUDIENCE }
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ audience: AUDIENCE }, 'issuer'],
      [{ issuer: 'not a url', audience: AUDIENCE }, 'issuer'],
      [{ baseUrl: 'localhost:3000', audience: AUDIENCE }, 'baseUrl'],
      [{ ...base, algorithms: ['none'] }, 'algorithms'],
      [{ ...base, algorithms: ['HS256'] }, 'algorithms'],
      [{ ...base, algorithms: [] }, 'algorithms'],
      [{ ...base, jwks: { nope: true } }, 'jwks'],
      [{ issuer: ISSUER, audience: '' }, 'audience'],
      [{ issuer: ISSUER, tenantId: '' }, 'tenantId'],
      [{ ...base, tenantId: 'tnt_other' }, 'tenantId'],
      [{ ...base, acceptsToken: [] }, 'acceptsToken'],
      [{ ...base, acceptsToken: ['session', 'id'] }, 'acceptsToken'],
      [{ ...base, authorizedParties: [] }, 'authorizedParties'],
      [{ ...base, clockTolerance: -1 }, 'clockTolerance'],
      [{ ...base, jwksUrl: 'ftp://x' }, 'jwksUrl'],
      [{ ...base, jwks: { keys: [] }, jwksUrl: `${ISSUER}/jwks` }, 'jwksUrl'],
      [{ ...base, jwks: { keys: [] }, fetch: globalThis.fetch }, 'fetch'],
      [{ ...base, jwksCache: {}, jwksCacheTtlMs: 1000 }, 'jwksCacheTtlMs'],
      [{ ...base, jwks: { keys: [] }, jwksCache: {} }, 'jwksCache'],
    ]
    for (const [options, option] of cases) {
      let caught: unknown
      try {
        createTokenVerifier(options as never)
      } catch (e) {
        caught = e
      }
      expect(isHelloJohnError(caught, 'config_invalid'), JSON.stringify(options)).toBe(true)
      expect((caught as { option?: string }).option).toBe(option)
    }
  })

  it('safeVerify never throws and reports the reason', async () => {
    const key = await createTestKey()
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwks: { keys: [key.publicJwk] },
    })
    const good = await verifier.safeVerify(await signToken(key))
    expect(good.ok).toBe(true)
    if (good.ok) expect(good.claims.sub).toBe('usr_01HALICE')

    const bad = await verifier.safeVerify(undefined as unknown as string)
    expect(bad).toMatchObject({ ok: false, reason: 'token_missing' })
    if (!bad.ok) expect(isTokenVerificationError(bad.error, 'token_missing')).toBe(true)
  })

  it('requireMfa accepts mfa_verified tokens and rejects the others', async () => {
    const key = await createTestKey()
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwks: { keys: [key.publicJwk] },
      requireMfa: true,
    })
    await expect(verifier.verify(await signToken(key, { mfa_verified: true }))).resolves.toMatchObject({
      mfa_verified: true,
    })
    const result = await verifier.safeVerify(await signToken(key, { mfa_verified: false }))
    expect(result).toMatchObject({ ok: false, reason: 'token_mfa_required' })
  })

  it('accepts the azp values in authorizedParties', async () => {
    const key = await createTestKey()
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwks: { keys: [key.publicJwk] },
      authorizedParties: ['pk_test_demo', 'cli_backoffice'],
    })
    await expect(verifier.verify(await signToken(key, { azp: 'cli_backoffice' }))).resolves.toMatchObject({
      azp: 'cli_backoffice',
    })
  })

  it('honours clockTolerance (default 5 s) for exp', async () => {
    const key = await createTestKey()
    const jwks = { keys: [key.publicJwk] }
    const justExpired = await signToken(key, {}, { expiresIn: -3, issuedAt: -60 })
    await expect(
      createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks }).verify(justExpired),
    ).resolves.toBeDefined()
    const strict = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks, clockTolerance: 0 })
    await expect(strict.verify(justExpired)).rejects.toMatchObject({ reason: 'token_expired' })
  })
})
