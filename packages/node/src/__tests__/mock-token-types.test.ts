import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupHelloJohnMock } from '@hellojohn/mock-server/node'
import { authenticateRequest, createTokenVerifier, HelloJohn } from '@hellojohn/node'

/*
 * Issue 12, item 1 with the tokens our mock really issues: its ID token and its client_credentials token are
 * not accepted where a user's access token is expected. (token-types.test.ts proves the same with tokens
 * minted by jose.)
 */

const mock = setupHelloJohnMock({ rateLimit: false })
const { baseUrl, controls } = mock
const TENANT = 'tnt_demo'
const REDIRECT = 'http://localhost:5173/callback'

beforeAll(() => controls.reset())
afterAll(() => mock.close())

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

async function form(path: string, body: Record<string, string>) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  })
  expect(response.status).toBe(200)
  return (await response.json()) as { access_token: string; id_token?: string }
}

/** Alice through the authorization code flow with scope openid: her access token and ID token. */
async function oauthTokens() {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)))
  const challenge = b64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  )
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: 'pk_test_demo',
    redirect_uri: REDIRECT,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'state-1234567',
    scope: 'openid email',
    nonce: 'n-1',
    login_hint: 'alice@example.com',
  })
  const authorize = await fetch(`${baseUrl}/v1/oauth/authorize?${query}`, { redirect: 'manual' })
  expect(authorize.status).toBe(302)
  // login_hint only prefills the mock's sign-in page: post alice's password there, as the browser would
  const page = new URL(authorize.headers.get('location')!)
  const signIn = new URLSearchParams(page.searchParams)
  signIn.set('email', 'alice@example.com')
  signIn.set('password', 'correct-horse-battery-staple')
  const posted = await fetch(`${baseUrl}/oauth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: signIn,
    redirect: 'manual',
  })
  expect(posted.status).toBe(302)
  const code = new URL(posted.headers.get('location')!).searchParams.get('code')!
  const tokens = await form('/v1/oauth/token', {
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: REDIRECT,
    client_id: 'pk_test_demo',
  })
  return { access: tokens.access_token, id: tokens.id_token! }
}

async function machineToken(): Promise<{ token: string; clientId: string }> {
  const created = await fetch(`${baseUrl}/v1/clients`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: 'Bearer sk_test_demo',
      'x-tenant-id': TENANT,
    },
    body: JSON.stringify({ name: 'Cron', type: 'machine', scopes: ['users:read'] }),
  })
  const client = (await created.json()) as { id: string; client_secret: string }
  const tokens = await form('/v1/oauth/token', {
    grant_type: 'client_credentials',
    client_id: client.id,
    client_secret: client.client_secret,
  })
  return { token: tokens.access_token, clientId: client.id }
}

describe("the mock's tokens, by type", () => {
  it('the OAuth access token passes; the ID token of the same sign-in is token_type_not_allowed', async () => {
    const { access, id } = await oauthTokens()
    const verifier = createTokenVerifier({ baseUrl, tenantId: TENANT })
    expect(await verifier.safeVerify(access)).toMatchObject({ ok: true, tokenType: 'session' })
    expect(await verifier.safeVerify(id)).toMatchObject({ ok: false, reason: 'token_type_not_allowed' })
    const hj = new HelloJohn({ secretKey: 'sk_test_demo', tenantId: TENANT, baseUrl })
    await expect(hj.auth.getUser(id)).rejects.toMatchObject({ reason: 'token_type_not_allowed' })
    expect((await hj.auth.getUser(access)).email).toBe('alice@example.com')
  })

  it("the client_credentials token is refused by default, accepted as 'machine' on opt-in", async () => {
    const { token, clientId } = await machineToken()
    const request = new Request('http://api.test/', { headers: { authorization: `Bearer ${token}` } })
    expect(await authenticateRequest(request, { baseUrl, tenantId: TENANT })).toMatchObject({
      isAuthenticated: false,
      reason: 'token_type_not_allowed',
    })
    const auth = await authenticateRequest(request, {
      baseUrl,
      tenantId: TENANT,
      acceptsToken: ['session', 'machine'],
    })
    expect(auth).toMatchObject({ isAuthenticated: true, tokenType: 'machine', claims: { sub: clientId } })
    const hj = new HelloJohn({
      secretKey: 'sk_test_demo',
      tenantId: TENANT,
      baseUrl,
      tokenVerification: { acceptsToken: ['session', 'machine'] },
    })
    await expect(hj.auth.verifyToken(token)).resolves.toMatchObject({ sub: clientId })
    await expect(hj.auth.getUser(token)).rejects.toMatchObject({ reason: 'token_type_not_allowed' })
  })

  it("another tenant's verifier refuses the demo tenant's token (token_audience_mismatch)", async () => {
    const { access } = await oauthTokens()
    const other = createTokenVerifier({ baseUrl, tenantId: 'tnt_someone_else' })
    expect(await other.safeVerify(access)).toMatchObject({ ok: false, reason: 'token_audience_mismatch' })
  })
})
