import { HttpResponse } from 'msw'
import { CompactSign, exportJWK, generateKeyPair, SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  createTokenVerifier,
  HelloJohnTokenVerificationError,
  type TokenVerificationFailureReason,
  type TokenVerifier,
  type TokenVerifierOptions,
} from '@hellojohn/node'
import { jwksHandler, useMswServer } from './support/jwks-server'
import {
  AUDIENCE,
  createTestKey,
  forgedPayload,
  ISSUER,
  rawJws,
  signToken,
  type TestKey,
} from './support/keys'

const server = useMswServer()

let n = 0
let key: TestKey
beforeAll(async () => {
  key = await createTestKey('key_live')
})

/**
 * A verifier over a fresh JWKS endpoint serving `key`; returns the endpoint state to count or break requests.
 */
function setup(options: Partial<TokenVerifierOptions> = {}) {
  const url = `${ISSUER}/security-${++n}/jwks.json`
  const jwks = jwksHandler(url, [key.publicJwk])
  server.use(jwks.handler)
  const verifier = createTokenVerifier({ issuer: ISSUER, jwksUrl: url, audience: AUDIENCE, ...options })
  return { verifier, jwks: jwks.state }
}

/** Asserts both faces: verify() rejects with the typed error, safeVerify() reports the same reason. */
async function expectRejected(
  verifier: TokenVerifier,
  token: string,
  reason: TokenVerificationFailureReason,
) {
  const error = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error, `expected ${reason}`).toBeInstanceOf(HelloJohnTokenVerificationError)
  expect((error as HelloJohnTokenVerificationError).reason).toBe(reason)
  expect((error as HelloJohnTokenVerificationError).code).toBe(reason)
  if (typeof token === 'string' && token.length > 20) expect((error as Error).message).not.toContain(token)
  const result = await verifier.safeVerify(token)
  expect(result).toMatchObject({ ok: false, reason })
  return error as HelloJohnTokenVerificationError
}

describe('token verification rejects forged and invalid tokens with a reason', () => {
  it('accepts the genuine token (control)', async () => {
    const { verifier } = setup()
    await expect(verifier.verify(await signToken(key))).resolves.toMatchObject({ sub: 'usr_01HALICE' })
  })

  it('alg: none (unsigned) → token_alg_not_allowed, without fetching the JWKS', async () => {
    const { verifier, jwks } = setup()
    await expectRejected(
      verifier,
      rawJws({ alg: 'none', kid: key.kid }, forgedPayload()),
      'token_alg_not_allowed',
    )
    await expectRejected(
      verifier,
      rawJws({ alg: 'none', typ: 'JWT' }, forgedPayload(), 'e30'),
      'token_alg_not_allowed',
    )
    expect(jwks.requests).toBe(0)
  })

  it('HS256 signed with the public JWK as the HMAC secret → token_alg_not_allowed', async () => {
    const { verifier } = setup()
    const secrets = [
      new TextEncoder().encode(JSON.stringify(key.publicJwk)),
      new TextEncoder().encode(String(key.publicJwk.x)),
    ]
    for (const secret of secrets) {
      const forged = await new SignJWT(forgedPayload())
        .setProtectedHeader({ alg: 'HS256', kid: key.kid })
        .sign(secret)
      await expectRejected(verifier, forged, 'token_alg_not_allowed')
    }
  })

  it('a kid that is not in the JWKS → token_unknown_kid', async () => {
    const { verifier, jwks } = setup()
    const stranger = await createTestKey('key_stranger')
    await expectRejected(verifier, await signToken(stranger), 'token_unknown_kid')
    await expectRejected(verifier, await signToken(stranger), 'token_unknown_kid')
    // the set was just fetched: within the cooldown an unknown kid causes no further request
    expect(jwks.requests).toBe(1)
  })

  it("a token signed by another key that claims the real key's kid → token_invalid_signature", async () => {
    const { verifier } = setup()
    const impostor = await createTestKey(key.kid)
    await expectRejected(verifier, await signToken(impostor), 'token_invalid_signature')
  })

  it('tampered payload → token_invalid_signature', async () => {
    const { verifier } = setup()
    const [header, , signature] = (await signToken(key)).split('.')
    const escalated = rawJws(
      { alg: 'EdDSA', kid: key.kid, typ: 'JWT' },
      forgedPayload({ sub: 'usr_01HALICE', role: 'owner' }),
    )
    const forged = `${header}.${escalated.split('.')[1]}.${signature}`
    await expectRejected(verifier, forged, 'token_invalid_signature')
  })

  it('tampered signature → token_invalid_signature', async () => {
    const { verifier } = setup()
    const token = await signToken(key)
    const [h, p, s = ''] = token.split('.')
    const i = 10
    const flipped = `${s.slice(0, i)}${s[i] === 'A' ? 'B' : 'A'}${s.slice(i + 1)}`
    await expectRejected(verifier, `${h}.${p}.${flipped}`, 'token_invalid_signature')
    await expectRejected(verifier, `${h}.${p}.${s.slice(0, 40)}`, 'token_invalid_signature')
  })

  it('expired → token_expired', async () => {
    const { verifier } = setup()
    await expectRejected(
      verifier,
      await signToken(key, {}, { expiresIn: -60, issuedAt: -960 }),
      'token_expired',
    )
  })

  it('not yet valid (nbf or iat in the future) → token_not_yet_valid', async () => {
    const { verifier } = setup()
    await expectRejected(verifier, await signToken(key, {}, { notBefore: 120 }), 'token_not_yet_valid')
    await expectRejected(
      verifier,
      await signToken(key, {}, { issuedAt: 300, expiresIn: 1200 }),
      'token_not_yet_valid',
    )
  })

  it('older than maxTokenAge → token_too_old', async () => {
    const { verifier } = setup({ maxTokenAge: 600 })
    await expectRejected(
      verifier,
      await signToken(key, {}, { issuedAt: -3600, expiresIn: 900 }),
      'token_too_old',
    )
  })

  it('wrong issuer → token_issuer_mismatch', async () => {
    const { verifier } = setup()
    await expectRejected(
      verifier,
      await signToken(key, {}, { issuer: 'https://evil.example.com' }),
      'token_issuer_mismatch',
    )
  })

  it('wrong audience → token_audience_mismatch', async () => {
    const { verifier } = setup()
    await expectRejected(
      verifier,
      await signToken(key, {}, { audience: 'tnt_other_tenant' }),
      'token_audience_mismatch',
    )
  })

  it('wrong or missing azp → token_azp_mismatch', async () => {
    const { verifier } = setup({ authorizedParties: ['pk_test_demo'] })
    await expectRejected(verifier, await signToken(key, { azp: 'pk_test_attacker' }), 'token_azp_mismatch')
    await expectRejected(verifier, await signToken(key, { azp: undefined }), 'token_azp_mismatch')
  })

  it('missing sub or exp → token_claim_invalid', async () => {
    const { verifier } = setup()
    await expectRejected(verifier, await signToken(key, { sub: undefined }), 'token_claim_invalid')
    const noExp = await new SignJWT({ sub: 'usr_1' })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'at+jwt' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .sign(key.privateKey)
    await expectRejected(verifier, noExp, 'token_claim_invalid')
  })

  it('malformed tokens → token_malformed, without fetching the JWKS', async () => {
    const { verifier, jwks } = setup()
    const valid = await signToken(key)
    const malformed = [
      'not-a-jwt',
      'a.b',
      'a.b.c.d.e',
      '...',
      `${valid} `,
      `Bearer ${valid}`,
      rawJws('not json', forgedPayload()),
      rawJws(['array'], forgedPayload()),
    ]
    for (const token of malformed) await expectRejected(verifier, token, 'token_malformed')
    expect(jwks.requests).toBe(0)
  })

  it('a correctly signed payload that is not a JSON object → token_malformed', async () => {
    const { verifier } = setup()
    for (const payload of ['"just a string"', '[1,2,3]', 'not json at all']) {
      const signed = await new CompactSign(new TextEncoder().encode(payload))
        .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'at+jwt' })
        .sign(key.privateKey)
      await expectRejected(verifier, signed, 'token_malformed')
    }
  })

  it('empty or non-string → token_missing', async () => {
    const { verifier } = setup()
    await expectRejected(verifier, '', 'token_missing')
    await expectRejected(verifier, null as unknown as string, 'token_missing')
  })

  it('oversized tokens → token_too_large, before any parsing or fetch', async () => {
    const { verifier, jwks } = setup()
    const huge = await signToken(key, { padding: 'x'.repeat(10_000) })
    await expectRejected(verifier, huge, 'token_too_large')
    await expectRejected(verifier, 'a'.repeat(1_000_000), 'token_too_large')
    expect(jwks.requests).toBe(0)
    const roomy = setup({ maxTokenLength: 20_000 })
    await expect(roomy.verifier.verify(huge)).resolves.toMatchObject({ padding: 'x'.repeat(10_000) })
  })

  it('an Ed25519 token is refused when only ES256 is configured → token_alg_not_allowed', async () => {
    const { verifier } = setup({ algorithms: ['ES256'] })
    await expectRejected(verifier, await signToken(key), 'token_alg_not_allowed')
  })

  it('a JWKS publishing a private key is refused → jwks_unavailable', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
    const privateJwk = { ...(await exportJWK(privateKey)), kid: 'key_private', alg: 'EdDSA' }
    const verifier = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [privateJwk] } })
    const token = await new SignJWT(forgedPayload())
      .setProtectedHeader({ alg: 'EdDSA', kid: 'key_private', typ: 'at+jwt' })
      .sign(privateKey)
    await expectRejected(verifier, token, 'jwks_unavailable')
  })
})

describe('an unreachable or broken JWKS fails closed with a clear error', () => {
  const broken: Array<[string, () => Response, RegExp]> = [
    ['a network error', () => HttpResponse.error(), /could not be fetched/],
    ['HTTP 500', () => new HttpResponse('boom', { status: 500 }), /HTTP 500/],
    ['HTML instead of JSON', () => HttpResponse.html('<html>login</html>'), /did not answer JSON/],
    ['JSON without keys', () => HttpResponse.json({ hello: 'world' }), /"keys" array/],
    [
      'keys that are not keys',
      () => HttpResponse.json({ keys: [1, 'two', { foo: 'bar' }] }),
      /no usable keys/,
    ],
    ['an empty key set', () => HttpResponse.json({ keys: [] }), /no usable keys/],
  ]
  for (const [what, respond, message] of broken) {
    it(`${what} → jwks_unavailable`, async () => {
      const { verifier, jwks } = setup()
      jwks.respond = respond
      const error = await expectRejected(verifier, await signToken(key), 'jwks_unavailable')
      expect(error.message).toMatch(message)
    })
  }

  it('a JWKS that never answers → jwks_unavailable after jwksTimeoutMs', async () => {
    const { verifier, jwks } = setup({ jwksTimeoutMs: 50 })
    jwks.respond = () => new Promise<Response>(() => {})
    const error = await expectRejected(verifier, await signToken(key), 'jwks_unavailable')
    expect(error.message).toMatch(/within 50 ms/)
  })
})
