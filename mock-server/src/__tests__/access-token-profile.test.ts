import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  BASE,
  PASSWORD,
  PK,
  SK,
  TENANT,
  call,
  claimsOf,
  signInAlice,
  theMock,
  useAuthMock,
} from './auth-harness'

/*
 * Issue 12, item 1 (the issuing side): access tokens follow the JWT profile of RFC 9068 (header `typ: at+jwt`,
 * `client_id`, `aud` = the tenant) so resource servers can tell them from ID tokens (`typ: JWT`, `aud` = the
 * client). Checked with jose, not with our SDK.
 */

useAuthMock()

const REDIRECT = 'http://localhost:5173/callback'

function b64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

async function jwks() {
  return createLocalJWKSet((await call('GET', '/.well-known/jwks.json', { token: null, tenant: null })).body)
}

/** Authorization code + PKCE for alice with scope openid: the token response (access_token and id_token). */
async function oauthTokens(): Promise<{ access_token: string; id_token: string }> {
  const verifier = b64url(globalThis.crypto.getRandomValues(new Uint8Array(32)))
  const challenge = b64url(
    new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  )
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: PK,
    redirect_uri: REDIRECT,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'state-1234567',
    scope: 'openid email',
    nonce: 'n-1',
    login_hint: 'alice@example.com',
  })
  const authorize = await call('GET', `/v1/oauth/authorize?${query}`, { token: null, tenant: null })
  expect(authorize.status).toBe(302)
  // login_hint only prefills the sign-in page: post alice's password there, as the browser would
  const signIn = new URLSearchParams(new URL(authorize.headers.get('location')!).searchParams)
  signIn.set('email', 'alice@example.com')
  signIn.set('password', PASSWORD)
  const posted = await fetch(`${BASE}/oauth/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: signIn,
    redirect: 'manual',
  })
  expect(posted.status).toBe(302)
  const code = new URL(posted.headers.get('location')!).searchParams.get('code')!
  const t = await call('POST', '/v1/oauth/token', {
    token: null,
    tenant: null,
    form: {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      client_id: PK,
    },
  })
  expect(t.status).toBe(200)
  return t.body
}

describe('access tokens are RFC 9068 JWTs', () => {
  it('a session access token: typ at+jwt, client_id, aud = tenant (jose checks typ and aud)', async () => {
    const { access } = await signInAlice()
    expect(decodeProtectedHeader(access).typ).toBe('at+jwt')
    const { payload } = await jwtVerify(access, await jwks(), {
      issuer: BASE,
      audience: TENANT,
      typ: 'at+jwt',
      currentDate: new Date(theMock().controls.now()),
    })
    expect(payload).toMatchObject({ client_id: PK, azp: PK, aud: TENANT, tenant_id: TENANT })
    expect(payload.sid).toMatch(/^ses_/)
  })

  it('a client_credentials token: typ at+jwt, sub = client_id = cli_…, no sid', async () => {
    const m = await call('POST', '/v1/clients', {
      token: SK,
      body: { name: 'Cron', type: 'machine', scopes: ['users:read'] },
    })
    expect(m.status).toBe(201)
    const t = await call('POST', '/v1/oauth/token', {
      token: null,
      tenant: null,
      form: { grant_type: 'client_credentials', client_id: m.body.id, client_secret: m.body.client_secret },
    })
    expect(t.status).toBe(200)
    expect(decodeProtectedHeader(t.body.access_token).typ).toBe('at+jwt')
    const claims = claimsOf(t.body.access_token)
    expect(claims).toMatchObject({ sub: m.body.id, client_id: m.body.id, aud: TENANT })
    expect(claims.sub).toMatch(/^cli_/)
    expect(claims.sid).toBeUndefined()
  })

  it('the OAuth access token is at+jwt with aud = tenant; the ID token is typ JWT and is refused as a bearer token', async () => {
    const tokens = await oauthTokens()
    expect(decodeProtectedHeader(tokens.access_token).typ).toBe('at+jwt')
    expect(claimsOf(tokens.access_token)).toMatchObject({ aud: TENANT, client_id: PK })
    expect(decodeProtectedHeader(tokens.id_token).typ).not.toBe('at+jwt')
    expect((await call('GET', '/v1/me', { token: tokens.access_token })).status).toBe(200)
    const withIdToken = await call('GET', '/v1/me', { token: tokens.id_token })
    expect(withIdToken.status).toBe(401)
  })
})
