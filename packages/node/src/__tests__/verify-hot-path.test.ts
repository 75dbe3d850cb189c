import { HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { createJwksCache, createTokenVerifier, verifyToken } from '@hellojohn/node'
import { jwksHandler, useMswServer } from './support/jwks-server'
import { AUDIENCE, createTestKey, ISSUER, signToken } from './support/keys'

/*
 * The verification hot path takes shortcuts that must never weaken a check (issue 18, item 6):
 *   - jose is handed the key a token's exact encoded header selected before, instead of a key callback;
 *   - verifyToken() recognises an options object it saw before without rebuilding the memo key.
 * Each test below is written so that a shortcut that went one step too far (kid alone instead of the whole
 * header, a remembered key outliving its JWKS, options compared by identity) would make it fail.
 */

const server = useMswServer()

let n = 0
function manualClock(start = Date.UTC(2026, 11, 6, 3, 0, 0)) {
  let t = start
  return { now: () => t, advance: (ms: number) => void (t += ms), seconds: () => Math.floor(t / 1000) }
}

const segments = (token: string) => token.split('.') as [string, string, string]

describe('verification hot path', () => {
  it('a key retired by a JWKS refetch stops verifying new tokens whose header was seen before', async () => {
    const oldKey = await createTestKey('key_hot_old')
    const newKey = await createTestKey('key_hot_new')
    const url = `${ISSUER}/hot-${++n}/jwks.json`
    const jwks = jwksHandler(url, [oldKey.publicJwk, newKey.publicJwk])
    server.use(jwks.handler)
    const clock = manualClock()
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksCache: createJwksCache({ url, now: clock.now, ttlMs: 60_000 }),
      now: clock.now,
      tokenCacheSize: 0,
    })
    // Two tokens with the same header: the second one is verified with the key the first one selected.
    await verifier.verify(await signToken(oldKey, { sub: 'usr_1' }, { now: clock.seconds() }))
    const same = await signToken(oldKey, { sub: 'usr_2' }, { now: clock.seconds() })
    expect(segments(same)[0]).toBe(segments(await signToken(oldKey, {}, { now: clock.seconds() }))[0])
    await expect(verifier.verify(same)).resolves.toMatchObject({ sub: 'usr_2' })
    const header = segments(same)[0]
    expect(verifier.keys.keyForEncodedHeader?.(header)).toBe(
      await verifier.keys.getKey({ alg: 'EdDSA', kid: oldKey.kid }),
    )

    // The issuer retires the old key; once the JWKS is past its TTL it is refetched without it.
    jwks.state.keys = [newKey.publicJwk]
    clock.advance(61_000)
    const late = await signToken(oldKey, { sub: 'usr_3' }, { now: clock.seconds() })
    expect(verifier.keys.keyForEncodedHeader?.(header)).toBeUndefined() // stale set: getKey decides
    await expect(verifier.verify(late)).rejects.toMatchObject({ reason: 'token_unknown_kid' })
    expect(jwks.state.requests).toBe(2)
    expect(verifier.keys.keyForEncodedHeader?.(header)).toBeUndefined() // the refetched set remembers nothing
    // The current key still verifies.
    await expect(
      verifier.verify(await signToken(newKey, { sub: 'usr_4' }, { now: clock.seconds() })),
    ).resolves.toMatchObject({ sub: 'usr_4' })
  })

  it.each([
    ['off', 0],
    ['on', 1000],
  ])(
    'a known header or signature does not vouch for the rest of the token (verified-token cache %s)',
    async (_, tokenCacheSize) => {
      const key = await createTestKey('key_hot_swap')
      const verifier = createTokenVerifier({
        issuer: ISSUER,
        audience: AUDIENCE,
        jwks: { keys: [key.publicJwk] },
        tokenCacheSize,
      })
      const genuine = await signToken(key, { sub: 'usr_alice', role: 'member' })
      await verifier.verify(genuine)
      await verifier.verify(genuine) // a cache hit when the cache is on
      // Another payload under the genuine header and signature: same header, same token ending.
      const other = await signToken(key, { sub: 'usr_mallory', role: 'admin' })
      const [header, , signature] = segments(genuine)
      const swapped = `${header}.${segments(other)[1]}.${signature}`
      await expect(verifier.verify(swapped)).rejects.toMatchObject({ reason: 'token_invalid_signature' })
      // …and the genuine token is still served (the forgery did not displace it).
      await expect(verifier.verify(genuine)).resolves.toMatchObject({ sub: 'usr_alice' })
    },
  )

  it('a token signed by the same key with another header is judged on its own header (typ, alg, kid)', async () => {
    const key = await createTestKey('key_hot_typ')
    const stranger = await createTestKey('key_hot_typ') // same kid, another key
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwks: { keys: [key.publicJwk] },
      tokenCacheSize: 0,
    })
    await verifier.verify(await signToken(key))
    // An ID token of the same key: not an access token.
    await expect(verifier.verify(await signToken(key, {}, { header: { typ: 'JWT' } }))).rejects.toMatchObject(
      {
        reason: 'token_type_not_allowed',
      },
    )
    // The same header (alg, kid, typ) signed by someone else's key: the remembered key does not make it
    // valid.
    await expect(verifier.verify(await signToken(stranger))).rejects.toMatchObject({
      reason: 'token_invalid_signature',
    })
  })

  it('a JWKS refetch in flight is waited for: the remembered key is not used meanwhile', async () => {
    const oldKey = await createTestKey('key_hot_inflight_old')
    const newKey = await createTestKey('key_hot_inflight_new')
    const url = `${ISSUER}/hot-${++n}/jwks.json`
    let keys = [oldKey.publicJwk]
    let requests = 0
    const jwksCache = createJwksCache({
      url,
      ttlMs: 600_000,
      fetch: async () => {
        requests++
        return HttpResponse.json({ keys })
      },
    })
    const verifier = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksCache, tokenCacheSize: 0 })
    await verifier.verify(await signToken(oldKey))
    const next = await signToken(oldKey)
    keys = [newKey.publicJwk]
    const refresh = jwksCache.refresh() // e.g. started by an unknown kid elsewhere
    await expect(verifier.verify(next)).rejects.toMatchObject({ reason: 'token_unknown_kid' })
    await refresh
    expect(requests).toBe(2)
  })

  it('verifyToken() sees options changed in place on the same object (array contents included)', async () => {
    const key = await createTestKey('key_hot_memo')
    const audience = [AUDIENCE]
    const options = { issuer: ISSUER, audience, jwks: { keys: [key.publicJwk] }, tokenCacheSize: 0 }
    const token = await signToken(key)
    await expect(verifyToken(token, options)).resolves.toMatchObject({ sub: 'usr_01HALICE' })
    await expect(verifyToken(token, options)).resolves.toMatchObject({ sub: 'usr_01HALICE' })

    audience[0] = 'tnt_someone_else' // mutated in place: same array, same options object
    await expect(verifyToken(token, options)).rejects.toMatchObject({ reason: 'token_audience_mismatch' })

    audience[0] = AUDIENCE
    await expect(verifyToken(token, options)).resolves.toMatchObject({ sub: 'usr_01HALICE' })
    Object.assign(options, { requireMfa: true }) // a new option on the same object
    await expect(verifyToken(token, options)).rejects.toMatchObject({ reason: 'token_mfa_required' })
  })

  it('verifyToken() with the same options object still follows the environment', async () => {
    const key = await createTestKey('key_hot_env')
    const options = { issuer: ISSUER, jwks: { keys: [key.publicJwk] }, tokenCacheSize: 0 }
    const token = await signToken(key)
    vi.stubEnv('HELLOJOHN_TENANT_ID', AUDIENCE)
    await expect(verifyToken(token, options)).resolves.toMatchObject({ sub: 'usr_01HALICE' })
    await expect(verifyToken(token, options)).resolves.toMatchObject({ sub: 'usr_01HALICE' })
    vi.stubEnv('HELLOJOHN_TENANT_ID', 'tnt_someone_else')
    await expect(verifyToken(token, options)).rejects.toMatchObject({ reason: 'token_audience_mismatch' })
  })

  it('verifyToken() rejects (never throws synchronously) on invalid options', async () => {
    const result = verifyToken('a.b.c', { issuer: ISSUER }) // a synchronous throw would fail the test here
    await expect(result).rejects.toMatchObject({ code: 'config_invalid_tenant_id' })
  })
})
