import { HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { createJwksCache, createTokenVerifier, type TokenVerifierOptions } from '@hellojohn/node'
import { jwksHandler, useMswServer } from './support/jwks-server'
import { AUDIENCE, createTestKey, ISSUER, signToken, type TestKey } from './support/keys'

const server = useMswServer()

let n = 0
/** A manual clock (ms). Tokens are signed relative to it, so nothing depends on real time. */
function manualClock(start = Date.UTC(2026, 10, 22, 12, 0, 0)) {
  let t = start
  return { now: () => t, advance: (ms: number) => void (t += ms), seconds: () => Math.floor(t / 1000) }
}

function setup(keys: TestKey[], options: Partial<TokenVerifierOptions> = {}) {
  const url = `${ISSUER}/cache-${++n}/jwks.json`
  const jwks = jwksHandler(
    url,
    keys.map((k) => k.publicJwk),
  )
  server.use(jwks.handler)
  const clock = manualClock()
  const { jwksCacheTtlMs, jwksCooldownMs, jwksTimeoutMs, ...verifierOptions } = options
  const jwksCache = createJwksCache({
    url,
    now: clock.now,
    ttlMs: jwksCacheTtlMs ?? 600_000,
    cooldownMs: jwksCooldownMs ?? 30_000,
    timeoutMs: jwksTimeoutMs ?? 5_000,
  })
  const verifier = createTokenVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    jwksCache,
    now: clock.now,
    tokenCacheSize: 0,
    ...verifierOptions,
  })
  return { verifier, jwks: jwks.state, clock, jwksCache, url }
}

describe('JWKS cache', () => {
  it('100 concurrent cold verifications make exactly one JWKS request', async () => {
    const key = await createTestKey()
    const { verifier, jwks, clock, jwksCache } = setup([key])
    const tokens = await Promise.all(
      Array.from({ length: 100 }, (_, i) => signToken(key, { sub: `usr_${i}` }, { now: clock.seconds() })),
    )
    const claims = await Promise.all(tokens.map((t) => verifier.verify(t)))
    expect(claims.map((c) => c.sub)).toEqual(tokens.map((_, i) => `usr_${i}`))
    expect(jwks.requests).toBe(1)
    expect(jwksCache.stats()).toMatchObject({ fetches: 1, failures: 0, keys: 1 })
  })

  it('is shared by verifiers of the same JWKS URL', async () => {
    const key = await createTestKey()
    const url = `${ISSUER}/shared-${++n}/jwks.json`
    const jwks = jwksHandler(url, [key.publicJwk])
    server.use(jwks.handler)
    const token = await signToken(key)
    for (let i = 0; i < 5; i++) {
      await createTokenVerifier({
        issuer: ISSUER,
        audience: AUDIENCE,
        jwksUrl: url,
        tokenCacheSize: 0,
      }).verify(token)
    }
    expect(jwks.state.requests).toBe(1)
  })

  it('refetches after the TTL', async () => {
    const key = await createTestKey()
    const { verifier, jwks, clock } = setup([key], { jwksCacheTtlMs: 60_000 })
    await verifier.verify(await signToken(key, {}, { now: clock.seconds() }))
    clock.advance(30_000)
    await verifier.verify(await signToken(key, {}, { now: clock.seconds() }))
    expect(jwks.requests).toBe(1)
    clock.advance(31_000)
    await verifier.verify(await signToken(key, {}, { now: clock.seconds() }))
    expect(jwks.requests).toBe(2)
  })

  it('refetches on an unknown kid (key rotation), at most once per cooldown', async () => {
    const oldKey = await createTestKey('key_old')
    const newKey = await createTestKey('key_new')
    const { verifier, jwks, clock } = setup([oldKey], { jwksCooldownMs: 10_000 })
    await verifier.verify(await signToken(oldKey, {}, { now: clock.seconds() }))
    expect(jwks.requests).toBe(1)

    // The issuer rotates: the new key appears in its JWKS.
    jwks.keys = [newKey.publicJwk, oldKey.publicJwk]
    const rotated = await signToken(newKey, {}, { now: clock.seconds() })
    // Within the cooldown of the last fetch: no refetch, unknown kid.
    await expect(verifier.verify(rotated)).rejects.toMatchObject({ reason: 'token_unknown_kid' })
    expect(jwks.requests).toBe(1)

    clock.advance(10_000)
    await expect(verifier.verify(rotated)).resolves.toMatchObject({ sub: 'usr_01HALICE' })
    expect(jwks.requests).toBe(2)

    // A flood of tokens with random kids right after: one request at most per cooldown.
    const stranger = await createTestKey('key_random')
    const floods = await Promise.all(
      Array.from({ length: 20 }, async () =>
        verifier.safeVerify(await signToken(stranger, {}, { now: clock.seconds() })),
      ),
    )
    expect(floods.every((r) => !r.ok && r.reason === 'token_unknown_kid')).toBe(true)
    expect(jwks.requests).toBe(2)
    clock.advance(10_000)
    await Promise.all(
      Array.from({ length: 20 }, async () =>
        verifier.safeVerify(await signToken(stranger, {}, { now: clock.seconds() })),
      ),
    )
    expect(jwks.requests).toBe(3)
  })

  it('keeps serving cached keys when a refetch fails, and retries after the cooldown', async () => {
    const key = await createTestKey()
    const { verifier, jwks, clock, jwksCache } = setup([key], {
      jwksCacheTtlMs: 60_000,
      jwksCooldownMs: 5_000,
    })
    await verifier.verify(await signToken(key, {}, { now: clock.seconds() }))

    jwks.respond = () => HttpResponse.error()
    clock.advance(61_000)
    await expect(verifier.verify(await signToken(key, {}, { now: clock.seconds() }))).resolves.toBeDefined()
    expect(jwks.requests).toBe(2)
    expect(jwksCache.stats()).toMatchObject({ fetches: 2, failures: 1, keys: 1 })
    expect(jwksCache.stats().lastError?.reason).toBe('jwks_unavailable')

    // During the cooldown, stale keys are used without hammering the issuer.
    await verifier.verify(await signToken(key, {}, { now: clock.seconds() }))
    expect(jwks.requests).toBe(2)

    jwks.respond = undefined
    clock.advance(5_000)
    await verifier.verify(await signToken(key, {}, { now: clock.seconds() }))
    expect(jwks.requests).toBe(3)
    expect(jwksCache.stats().lastError).toBeUndefined()
  })

  it('keeps serving cached keys when the refetch returns garbage', async () => {
    const key = await createTestKey()
    const { verifier, jwks, clock } = setup([key], { jwksCacheTtlMs: 1_000 })
    await verifier.verify(await signToken(key, {}, { now: clock.seconds() }))
    jwks.respond = () => HttpResponse.text('<<garbage>>')
    clock.advance(2_000)
    await expect(verifier.verify(await signToken(key, {}, { now: clock.seconds() }))).resolves.toBeDefined()
    expect(jwks.requests).toBe(2)
  })

  it('fails closed while it has no keys, without a request per verification during the cooldown', async () => {
    const key = await createTestKey()
    const { verifier, jwks, clock } = setup([key], { jwksCooldownMs: 5_000 })
    jwks.respond = () => new HttpResponse(null, { status: 503 })
    const token = await signToken(key, {}, { now: clock.seconds() })
    for (let i = 0; i < 5; i++)
      await expect(verifier.verify(token)).rejects.toMatchObject({ reason: 'jwks_unavailable' })
    expect(jwks.requests).toBe(1)

    jwks.respond = undefined
    clock.advance(5_000)
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'usr_01HALICE' })
    expect(jwks.requests).toBe(2)
  })

  it('refresh() joins a fetch in flight', async () => {
    const key = await createTestKey()
    const { jwks, jwksCache } = setup([key])
    await Promise.all([jwksCache.refresh(), jwksCache.refresh(), jwksCache.refresh()])
    expect(jwks.requests).toBe(1)
    expect(jwksCache.url).toContain('/jwks.json')
  })
})

describe('verified-token cache', () => {
  it('returns the remembered claims for a token seen before, without verifying again', async () => {
    const key = await createTestKey()
    const { verifier, clock } = setup([key], { tokenCacheSize: 100 })
    const token = await signToken(key, {}, { now: clock.seconds() })
    const first = await verifier.verify(token)
    const again = await verifier.verify(token)
    expect(again).toBe(first) // same frozen object: served from the cache

    const uncached = setup([key], { tokenCacheSize: 0 }).verifier
    const a = await uncached.verify(token)
    expect(await uncached.verify(token)).not.toBe(a)
    expect(await uncached.verify(token)).toEqual(a)
  })

  it('never returns a token past its exp', async () => {
    const key = await createTestKey()
    const { verifier, clock } = setup([key], { tokenCacheSize: 100, clockTolerance: 0 })
    const token = await signToken(key, {}, { now: clock.seconds(), expiresIn: 60 })
    await verifier.verify(token)
    clock.advance(59_000)
    await expect(verifier.verify(token)).resolves.toBeDefined()
    clock.advance(2_000)
    await expect(verifier.verify(token)).rejects.toMatchObject({ reason: 'token_expired' })
  })

  it('respects maxTokenAge for cached tokens', async () => {
    const key = await createTestKey()
    const { verifier, clock } = setup([key], { tokenCacheSize: 100, maxTokenAge: 120, clockTolerance: 0 })
    const token = await signToken(key, {}, { now: clock.seconds(), expiresIn: 3600 })
    await verifier.verify(token)
    clock.advance(121_000)
    await expect(verifier.verify(token)).rejects.toMatchObject({ reason: 'token_too_old' })
  })

  it('is bounded (least recently used goes first)', async () => {
    const key = await createTestKey()
    const { verifier, clock } = setup([key], { tokenCacheSize: 2 })
    const [t1, t2, t3] = await Promise.all(
      [1, 2, 3].map((i) => signToken(key, { sub: `usr_${i}` }, { now: clock.seconds() })),
    )
    const c1 = await verifier.verify(t1!)
    const c2 = await verifier.verify(t2!)
    expect(await verifier.verify(t1!)).toBe(c1) // t1 is now the most recently used
    await verifier.verify(t3!) // evicts t2
    expect(await verifier.verify(t1!)).toBe(c1)
    expect(await verifier.verify(t2!)).not.toBe(c2)
  })

  it('does not remember failures', async () => {
    const key = await createTestKey()
    const { verifier, clock } = setup([key], { tokenCacheSize: 100 })
    const early = await signToken(key, {}, { now: clock.seconds(), notBefore: 60 })
    await expect(verifier.verify(early)).rejects.toMatchObject({ reason: 'token_not_yet_valid' })
    clock.advance(60_000)
    await expect(verifier.verify(early)).resolves.toMatchObject({ sub: 'usr_01HALICE' })
  })

  it('drops tokens signed by a key that was retired from the JWKS', async () => {
    const oldKey = await createTestKey('key_retired')
    const newKey = await createTestKey('key_current')
    const { verifier, jwks, clock } = setup([oldKey, newKey], { tokenCacheSize: 100, jwksCacheTtlMs: 60_000 })
    const token = await signToken(oldKey, {}, { now: clock.seconds(), expiresIn: 3600 })
    await verifier.verify(token)
    jwks.keys = [newKey.publicJwk]
    clock.advance(61_000)
    await verifier.verify(await signToken(newKey, {}, { now: clock.seconds() })) // refetch after TTL
    await expect(verifier.verify(token)).rejects.toMatchObject({ reason: 'token_unknown_kid' })
  })

  it('re-checks a stale JWKS in the background on cache hits: a retired key stops verifying with only cache hits', async () => {
    const oldKey = await createTestKey('key_retired_quietly')
    const newKey = await createTestKey('key_next')
    const { verifier, jwks, clock, jwksCache } = setup([oldKey, newKey], {
      tokenCacheSize: 100,
      jwksCacheTtlMs: 60_000,
    })
    const token = await signToken(oldKey, {}, { now: clock.seconds(), expiresIn: 3600 })
    await verifier.verify(token)
    expect(jwks.requests).toBe(1)
    jwks.keys = [newKey.publicJwk] // rotation retires the old key
    clock.advance(61_000) // past the JWKS TTL; from now on only this (cached) token arrives
    await verifier.verify(token) // served from the cache while the JWKS is re-checked in the background
    // No call here fetches anything itself: wait for the background re-check to land.
    await vi.waitFor(() => expect(jwksCache.stats().fetchedAt).toBe(clock.now()), { timeout: 500 })
    expect(jwks.requests).toBe(2)
    await expect(verifier.verify(token)).rejects.toMatchObject({ reason: 'token_unknown_kid' })
  })

  it('clearCache() forgets every verified token', async () => {
    const key = await createTestKey()
    const { verifier, clock } = setup([key], { tokenCacheSize: 100 })
    const token = await signToken(key, {}, { now: clock.seconds() })
    const first = await verifier.verify(token)
    verifier.clearCache()
    expect(await verifier.verify(token)).not.toBe(first)
  })
})
