import { SignJWT } from 'jose'
import { expect, it } from 'vitest'
import { createTokenVerifier, type TokenVerificationFailureReason, type TokenVerifier } from '@hellojohn/node'
import { AUDIENCE, createTestKey, forgedPayload, ISSUER, rawJws, signToken } from './keys'

/** A fetch that serves a JWKS and counts calls, without msw (works in any runtime). */
function jwksFetch(body: () => unknown, status = 200) {
  const state = { calls: 0 }
  const fetchImpl: typeof fetch = async () => {
    state.calls++
    await new Promise((r) => setTimeout(r, 5))
    const value = body()
    return new Response(typeof value === 'string' ? value : JSON.stringify(value), {
      status,
      headers: { 'content-type': 'application/json' },
    })
  }
  return { fetchImpl, state }
}

async function reasonOf(
  verifier: TokenVerifier,
  token: string,
): Promise<TokenVerificationFailureReason | 'ok'> {
  const result = await verifier.safeVerify(token)
  return result.ok ? 'ok' : result.reason
}

let n = 0
const url = () => `https://edge-${++n}.test/.well-known/jwks.json`

/**
 * The token-verification suite, runtime-agnostic (no msw, no node: APIs); run in Node and in edge-runtime.
 */
export function verificationCases(): void {
  it('verifies a token through an injected fetch, one JWKS request for 100 concurrent cold verifications', async () => {
    const key = await createTestKey()
    const { fetchImpl, state } = jwksFetch(() => ({ keys: [key.publicJwk] }))
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      jwksUrl: url(),
      audience: AUDIENCE,
      fetch: fetchImpl,
    })
    const tokens = await Promise.all(
      Array.from({ length: 100 }, (_, i) => signToken(key, { sub: `usr_${i}` })),
    )
    const claims = await Promise.all(tokens.map((t) => verifier.verify(t)))
    expect(claims.map((c) => c.sub)).toEqual(tokens.map((_, i) => `usr_${i}`))
    expect(claims[0]).toMatchObject({ tenant_id: AUDIENCE, mfa_verified: false, email: 'alice@example.com' })
    expect(state.calls).toBe(1)
  })

  it('discovers the issuer and the JWKS from baseUrl through an injected fetch (one request each)', async () => {
    const key = await createTestKey()
    const base = `https://alias-${++n}.test`
    const requests: string[] = []
    const fetchImpl: typeof fetch = async (input) => {
      const path = new URL(String(input)).pathname
      requests.push(path)
      const body =
        path === '/.well-known/openid-configuration'
          ? { issuer: ISSUER, jwks_uri: `${base}/keys.json` }
          : { keys: [key.publicJwk] }
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })
    }
    const verifier = createTokenVerifier({ baseUrl: base, tenantId: AUDIENCE, fetch: fetchImpl })
    const results = await Promise.all(
      Array.from({ length: 10 }, async () => verifier.safeVerify(await signToken(key))),
    )
    expect(results.every((r) => r.ok)).toBe(true)
    expect(requests.sort()).toEqual(['/.well-known/openid-configuration', '/keys.json'])
  })

  it('rejects forged and invalid tokens with the right reason', async () => {
    const key = await createTestKey('key_edge')
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      jwks: { keys: [key.publicJwk] },
      audience: AUDIENCE,
      authorizedParties: ['pk_test_demo'],
      maxTokenAge: 3600,
    })
    const good = await signToken(key)
    const [h, p, s = ''] = good.split('.')
    const stranger = await createTestKey('key_stranger')
    const hs256 = await new SignJWT(forgedPayload())
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .sign(new TextEncoder().encode(JSON.stringify(key.publicJwk)))
    const cases: Array<[string, TokenVerificationFailureReason | 'ok']> = [
      [good, 'ok'],
      [rawJws({ alg: 'none', kid: key.kid }, forgedPayload()), 'token_alg_not_allowed'],
      [hs256, 'token_alg_not_allowed'],
      [await signToken(stranger), 'token_unknown_kid'],
      [
        `${h}.${rawJws({}, forgedPayload({ sub: 'usr_01HALICE' })).split('.')[1]}.${s}`,
        'token_invalid_signature',
      ],
      [`${h}.${p}.${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`, 'token_invalid_signature'],
      [await signToken(key, {}, { expiresIn: -60, issuedAt: -600 }), 'token_expired'],
      [await signToken(key, {}, { notBefore: 120 }), 'token_not_yet_valid'],
      [await signToken(key, {}, { issuedAt: -7200, expiresIn: 600 }), 'token_too_old'],
      [await signToken(key, {}, { issuer: 'https://evil.example.com' }), 'token_issuer_mismatch'],
      [await signToken(key, {}, { audience: 'tnt_other' }), 'token_audience_mismatch'],
      [await signToken(key, { azp: 'pk_test_other' }), 'token_azp_mismatch'],
      ['not.a.jwt', 'token_malformed'],
      ['x'.repeat(9000), 'token_too_large'],
      ['', 'token_missing'],
    ]
    for (const [token, reason] of cases) expect(await reasonOf(verifier, token), reason).toBe(reason)
  })

  it('fails closed on a garbage or failing JWKS', async () => {
    const key = await createTestKey()
    const token = await signToken(key)
    for (const [body, status] of [
      ['<html>', 200],
      [{ keys: 'nope' }, 200],
      [{ keys: [key.publicJwk] }, 503],
    ] as const) {
      const { fetchImpl } = jwksFetch(() => body, status)
      const verifier = createTokenVerifier({
        issuer: ISSUER,
        audience: AUDIENCE,
        jwksUrl: url(),
        fetch: fetchImpl,
      })
      expect(await reasonOf(verifier, token)).toBe('jwks_unavailable')
    }
    const unreachable = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUrl: url(),
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    })
    expect(await reasonOf(unreachable, token)).toBe('jwks_unavailable')
  })

  it('remembers verified tokens and never past exp', async () => {
    const key = await createTestKey()
    let now = Date.UTC(2026, 10, 22, 12, 0, 0)
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwks: { keys: [key.publicJwk] },
      now: () => now,
      clockTolerance: 0,
    })
    const token = await signToken(key, {}, { now: now / 1000, expiresIn: 30 })
    const first = await verifier.verify(token)
    expect(await verifier.verify(token)).toBe(first)
    now += 31_000
    expect(await reasonOf(verifier, token)).toBe('token_expired')
  })
}
