import { createLocalJWKSet, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  BASE,
  PASSWORD,
  PK,
  SK,
  call,
  claimsOf,
  expectError,
  patchAuthConfig,
  theMock,
  useAuthMock,
} from './auth-harness'
import {
  REDIRECT,
  authorizeRaw,
  exchange,
  exchangeCode,
  hostedSignIn,
  pkce,
  postPageForm,
  signInForm,
} from './oauth-harness'

useAuthMock()

const STATE = 'state-1234567'

/** GET /authorize with the fixed state; the answer as it comes. */
function authorizeAnswer(params: Record<string, string>) {
  return authorizeRaw({ state: STATE, ...params })
}

/** Runs /authorize and returns the redirect's query. */
async function authorize(params: Record<string, string>): Promise<URLSearchParams> {
  const r = await authorizeAnswer(params)
  expect(r.status, typeof r.body === 'string' ? r.body : JSON.stringify(r.body)).toBe(302)
  const location = new URL(r.headers.get('location')!)
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT)
  return location.searchParams
}

/** Runs /authorize through the hosted sign-in page with alice's password; returns the redirect's query. */
async function authorizeAsAlice(params: Record<string, string>): Promise<URLSearchParams> {
  const res = await hostedSignIn({ state: STATE, ...params }, 'alice@example.com', PASSWORD)
  expect(res.status).toBe(302)
  const location = new URL(res.headers.get('location')!)
  expect(`${location.origin}${location.pathname}`).toBe(params['redirect_uri'] ?? REDIRECT)
  return location.searchParams
}

describe('authorization code + PKCE', () => {
  it('social sign-in with provider=google: code → tokens → ID token with nonce → userinfo', async () => {
    const { verifier, challenge } = await pkce()
    const q = await authorize({
      code_challenge: challenge,
      provider: 'google',
      nonce: 'n-0S6_WzA2Mj',
      scope: 'openid profile email',
    })
    expect(q.get('state')).toBe(STATE)
    const code = q.get('code')!
    const t = await exchangeCode(code, verifier)
    expect(t.status).toBe(200)
    expect(t.headers.get('cache-control')).toBe('no-store')
    expect(t.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'openid profile email' })
    const jwks = await call('GET', '/.well-known/jwks.json', { token: null, tenant: null })
    const { payload } = await jwtVerify(t.body.id_token, createLocalJWKSet(jwks.body), {
      issuer: BASE,
      audience: PK,
      currentDate: new Date(theMock().controls.now()),
    })
    expect(payload).toMatchObject({
      nonce: 'n-0S6_WzA2Mj',
      email: 'google-user@example.com',
      email_verified: true,
    })
    expect(claimsOf(t.body.access_token)).toMatchObject({ azp: PK, aud: 'tnt_demo', sub: payload.sub })
    const info = await call('GET', '/v1/oauth/userinfo', { token: t.body.access_token, tenant: null })
    expect(info.status).toBe(200)
    expect(info.body).toMatchObject({
      sub: payload.sub,
      email: 'google-user@example.com',
      tenant_id: 'tnt_demo',
    })
    // the same provider user signs in again, no second account
    const again = await authorize({ code_challenge: challenge, provider: 'google' })
    expect(again.get('code')).toBeTruthy()
    expect(
      [...theMock().state.db.users.values()].filter((u) => u.email === 'google-user@example.com'),
    ).toHaveLength(1)
  })

  it('the hosted page signs alice in; the code is single use and bound to verifier, client and redirect_uri', async () => {
    const { verifier, challenge } = await pkce()
    const code = (await authorizeAsAlice({ code_challenge: challenge })).get('code')!
    const badVerifier = await exchangeCode(code, 'x'.repeat(43))
    expect(badVerifier.status).toBe(400)
    expect(badVerifier.body.error).toBe('invalid_grant')
    const code2 = (await authorizeAsAlice({ code_challenge: challenge })).get('code')!
    const wrongRedirect = await exchangeCode(code2, verifier, { redirect_uri: 'http://localhost:5173/other' })
    expect(wrongRedirect.body.error).toBe('invalid_grant')
    const code3 = (await authorizeAsAlice({ code_challenge: challenge })).get('code')!
    const ok = await exchangeCode(code3, verifier)
    expect(ok.status).toBe(200)
    expect(claimsOf(ok.body.access_token).email).toBe('alice@example.com')
    const replay = await exchangeCode(code3, verifier)
    expect(replay.body.error).toBe('invalid_grant')
    const refresh = await exchange({ grant_type: 'refresh_token', refresh_token: ok.body.refresh_token })
    expect(refresh.body.error, 'a replayed code revokes what it issued').toBe('invalid_grant')
  })

  it('codes expire after 60 seconds', async () => {
    const { verifier, challenge } = await pkce()
    const code = (await authorizeAsAlice({ code_challenge: challenge })).get('code')!
    await theMock().controls.advanceClock(61_000)
    const r = await exchangeCode(code, verifier)
    expect(r).toMatchObject({ status: 400, body: { error: 'invalid_grant' } })
  })

  it('sends the browser to the hosted sign-in page without provider', async () => {
    const { challenge } = await pkce()
    const r = await authorizeAnswer({ code_challenge: challenge })
    expect(r.status).toBe(302)
    const page = new URL(r.headers.get('location')!)
    expect(`${page.origin}${page.pathname}`).toBe(`${BASE}/oauth/sign-in`)
    expect(page.searchParams.get('code_challenge')).toBe(challenge)
    const html = await fetch(page)
    expect(html.status).toBe(200)
    expect(html.headers.get('content-type')).toContain('text/html')
    const text = await html.text()
    expect(text).toContain('name="password"')
    expect(text).toContain('provider=google')
    const unknown = await postPageForm('/oauth/sign-in', signInForm(page, 'nobody@example.com', PASSWORD))
    expect(unknown.status).toBe(401)
    expect(await unknown.text()).toContain('role="alert"')
  })

  it('redirects errors to a valid redirect_uri and answers 400 otherwise', async () => {
    const { challenge } = await pkce()
    await patchAuthConfig({ allowed_auth_methods: ['email_password'] })
    const denied = await authorize({ code_challenge: challenge, provider: 'github' })
    expect(denied.get('error')).toBe('access_denied')
    expect(denied.get('state')).toBe(STATE)
    expectError(
      await authorizeAnswer({ client_id: 'pk_test_nope', code_challenge: challenge }),
      400,
      'bad_request',
    )
    expectError(
      await authorizeAnswer({ redirect_uri: 'not a url', code_challenge: challenge }),
      400,
      'bad_request',
    )
  })

  it('a registered client must use one of its redirect URIs', async () => {
    const c = await call('POST', '/v1/clients', {
      token: SK,
      body: { name: 'SPA', type: 'spa', redirect_uris: [REDIRECT] },
    })
    expect(c.status).toBe(201)
    const { verifier, challenge } = await pkce()
    const code = (await authorizeAsAlice({ client_id: c.body.id, code_challenge: challenge })).get('code')!
    const t = await exchangeCode(code, verifier, { client_id: c.body.id })
    expect(t.status).toBe(200)
    expect(claimsOf(t.body.access_token).azp).toBe(c.body.id)
    expectError(
      await authorizeAnswer({
        client_id: c.body.id,
        code_challenge: challenge,
        redirect_uri: 'http://localhost:5173/elsewhere',
      }),
      400,
      'bad_request',
    )
  })
})

describe('token endpoint grants', () => {
  it('refresh_token rotates; reuse is invalid_grant and kills the session', async () => {
    const { verifier, challenge } = await pkce()
    const code = (await authorizeAsAlice({ code_challenge: challenge })).get('code')!
    const t = await exchangeCode(code, verifier)
    const r1 = await exchange({ grant_type: 'refresh_token', refresh_token: t.body.refresh_token })
    expect(r1.status).toBe(200)
    expect(r1.body.refresh_token).not.toBe(t.body.refresh_token)
    // within the tenant's refresh_token_reuse_interval (10 s) the spent token gets the same successor pair
    const grace = await exchange({ grant_type: 'refresh_token', refresh_token: t.body.refresh_token })
    expect(grace.body.refresh_token).toBe(r1.body.refresh_token)
    await theMock().controls.advanceClock(10_000)
    const reuse = await exchange({ grant_type: 'refresh_token', refresh_token: t.body.refresh_token })
    expect(reuse).toMatchObject({ status: 400, body: { error: 'invalid_grant' } })
    const after = await exchange({ grant_type: 'refresh_token', refresh_token: r1.body.refresh_token })
    expect(after.body.error).toBe('invalid_grant')
  })

  it('client_credentials for a machine client with its secret (Basic or form)', async () => {
    const m = await call('POST', '/v1/clients', {
      token: SK,
      body: { name: 'Cron', type: 'machine', scopes: ['users:read'] },
    })
    expect(m.status).toBe(201)
    const basic = `Basic ${btoa(`${m.body.id}:${m.body.client_secret}`)}`
    const t = await exchange(
      { grant_type: 'client_credentials', scope: 'users:read' },
      { Authorization: basic },
    )
    expect(t.status).toBe(200)
    expect(t.body.refresh_token).toBeUndefined()
    expect(claimsOf(t.body.access_token)).toMatchObject({
      sub: m.body.id,
      azp: m.body.id,
      tenant_id: 'tnt_demo',
      scope: 'users:read',
      gty: 'client_credentials',
    })
    const post = await exchange({
      grant_type: 'client_credentials',
      client_id: m.body.id,
      client_secret: m.body.client_secret,
    })
    expect(post.status).toBe(200)
    const wrong = await exchange({
      grant_type: 'client_credentials',
      client_id: m.body.id,
      client_secret: 'cs_wrong',
    })
    expect(wrong).toMatchObject({ status: 401, body: { error: 'invalid_client' } })
    const scope = await exchange(
      { grant_type: 'client_credentials', scope: 'users:write' },
      { Authorization: basic },
    )
    expect(scope.body.error).toBe('invalid_scope')
    const publicClient = await exchange({ grant_type: 'client_credentials', client_id: PK })
    expect(publicClient.body.error).toBe('unauthorized_client')
  })

  it('answers malformed token requests with RFC 6749 bodies, never the API envelope', async () => {
    const json = await call('POST', '/v1/oauth/token', {
      token: null,
      tenant: null,
      body: { grant_type: 'client_credentials' },
    })
    expect(json).toMatchObject({ status: 400, body: { error: 'invalid_request' } })
    const empty = await call('POST', '/v1/oauth/token', {
      token: null,
      tenant: null,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(empty).toMatchObject({ status: 400, body: { error: 'invalid_request' } })
    expect((await exchange({ grant_type: 'password', username: 'a', password: 'b' })).body.error).toBe(
      'unsupported_grant_type',
    )
    const shortVerifier = await exchangeCode('ac_x', 'short')
    expect(shortVerifier.body.error).toBe('invalid_request')
    const revoke = await call('POST', '/v1/oauth/revoke', { token: null, tenant: null, form: {} })
    expect(revoke).toMatchObject({ status: 400, body: { error: 'invalid_request' } })
  })

  it('refuses incomplete grants and unknown clients', async () => {
    const missing = await exchange({ grant_type: 'authorization_code', client_id: PK })
    expect(missing).toMatchObject({ status: 400, body: { error: 'invalid_request' } })
    const unknown = await exchange({
      grant_type: 'refresh_token',
      refresh_token: 'rt_x',
      client_id: 'cli_unknown',
    })
    expect(unknown).toMatchObject({ status: 401, body: { error: 'invalid_client' } })
    for (const header of ['Basic !!!', `Basic ${btoa('no-colon')}`, `Basic ${btoa('cli_%ZZ:x')}`]) {
      const bad = await exchange({ grant_type: 'client_credentials' }, { Authorization: header })
      expect(bad, header).toMatchObject({ status: 401, body: { error: 'invalid_client' } })
      expect(bad.headers.get('www-authenticate')).toContain('Basic')
    }
  })
})

describe('revocation and userinfo', () => {
  it('revokes a refresh token (and its session); unknown tokens also answer 200', async () => {
    const { verifier, challenge } = await pkce()
    const code = (await authorizeAsAlice({ code_challenge: challenge })).get('code')!
    const t = await exchangeCode(code, verifier)
    const r = await call('POST', '/v1/oauth/revoke', {
      token: null,
      tenant: null,
      form: { token: t.body.refresh_token, token_type_hint: 'refresh_token', client_id: PK },
    })
    expect(r.status).toBe(200)
    expect(
      (await exchange({ grant_type: 'refresh_token', refresh_token: t.body.refresh_token })).body.error,
    ).toBe('invalid_grant')
    expect(
      (await call('POST', '/v1/oauth/revoke', { token: null, tenant: null, form: { token: 'rt_unknown' } }))
        .status,
    ).toBe(200)
  })

  it('refuses a confidential client with a wrong secret', async () => {
    const m = await call('POST', '/v1/clients', {
      token: SK,
      body: { name: 'Backend', type: 'web', redirect_uris: [REDIRECT] },
    })
    const r = await call('POST', '/v1/oauth/revoke', {
      token: null,
      tenant: null,
      form: { token: 'x', client_id: m.body.id, client_secret: 'nope' },
    })
    expect(r).toMatchObject({ status: 401, body: { error: 'invalid_client' } })
  })

  it('userinfo needs an access token', async () => {
    expectError(await call('GET', '/v1/oauth/userinfo', { token: null, tenant: null }), 401, 'unauthorized')
  })
})
