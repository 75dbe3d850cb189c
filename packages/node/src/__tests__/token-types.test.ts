import type { AddressInfo } from 'node:net'
import express from 'express'
import { generateKeyPair, SignJWT } from 'jose'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  authenticateRequest,
  createTokenVerifier,
  HelloJohn,
  isHelloJohnError,
  requireAuth,
  verifyToken,
  type TokenVerifierOptions,
} from '@hellojohn/node'
import { AUDIENCE, createTestKey, ISSUER, signToken, type TestKey } from './support/keys'

/*
 * Issue 12, item 1: every token here is minted with jose directly (not by our mock), the way any RFC 9068 /
 * OIDC issuer would: access tokens with `typ: at+jwt`, ID tokens with `typ: JWT` and the client as audience,
 * machine (client_credentials) tokens with `sub` = client id and no `sid`.
 */

const servers: Array<{ close(): void }> = []
afterEach(() => {
  vi.unstubAllEnvs()
  for (const s of servers.splice(0)) s.close()
})

const now = () => Math.floor(Date.now() / 1000)

/** An OIDC ID token for alice: same issuer and key as her access token, `aud` = the client, `typ: JWT`. */
function idToken(key: TestKey, audience: string = 'pk_test_demo'): Promise<string> {
  return new SignJWT({
    sub: 'usr_01HALICE',
    sid: 'ses_01HSESSION',
    tenant_id: AUDIENCE,
    azp: 'pk_test_demo',
    email: 'alice@example.com',
    nonce: 'n-0S6_WzA2Mj',
    auth_time: now(),
  })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt(now())
    .setExpirationTime(now() + 900)
    .sign(key.privateKey)
}

/**
 * A client_credentials token: `typ: at+jwt`, `sub` = `client_id` = `cli_…`, no `sid`, the tenant as audience.
 */
function machineToken(key: TestKey, audience: string = AUDIENCE): Promise<string> {
  return new SignJWT({
    sub: 'cli_01HCRON',
    client_id: 'cli_01HCRON',
    azp: 'cli_01HCRON',
    tenant_id: audience,
    scope: 'users:read',
    gty: 'client_credentials',
    jti: 'jti_machine',
  })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'at+jwt' })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt(now())
    .setExpirationTime(now() + 900)
    .sign(key.privateKey)
}

async function setup(options: Partial<TokenVerifierOptions> = {}) {
  const key = await createTestKey()
  const verifier = createTokenVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    jwks: { keys: [key.publicJwk] },
    ...options,
  })
  return { key, verifier }
}

describe('token types (RFC 9068): only access tokens of one tenant by default', () => {
  it('accepts a session access token and says which kind it is', async () => {
    const { key, verifier } = await setup()
    const result = await verifier.safeVerify(await signToken(key))
    expect(result).toMatchObject({ ok: true, tokenType: 'session', claims: { sub: 'usr_01HALICE' } })
  })

  it('refuses an ID token (typ JWT) with token_type_not_allowed, whatever its audience', async () => {
    const { key, verifier } = await setup()
    for (const token of [await idToken(key), await idToken(key, AUDIENCE)]) {
      const result = await verifier.safeVerify(token)
      expect(result).toMatchObject({ ok: false, reason: 'token_type_not_allowed' })
    }
  })

  it('refuses an RS256 ID token as not an access token, before any JWKS request', async () => {
    const { privateKey } = await generateKeyPair('RS256')
    const rsIdToken = await new SignJWT({ sub: 'usr_01HALICE', sid: 'ses_01HSESSION', tenant_id: AUDIENCE })
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa_1', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience('pk_test_demo')
      .setIssuedAt(now())
      .setExpirationTime(now() + 900)
      .sign(privateKey)
    let requests = 0
    const verifier = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUrl: `${ISSUER}/rs-${Math.random()}/jwks.json`,
      fetch: async () => {
        requests++
        return new Response('{"keys":[]}')
      },
    })
    expect(await verifier.safeVerify(rsIdToken)).toMatchObject({
      ok: false,
      reason: 'token_type_not_allowed',
    })
    expect(requests).toBe(0)
  })

  it('refuses an access token without typ, or with another typ', async () => {
    const { key, verifier } = await setup()
    for (const header of [{ typ: undefined }, { typ: 'JWT' }, { typ: 'dpop+jwt' }]) {
      const token = await signToken(key, {}, { header })
      expect(await verifier.safeVerify(token)).toMatchObject({ ok: false, reason: 'token_type_not_allowed' })
    }
    // RFC 9068 / RFC 7515: the "application/" prefix may be written out.
    const long = await signToken(key, {}, { header: { typ: 'application/at+jwt' } })
    expect(await verifier.safeVerify(long)).toMatchObject({ ok: true })
  })

  it('refuses a machine (client_credentials) token unless acceptsToken lists "machine"', async () => {
    const { key, verifier } = await setup()
    const token = await machineToken(key)
    const refused = await verifier.safeVerify(token)
    expect(refused).toMatchObject({ ok: false, reason: 'token_type_not_allowed' })
    if (!refused.ok) expect(refused.error.message).toMatch(/acceptsToken/)

    const both = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwks: { keys: [key.publicJwk] },
      acceptsToken: ['session', 'machine'],
    })
    expect(await both.safeVerify(token)).toMatchObject({
      ok: true,
      tokenType: 'machine',
      claims: { sub: 'cli_01HCRON', client_id: 'cli_01HCRON' },
    })
    expect(await both.safeVerify(await signToken(key))).toMatchObject({ ok: true, tokenType: 'session' })

    const machineOnly = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwks: { keys: [key.publicJwk] },
      acceptsToken: ['machine'],
    })
    expect(await machineOnly.safeVerify(await signToken(key))).toMatchObject({
      ok: false,
      reason: 'token_type_not_allowed',
    })
    // ID tokens stay refused even when machine tokens are accepted.
    expect(await both.safeVerify(await idToken(key))).toMatchObject({
      ok: false,
      reason: 'token_type_not_allowed',
    })
  })

  it('refuses an access token that is neither a session (sid) nor a machine token (sub = client_id)', async () => {
    const { key } = await setup()
    const both = createTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwks: { keys: [key.publicJwk] },
      acceptsToken: ['session', 'machine'],
    })
    const neither = await signToken(key, { sid: undefined, client_id: 'pk_test_demo' }) // a user, but no session
    expect(await both.safeVerify(neither)).toMatchObject({ ok: false, reason: 'token_type_not_allowed' })
  })

  it("refuses another tenant's access token (and its machine token) with token_audience_mismatch", async () => {
    const { key, verifier } = await setup({ acceptsToken: ['session', 'machine'] })
    const other = await signToken(key, { tenant_id: 'tnt_other', role: 'admin' }, { audience: 'tnt_other' })
    expect(await verifier.safeVerify(other)).toMatchObject({ ok: false, reason: 'token_audience_mismatch' })
    expect(await verifier.safeVerify(await machineToken(key, 'tnt_other'))).toMatchObject({
      ok: false,
      reason: 'token_audience_mismatch',
    })
  })

  it('takes the tenant as tenantId, or from HELLOJOHN_TENANT_ID / HELLOJOHN_AUDIENCE', async () => {
    const key = await createTestKey()
    const jwks = { keys: [key.publicJwk] }
    const token = await signToken(key)
    const other = await signToken(key, {}, { audience: 'tnt_other' })
    const byTenant = createTokenVerifier({ issuer: ISSUER, tenantId: AUDIENCE, jwks })
    expect(await byTenant.safeVerify(token)).toMatchObject({ ok: true })
    expect(await byTenant.safeVerify(other)).toMatchObject({ ok: false, reason: 'token_audience_mismatch' })

    vi.stubEnv('HELLOJOHN_TENANT_ID', AUDIENCE)
    await expect(verifyToken(token, { issuer: ISSUER, jwks })).resolves.toMatchObject({ sub: 'usr_01HALICE' })
    await expect(verifyToken(other, { issuer: ISSUER, jwks })).rejects.toMatchObject({
      reason: 'token_audience_mismatch',
    })
    vi.unstubAllEnvs()
    vi.stubEnv('HELLOJOHN_AUDIENCE', AUDIENCE)
    await expect(verifyToken(token, { issuer: ISSUER, jwks })).resolves.toMatchObject({ sub: 'usr_01HALICE' })
  })

  it('fails closed with a configuration error when no tenant / audience is configured', async () => {
    const key = await createTestKey()
    const jwks = { keys: [key.publicJwk] }
    vi.stubEnv('HELLOJOHN_TENANT_ID', '')
    vi.stubEnv('HELLOJOHN_AUDIENCE', '')
    const token = await signToken(key)
    const expectConfigError = (fn: () => unknown) => {
      let error: unknown
      try {
        fn()
      } catch (e) {
        error = e
      }
      expect(isHelloJohnError(error, 'config_invalid_tenant_id')).toBe(true)
      expect(error).toMatchObject({ name: 'HelloJohnConfigError', option: 'audience' })
      expect((error as Error).message).toMatch(/tenantId/)
      expect((error as Error).message).toMatch(/HELLOJOHN_TENANT_ID/)
    }
    expectConfigError(() => createTokenVerifier({ issuer: ISSUER, jwks }))
    expectConfigError(() => requireAuth({ issuer: ISSUER, jwks }))
    await expect(verifyToken(token, { issuer: ISSUER, jwks })).rejects.toMatchObject({
      code: 'config_invalid_tenant_id',
    })
    await expect(
      authenticateRequest(new Request('http://x/', { headers: { authorization: `Bearer ${token}` } }), {
        issuer: ISSUER,
        jwks,
      }),
    ).rejects.toMatchObject({ code: 'config_invalid_tenant_id' })
  })

  it('authenticateRequest and requireAuth refuse ID and machine tokens, and report the kind they accepted', async () => {
    const key = await createTestKey()
    const jwks = { keys: [key.publicJwk] }
    const options = { issuer: ISSUER, audience: AUDIENCE, jwks }
    const request = (token: string) =>
      new Request('http://x/', { headers: { authorization: `Bearer ${token}` } })

    expect(await authenticateRequest(request(await idToken(key)), options)).toMatchObject({
      isAuthenticated: false,
      reason: 'token_type_not_allowed',
    })
    expect(await authenticateRequest(request(await machineToken(key)), options)).toMatchObject({
      isAuthenticated: false,
      reason: 'token_type_not_allowed',
    })
    expect(
      await authenticateRequest(request(await machineToken(key)), {
        ...options,
        acceptsToken: ['session', 'machine'],
      }),
    ).toMatchObject({ isAuthenticated: true, tokenType: 'machine' })
    expect(await authenticateRequest(request(await signToken(key)), options)).toMatchObject({
      isAuthenticated: true,
      tokenType: 'session',
    })

    const app = express()
    app.get('/api/me', requireAuth(options), (req, res) => {
      res.json({ sub: req.auth?.claims.sub, tokenType: req.auth?.tokenType })
    })
    const server = app.listen(0)
    servers.push(server)
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const call = (token: string) => fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${token}` } })

    const id = await call(await idToken(key))
    expect(id.status).toBe(401)
    expect(await id.json()).toMatchObject({ error: { details: { reason: 'token_type_not_allowed' } } })
    const machine = await call(await machineToken(key))
    expect(machine.status).toBe(401)
    expect(await machine.json()).toMatchObject({ error: { details: { reason: 'token_type_not_allowed' } } })
    const ok = await call(await signToken(key))
    expect(await ok.json()).toEqual({ sub: 'usr_01HALICE', tokenType: 'session' })
  })

  it('new HelloJohn().auth refuses ID tokens, machine tokens and other tenants before any API call', async () => {
    const key = await createTestKey()
    const fetchImpl = vi.fn(async () => new Response('{}', { status: 500 }))
    const hj = new HelloJohn({
      secretKey: 'sk_test_demo',
      tenantId: AUDIENCE,
      baseUrl: ISSUER,
      fetch: fetchImpl,
      retry: false,
      tokenVerification: { issuer: ISSUER, jwks: { keys: [key.publicJwk] } },
    })
    await expect(hj.auth.verifyToken(await signToken(key))).resolves.toMatchObject({ sub: 'usr_01HALICE' })
    await expect(hj.auth.verifyToken(await idToken(key))).rejects.toMatchObject({
      reason: 'token_type_not_allowed',
    })
    await expect(hj.auth.getUser(await machineToken(key))).rejects.toMatchObject({
      reason: 'token_type_not_allowed',
    })
    await expect(hj.auth.getUser(await signToken(key, {}, { audience: 'tnt_other' }))).rejects.toMatchObject({
      reason: 'token_audience_mismatch',
    })
    expect(fetchImpl).not.toHaveBeenCalled()
  })
})
