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
import { exchangeCode, hostedSignIn, pkce } from './oauth-harness'

/*
 * Issue 12, item 1 (the issuing side): access tokens follow the JWT profile of RFC 9068 (header
 * `typ: at+jwt`, `client_id`, `aud` = the tenant) so resource servers can tell them from ID tokens
 * (`typ: JWT`, `aud` = the client). Checked with jose, not with our SDK.
 */

useAuthMock()

async function jwks() {
  return createLocalJWKSet((await call('GET', '/.well-known/jwks.json', { token: null, tenant: null })).body)
}

/** Authorization code + PKCE for alice with scope openid: the token response (access_token and id_token). */
async function oauthTokens(): Promise<{ access_token: string; id_token: string }> {
  const { verifier, challenge } = await pkce()
  // login_hint only prefills the sign-in page: post alice's password there, as the browser would
  const posted = await hostedSignIn(
    {
      code_challenge: challenge,
      state: 'state-1234567',
      scope: 'openid email',
      nonce: 'n-1',
      login_hint: 'alice@example.com',
    },
    'alice@example.com',
    PASSWORD,
  )
  expect(posted.status).toBe(302)
  const code = new URL(posted.headers.get('location')!).searchParams.get('code')!
  const t = await exchangeCode(code, verifier)
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
