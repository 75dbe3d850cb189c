/**
 * Conformance with software we did not write (issue 14): the mock as a real HTTP server, driven by panva's
 * certified `openid-client` 6 (oauth4webapi) with its documented flows, access tokens checked with
 * node:crypto's own Ed25519, and webhook signatures checked with Stripe's `webhooks` helpers in both
 * directions (HelloJohn-Signature is Stripe's scheme). Only set-up (registering clients, webhooks) talks to
 * our API directly.
 */
import { createPublicKey, verify as cryptoVerify } from 'node:crypto'
import type { JsonWebKey } from 'node:crypto'
import * as client from 'openid-client'
import Stripe from 'stripe'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { verifyWebhook } from '@hellojohn/node'
import { startHelloJohnServer } from '@hellojohn/mock-server/node'
import type { HelloJohnServer } from '@hellojohn/mock-server/node'

const PORT = 19531
const ISSUER = `http://localhost:${PORT}`
const REDIRECT = 'http://localhost:5173/callback'
const PASSWORD = 'correct-horse-battery-staple'
const SK = 'sk_test_demo'
const insecure = { execute: [client.allowInsecureRequests] } // the mock speaks http on loopback

let mock: HelloJohnServer

beforeAll(async () => {
  mock = await startHelloJohnServer({ port: PORT, rateLimit: false, deliverWebhooks: false })
})
afterEach(() => mock.controls.reset())
afterAll(() => mock.close())

async function admin(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${ISSUER}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${SK}`,
      'X-Tenant-ID': 'tnt_demo',
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  expect(res.status, `${method} ${path}`).toBeLessThan(300)
  return res.json()
}

/** Registers an OAuth client through the admin API and discovers the mock for it with openid-client. */
async function registered(body: Record<string, unknown>, auth: 'basic' | 'post' = 'basic') {
  const c = await admin('POST', '/v1/clients', body)
  const metadata: Partial<client.ClientMetadata> = {}
  if (body['id_token_signed_response_alg'])
    metadata.id_token_signed_response_alg = body['id_token_signed_response_alg'] as string
  const clientAuth = c.client_secret
    ? auth === 'basic'
      ? client.ClientSecretBasic(c.client_secret)
      : client.ClientSecretPost(c.client_secret)
    : client.None()
  const config = await client.discovery(new URL(ISSUER), c.id, metadata, clientAuth, insecure)
  return { id: c.id as string, secret: c.client_secret as string, config }
}

/**
 * The browser's part: follows /authorize to the hosted sign-in page and posts alice's email and password, as
 * a form submission would. Returns the redirect back to the app and the browser-session cookie.
 */
async function browserSignIn(
  authorizationUrl: URL,
  email = 'alice@example.com',
): Promise<{ callback: URL; cookie: string }> {
  const first = await fetch(authorizationUrl, { redirect: 'manual' })
  expect(first.status).toBe(302)
  const page = new URL(first.headers.get('location')!)
  expect(`${page.origin}${page.pathname}`).toBe(`${ISSUER}/oauth/sign-in`)
  const html = await (await fetch(page)).text()
  expect(html).toContain('type="password"')
  const form = new URLSearchParams(page.searchParams)
  form.set('email', email)
  form.set('password', PASSWORD)
  const posted = await fetch(`${ISSUER}/oauth/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form,
    redirect: 'manual',
  })
  expect(posted.status).toBe(302)
  return {
    callback: new URL(posted.headers.get('location')!),
    cookie: posted.headers.get('set-cookie')!.split(';')[0]!,
  }
}

/**
 * Verifies an EdDSA JWS with node:crypto (OpenSSL's Ed25519), against the JWKS: no jose, none of our code.
 */
async function verifyEd25519(jwt: string): Promise<Record<string, unknown>> {
  const [h, p, s] = jwt.split('.') as [string, string, string]
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as {
    alg: string
    kid: string
    typ?: string
  }
  expect(header.alg).toBe('EdDSA')
  const jwks = (await (await fetch(`${ISSUER}/.well-known/jwks.json`)).json()) as {
    keys: (JsonWebKey & { kid: string })[]
  }
  const jwk = jwks.keys.find((k) => k.kid === header.kid)
  expect(jwk, 'the token kid is published').toBeDefined()
  const key = createPublicKey({ key: jwk!, format: 'jwk' })
  expect(cryptoVerify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))).toBe(true)
  const tampered = Buffer.from(`${h}.${p}x`)
  expect(cryptoVerify(null, tampered, key, Buffer.from(s, 'base64url'))).toBe(false)
  return JSON.parse(Buffer.from(p, 'base64url').toString('utf8'))
}

describe('openid-client 6.9.1 against the mock', () => {
  it('discovers the issuer (OIDC Discovery §4): RS256 and EdDSA offered, introspection advertised', async () => {
    const config = await client.discovery(new URL(ISSUER), 'pk_test_demo', undefined, client.None(), insecure)
    const meta = config.serverMetadata()
    expect(meta.issuer).toBe(ISSUER)
    expect(meta.id_token_signing_alg_values_supported).toEqual(expect.arrayContaining(['RS256', 'EdDSA']))
    expect(meta.introspection_endpoint).toBe(`${ISSUER}/v1/oauth/introspect`)
    expect(meta.supportsPKCE()).toBe(true)
  })

  it('authorization code + PKCE without state (the README flow), userinfo, refresh, revocation', async () => {
    const config = await client.discovery(new URL(ISSUER), 'pk_test_demo', undefined, client.None(), insecure)
    // openid-client's README: state only when the server does not support PKCE
    const code_verifier = client.randomPKCECodeVerifier()
    const code_challenge = await client.calculatePKCECodeChallenge(code_verifier)
    const parameters: Record<string, string> = {
      redirect_uri: REDIRECT,
      scope: 'openid email',
      code_challenge,
      code_challenge_method: 'S256',
    }
    let state: string | undefined
    if (!config.serverMetadata().supportsPKCE()) {
      state = client.randomState()
      parameters['state'] = state
    }
    expect(state).toBeUndefined()
    const { callback } = await browserSignIn(client.buildAuthorizationUrl(config, parameters))
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: code_verifier,
      expectedState: state,
      idTokenExpected: true,
    })
    const claims = tokens.claims()!
    expect(claims).toMatchObject({ iss: ISSUER, aud: 'pk_test_demo', email: 'alice@example.com' })
    const access = await verifyEd25519(tokens.access_token)
    expect(access).toMatchObject({ iss: ISSUER, sub: claims.sub, tenant_id: 'tnt_demo' })

    const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub)
    expect(info).toMatchObject({ sub: claims.sub, email: 'alice@example.com' })

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!)
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token)
    await verifyEd25519(refreshed.access_token)

    await client.tokenRevocation(config, refreshed.refresh_token!)
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    })
    // RFC 6750 §3: the revoked session's access token gets a Bearer challenge with invalid_token
    const challenged = await client
      .fetchUserInfo(config, refreshed.access_token, claims.sub)
      .catch((e: unknown) => e)
    expect(challenged).toBeInstanceOf(client.WWWAuthenticateChallengeError)
    expect((challenged as client.WWWAuthenticateChallengeError).cause[0]).toMatchObject({
      scheme: 'bearer',
      parameters: { error: 'invalid_token' },
    })
  })

  it('authorization code + PKCE with state and nonce, for a registered public client', async () => {
    const { config } = await registered({ name: 'SPA', type: 'spa', redirect_uris: [REDIRECT] })
    const code_verifier = client.randomPKCECodeVerifier()
    const state = client.randomState()
    const nonce = client.randomNonce()
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(code_verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    })
    const { callback } = await browserSignIn(url)
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: code_verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    })
    expect(tokens.claims()).toMatchObject({ nonce, email: 'alice@example.com' })
  })

  it('RS256 ID tokens for a client registered with id_token_signed_response_alg: RS256; access tokens stay EdDSA', async () => {
    const { id, config } = await registered({
      name: 'Legacy web',
      type: 'web',
      redirect_uris: [REDIRECT],
      id_token_signed_response_alg: 'RS256',
    })
    const code_verifier = client.randomPKCECodeVerifier()
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid email',
      code_challenge: await client.calculatePKCECodeChallenge(code_verifier),
      code_challenge_method: 'S256',
    })
    const { callback } = await browserSignIn(url)
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: code_verifier,
      idTokenExpected: true,
    })
    expect(JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString())).toMatchObject({
      alg: 'RS256',
    })
    expect(tokens.claims()).toMatchObject({ aud: id, iss: ISSUER })
    await verifyEd25519(tokens.access_token)
  })

  it('confidential client: refresh and revocation authenticate (RFC 6749 §6, RFC 7009 §2.1); introspection (RFC 7662)', async () => {
    const { config } = await registered({ name: 'Backend', type: 'web', redirect_uris: [REDIRECT] }, 'post')
    const code_verifier = client.randomPKCECodeVerifier()
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(code_verifier),
      code_challenge_method: 'S256',
    })
    const tokens = await client.authorizationCodeGrant(config, (await browserSignIn(url)).callback, {
      pkceCodeVerifier: code_verifier,
    })
    // the same client without its secret is refused
    const anonymous = await client.discovery(
      new URL(ISSUER),
      config.clientMetadata().client_id,
      undefined,
      client.None(),
      insecure,
    )
    await expect(client.refreshTokenGrant(anonymous, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_client',
    })
    await expect(client.tokenRevocation(anonymous, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_client',
    })
    await expect(client.tokenIntrospection(anonymous, tokens.access_token)).rejects.toMatchObject({
      error: 'invalid_client',
    })

    const active = await client.tokenIntrospection(config, tokens.access_token)
    expect(active).toMatchObject({ active: true, token_type: 'Bearer', iss: ISSUER })
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!)
    expect((await client.tokenIntrospection(config, refreshed.refresh_token!)).active).toBe(true)
    await client.tokenRevocation(config, refreshed.refresh_token!)
    expect(await client.tokenIntrospection(config, refreshed.refresh_token!)).toEqual({ active: false })
  })

  it('client_credentials with client_secret_basic and client_secret_post', async () => {
    for (const auth of ['basic', 'post'] as const) {
      const { id, config } = await registered(
        { name: `Cron ${auth}`, type: 'machine', scopes: ['users:read'] },
        auth,
      )
      const tokens = await client.clientCredentialsGrant(config, { scope: 'users:read' })
      expect(tokens.refresh_token).toBeUndefined()
      expect(await verifyEd25519(tokens.access_token)).toMatchObject({
        sub: id,
        scope: 'users:read',
        iss: ISSUER,
      })
      const wrong = await client.discovery(
        new URL(ISSUER),
        id,
        undefined,
        auth === 'basic' ? client.ClientSecretBasic('cs_wrong') : client.ClientSecretPost('cs_wrong'),
        insecure,
      )
      const e = await client.clientCredentialsGrant(wrong, { scope: 'users:read' }).catch((x: unknown) => x)
      if (auth === 'basic') {
        // RFC 6749 §5.2: 401 with a WWW-Authenticate challenge for the scheme the client used
        expect(e).toBeInstanceOf(client.WWWAuthenticateChallengeError)
        expect((e as client.WWWAuthenticateChallengeError).cause[0]).toMatchObject({ scheme: 'basic' })
        expect((e as client.WWWAuthenticateChallengeError).status).toBe(401)
      } else {
        expect(e).toBeInstanceOf(client.ResponseBodyError)
        expect(e).toMatchObject({ error: 'invalid_client', status: 401 })
      }
    }
  })

  it('authorization errors come back to the redirect URI (RFC 6749 §4.1.2.1) and openid-client reads them', async () => {
    const config = await client.discovery(new URL(ISSUER), 'pk_test_demo', undefined, client.None(), insecure)
    const code_verifier = client.randomPKCECodeVerifier()
    const code_challenge = await client.calculatePKCECodeChallenge(code_verifier)
    const cases: [Record<string, string>, string][] = [
      [
        { response_type: 'token', code_challenge, code_challenge_method: 'S256' },
        'unsupported_response_type',
      ],
      [{ code_challenge: code_verifier, code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge, code_challenge_method: 'S256', prompt: 'none' }, 'login_required'],
    ]
    for (const [extra, error] of cases) {
      const state = client.randomState()
      const res = await fetch(
        client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid', state, ...extra }),
        { redirect: 'manual' },
      )
      expect(res.status).toBe(302)
      const callback = new URL(res.headers.get('location')!)
      expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT)
      const e = await client
        .authorizationCodeGrant(config, callback, { pkceCodeVerifier: code_verifier, expectedState: state })
        .catch((x: unknown) => x)
      expect(e, error).toBeInstanceOf(client.AuthorizationResponseError)
      expect((e as client.AuthorizationResponseError).error).toBe(error)
    }
    // an unregistered redirect URI is never redirected to
    const evil = await fetch(
      client.buildAuthorizationUrl(config, {
        redirect_uri: 'https://evil.example/cb',
        code_challenge,
        code_challenge_method: 'S256',
      }),
      { redirect: 'manual' },
    )
    expect(evil.status).toBe(400)
    expect(evil.headers.get('location')).toBeNull()
  })

  it('prompt=none with the browser session of the sign-in page returns a code silently (OIDC Core §3.1.2.6)', async () => {
    const config = await client.discovery(new URL(ISSUER), 'pk_test_demo', undefined, client.None(), insecure)
    const first = client.randomPKCECodeVerifier()
    const { cookie } = await browserSignIn(
      client.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT,
        scope: 'openid',
        code_challenge: await client.calculatePKCECodeChallenge(first),
        code_challenge_method: 'S256',
      }),
    )
    const code_verifier = client.randomPKCECodeVerifier()
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid email',
      prompt: 'none',
      code_challenge: await client.calculatePKCECodeChallenge(code_verifier),
      code_challenge_method: 'S256',
    })
    const res = await fetch(url, { redirect: 'manual', headers: { Cookie: cookie } })
    const tokens = await client.authorizationCodeGrant(config, new URL(res.headers.get('location')!), {
      pkceCodeVerifier: code_verifier,
      idTokenExpected: true,
    })
    expect(tokens.claims()).toMatchObject({ email: 'alice@example.com' })
  })
})

describe("webhook signatures with stripe 23.2.0 (the HelloJohn-Signature scheme is Stripe's)", () => {
  const stripe = new Stripe('sk_test_unused')

  it("a delivery signed by the mock verifies with Stripe's constructEvent", async () => {
    const seen: { headers: Record<string, string>; body: string }[] = []
    mock.state.deliverer = async (req) => {
      seen.push(req)
      return 204
    }
    const hook = await admin('POST', '/v1/webhooks', {
      url: 'http://localhost:19532/hooks',
      events: ['user.created'],
    })
    await admin('POST', '/v1/users', { email: 'stripe-check@example.com' })
    await vi.waitFor(() => expect(seen).toHaveLength(1)) // the server delivers in the background
    const event = stripe.webhooks.constructEvent(
      seen[0]!.body,
      seen[0]!.headers['hellojohn-signature']!,
      hook.signing_secret,
    ) as unknown as { type: string; data: { object: { email: string } } }
    expect(event).toMatchObject({
      type: 'user.created',
      data: { object: { email: 'stripe-check@example.com' } },
    })
    expect(() =>
      stripe.webhooks.constructEvent(seen[0]!.body, seen[0]!.headers['hellojohn-signature']!, 'whsec_wrong'),
    ).toThrow(/signature/i)
  })

  it("a header made by Stripe's generateTestHeaderString verifies with @hellojohn/node verifyWebhook", async () => {
    const secret = 'whsec_stripe_made_secret'
    const payload = JSON.stringify({
      id: 'evt_1',
      type: 'user.created',
      created_at: '2026-01-01T00:00:00Z',
      tenant_id: 'tnt_demo',
      data: { object: { id: 'usr_1' } },
    })
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret })
    const event = await verifyWebhook({ payload, headers: { 'hellojohn-signature': header }, secret })
    expect(event).toMatchObject({ id: 'evt_1', type: 'user.created' })
    const forged = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_other' })
    await expect(
      verifyWebhook({ payload, headers: { 'hellojohn-signature': forged }, secret }),
    ).rejects.toThrow()
  })
})
