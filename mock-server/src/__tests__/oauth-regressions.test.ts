/**
 * Regressions of issue 14 (and issue 13 item 4, redirect_url): each test failed on the code before the fix.
 * In-process mock (msw), real fetch, every response checked against the spec.
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  BASE,
  BOB_SECRET,
  PASSWORD,
  SK,
  call,
  claimsOf,
  expectError,
  patchAuthConfig,
  theMock,
  useAuthMock,
} from './auth-harness'
import { totpCode } from '../engine/totp'
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

describe('state (RFC 6749 §4.1.1 with PKCE)', () => {
  it('is optional with PKCE S256, and any non-empty value comes back unchanged', async () => {
    const { challenge } = await pkce()
    const none = await authorizeRaw({ code_challenge: challenge, provider: 'google' })
    expect(none.status).toBe(302)
    const q = new URL(none.headers.get('location')!).searchParams
    expect(q.get('code')).toMatch(/^ac_/)
    expect(q.has('state')).toBe(false)
    const short = await authorizeRaw({ code_challenge: challenge, provider: 'google', state: 'xyz' })
    expect(new URL(short.headers.get('location')!).searchParams.get('state')).toBe('xyz')
  })
})

describe('authorization errors (RFC 6749 §4.1.2.1)', () => {
  it('redirects unsupported response_type, plain PKCE and a missing challenge to the registered redirect_uri', async () => {
    const { challenge } = await pkce()
    const cases: [Record<string, string>, string][] = [
      [{ response_type: 'token', code_challenge: challenge }, 'unsupported_response_type'],
      [{ code_challenge_method: 'plain', code_challenge: challenge }, 'invalid_request'],
      [{}, 'invalid_request'],
      [{ code_challenge: 'short' }, 'invalid_request'],
    ]
    for (const [params, error] of cases) {
      const r = await authorizeRaw({ state: 'st-1', ...params })
      expect(r.status, JSON.stringify(params)).toBe(302)
      const to = new URL(r.headers.get('location')!)
      expect(`${to.origin}${to.pathname}`).toBe(REDIRECT)
      expect(to.searchParams.get('error'), JSON.stringify(params)).toBe(error)
      expect(to.searchParams.get('state')).toBe('st-1')
    }
  })

  it('never redirects to an unregistered redirect_uri, publishable-key clients included', async () => {
    const { challenge } = await pkce()
    for (const uri of [
      'https://evil.example/cb',
      'javascript:alert(1)',
      'http://localhost.evil.example/cb',
    ]) {
      const r = await authorizeRaw({ code_challenge: challenge, provider: 'google', redirect_uri: uri })
      expect(r.status, uri).toBe(400)
      expect(r.headers.get('location')).toBeNull()
    }
    // RFC 8252 §7.3: any port on a loopback origin for the demo tenant
    const loop = await authorizeRaw({
      code_challenge: challenge,
      provider: 'google',
      redirect_uri: 'http://127.0.0.1:49152/cb',
    })
    expect(new URL(loop.headers.get('location')!).searchParams.get('code')).toMatch(/^ac_/)
  })
})

describe('the sign-in page authenticates (login_hint only prefills)', () => {
  it('login_hint does not sign anybody in: it prefills the hosted page', async () => {
    const { challenge } = await pkce()
    const r = await authorizeRaw({ code_challenge: challenge, login_hint: 'bob@example.com' })
    expect(r.status).toBe(302)
    const to = new URL(r.headers.get('location')!)
    expect(to.pathname).toBe('/oauth/sign-in')
    expect(to.searchParams.get('code')).toBeNull()
    const html = await (await fetch(to)).text()
    expect(html).toContain('value="bob@example.com"')
    expect(html).toContain('type="password"')
  })

  it('asks for the password, and runs MFA for bob', async () => {
    const { verifier, challenge } = await pkce()
    const wrong = await hostedSignIn(
      { code_challenge: challenge, state: 'st-2' },
      'alice@example.com',
      'wrong-password',
    )
    expect(wrong.status).toBe(401)
    expect(wrong.headers.get('location')).toBeNull()
    const alice = await hostedSignIn(
      { code_challenge: challenge, state: 'st-2' },
      'alice@example.com',
      PASSWORD,
    )
    expect(alice.status).toBe(302)
    const back = new URL(alice.headers.get('location')!)
    expect(back.searchParams.get('state')).toBe('st-2')
    const t = await exchangeCode(back.searchParams.get('code')!, verifier)
    expect(claimsOf(t.body.access_token).email).toBe('alice@example.com')

    const bob = await hostedSignIn({ code_challenge: challenge }, 'bob@example.com', PASSWORD)
    expect(bob.status).toBe(200)
    const page = await bob.text()
    expect(page).toContain('name="code"')
    const fields = new URLSearchParams(
      [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
        m[1]!,
        m[2]!.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))),
      ]),
    )
    expect(fields.get('challenge_id')).toMatch(/^chl_/)
    fields.set('factor_id', /name="factor_id" value="([^"]+)"/.exec(page)![1]!)
    fields.set('code', '000000' === totpCode(BOB_SECRET, theMock().controls.now()) ? '111111' : '000000')
    const bad = await postPageForm('/oauth/sign-in/mfa', fields)
    expect(bad.status).toBe(401)
    fields.set('code', totpCode(BOB_SECRET, theMock().controls.now()))
    const ok = await postPageForm('/oauth/sign-in/mfa', fields)
    expect(ok.status).toBe(302)
    expect(new URL(ok.headers.get('location')!).searchParams.get('code')).toMatch(/^ac_/)
  })
})

describe('the sign-in page refuses cross-site form posts (login CSRF)', () => {
  it('answers 403 to a post from another origin, and signs nobody in', async () => {
    const { challenge } = await pkce()
    const r = await authorizeRaw({ code_challenge: challenge })
    const form = signInForm(new URL(r.headers.get('location')!), 'alice@example.com', PASSWORD)
    const crossSite: Record<string, string>[] = [
      { Origin: 'https://evil.example' },
      { 'Sec-Fetch-Site': 'cross-site' },
    ]
    for (const headers of crossSite) {
      const res = await postPageForm('/oauth/sign-in', form, headers)
      expect(res.status).toBe(403)
      expect(res.headers.get('set-cookie')).toBeNull()
    }
    const same = await postPageForm('/oauth/sign-in', form, { Origin: BASE, 'Sec-Fetch-Site': 'same-origin' })
    expect(same.status).toBe(302)
  })
})

describe('prompt=none (OIDC Core §3.1.2.6)', () => {
  it('answers login_required without a session, and a code with the sign-in page session cookie', async () => {
    const { challenge } = await pkce()
    const none = await authorizeRaw({ code_challenge: challenge, prompt: 'none', state: 'st-3' })
    const q = new URL(none.headers.get('location')!).searchParams
    expect({ error: q.get('error'), state: q.get('state') }).toEqual({
      error: 'login_required',
      state: 'st-3',
    })
    const signed = await hostedSignIn({ code_challenge: challenge }, 'alice@example.com', PASSWORD)
    const cookie = signed.headers.get('set-cookie')!.split(';')[0]!
    await theMock().controls.advanceClock(120_000)
    const { verifier, challenge: c2 } = await pkce()
    const silent = await authorizeRaw(
      { code_challenge: c2, prompt: 'none', scope: 'openid' },
      { Cookie: cookie },
    )
    const code = new URL(silent.headers.get('location')!).searchParams.get('code')!
    expect(code).toMatch(/^ac_/)
    // auth_time is when alice typed her password, not when the silent code was issued
    const t = await exchangeCode(code, verifier)
    expect(theMock().controls.now() / 1000 - claimsOf(t.body.id_token).auth_time).toBeGreaterThanOrEqual(120)
    // prompt=login ignores the session and shows the page again
    const again = await authorizeRaw({ code_challenge: c2, prompt: 'login' }, { Cookie: cookie })
    expect(new URL(again.headers.get('location')!).pathname).toBe('/oauth/sign-in')
  })
})

async function confidentialTokens() {
  const c = await call('POST', '/v1/clients', {
    token: SK,
    body: { name: 'Backend', type: 'web', redirect_uris: [REDIRECT] },
  })
  const { verifier, challenge } = await pkce()
  const r = await authorizeRaw({ client_id: c.body.id, code_challenge: challenge, provider: 'google' })
  const code = new URL(r.headers.get('location')!).searchParams.get('code')!
  const basic = `Basic ${btoa(`${c.body.id}:${c.body.client_secret}`)}`
  const t = await exchange(
    { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT },
    { Authorization: basic },
  )
  expect(t.status).toBe(200)
  return { client: c.body, basic, tokens: t.body }
}

describe('confidential clients authenticate (RFC 6749 §6, RFC 7009 §2.1)', () => {
  it('refuses a refresh or a revocation without the client secret', async () => {
    const { basic, tokens } = await confidentialTokens()
    expect(
      await exchange({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
    ).toMatchObject({ status: 401, body: { error: 'invalid_client' } })
    const revoke = await call('POST', '/v1/oauth/revoke', {
      token: null,
      tenant: null,
      form: { token: tokens.refresh_token },
    })
    expect(revoke).toMatchObject({ status: 401, body: { error: 'invalid_client' } })
    expect(
      (
        await exchange(
          { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
          { Authorization: basic },
        )
      ).status,
    ).toBe(200)
  })
})

describe('WWW-Authenticate on 401 (RFC 6750 §3)', () => {
  it('names the Bearer scheme, and invalid_token when a token was sent', async () => {
    const wrongPassword = await call('POST', '/v1/auth/sign-in', {
      body: { email: 'alice@example.com', password: 'nope-nope-nope' },
    })
    expect(wrongPassword.status).toBe(401)
    expect(wrongPassword.headers.get('www-authenticate'), 'a wrong password is not a bad token').toBe(
      'Bearer realm="hellojohn"',
    )
    const none = await call('GET', '/v1/oauth/userinfo', { token: null, tenant: null })
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer realm="hellojohn"$/)
    const bad = await call('GET', '/v1/oauth/userinfo', {
      token: 'eyJhbGciOiJFZERTQSJ9.e30.AAAA',
      tenant: null,
    })
    expect(bad.headers.get('www-authenticate')).toMatch(/^Bearer realm="hellojohn", error="invalid_token"/)
  })
})

describe('RS256 ID tokens and introspection (OIDC Discovery §3, RFC 7662)', () => {
  it('offers RS256 and signs ID tokens with it for a client registered for it; access tokens stay EdDSA', async () => {
    const d = await call('GET', '/.well-known/openid-configuration', { token: null, tenant: null })
    expect(d.body.id_token_signing_alg_values_supported).toEqual(expect.arrayContaining(['RS256', 'EdDSA']))
    expect(d.body.introspection_endpoint).toBe(`${BASE}/v1/oauth/introspect`)
    const c = await call('POST', '/v1/clients', {
      token: SK,
      body: { name: 'Legacy', type: 'spa', redirect_uris: [REDIRECT], id_token_signed_response_alg: 'RS256' },
    })
    expect(c.status).toBe(201)
    expect(c.body.id_token_signed_response_alg).toBe('RS256')
    const { verifier, challenge } = await pkce()
    const r = await authorizeRaw({
      client_id: c.body.id,
      code_challenge: challenge,
      provider: 'google',
      scope: 'openid email',
    })
    const code = new URL(r.headers.get('location')!).searchParams.get('code')!
    const t = await exchangeCode(code, verifier, { client_id: c.body.id })
    expect(decodeProtectedHeader(t.body.id_token).alg).toBe('RS256')
    expect(decodeProtectedHeader(t.body.access_token).alg).toBe('EdDSA')
    const jwks = await call('GET', '/.well-known/jwks.json', { token: null, tenant: null })
    const { payload } = await jwtVerify(t.body.id_token, createLocalJWKSet(jwks.body), {
      issuer: BASE,
      audience: c.body.id,
      algorithms: ['RS256'],
      currentDate: new Date(theMock().controls.now()),
    })
    expect(payload.email).toBe('google-user@example.com')
  })

  it('introspects for an authenticated confidential client only', async () => {
    const { basic, tokens } = await confidentialTokens()
    const anon = await call('POST', '/v1/oauth/introspect', {
      token: null,
      tenant: null,
      form: { token: tokens.access_token },
    })
    expect(anon).toMatchObject({ status: 401, body: { error: 'invalid_client' } })
    const at = await call('POST', '/v1/oauth/introspect', {
      token: null,
      tenant: null,
      form: { token: tokens.access_token },
      headers: { Authorization: basic },
    })
    expect(at.body).toMatchObject({
      active: true,
      token_type: 'Bearer',
      sub: claimsOf(tokens.access_token).sub,
      iss: BASE,
    })
    const rt = await call('POST', '/v1/oauth/introspect', {
      token: null,
      tenant: null,
      form: { token: tokens.refresh_token, token_type_hint: 'refresh_token' },
      headers: { Authorization: basic },
    })
    expect(rt.body).toMatchObject({ active: true, token_type: 'refresh_token' })
    await call('POST', '/v1/oauth/revoke', {
      token: null,
      tenant: null,
      form: { token: tokens.refresh_token },
      headers: { Authorization: basic },
    })
    const gone = await call('POST', '/v1/oauth/introspect', {
      token: null,
      tenant: null,
      form: { token: tokens.refresh_token },
      headers: { Authorization: basic },
    })
    expect(gone.body).toEqual({ active: false })
  })
})

describe('redirect_url of magic links and password resets (issue 13 item 4)', () => {
  it('is checked against the tenant allowed_redirect_urls', async () => {
    for (const path of ['/v1/auth/magic-link', '/v1/auth/password/forgot']) {
      for (const bad of ['javascript:alert(1)', 'https://evil.example/magic']) {
        const e = expectError(
          await call('POST', path, { body: { email: 'alice@example.com', redirect_url: bad } }),
          422,
          'validation_failed',
        )
        expect(e.details?.[0]?.field, `${path} ${bad}`).toBe('redirect_url')
      }
      const ok = await call('POST', path, {
        body: { email: 'alice@example.com', redirect_url: 'http://127.0.0.1:8123/magic' },
      })
      expect(ok.status, path).toBeLessThan(300)
    }
    const cfg = await call('GET', '/v2/admin/tenants/tnt_demo/auth/config', { token: SK })
    expect(cfg.body.allowed_redirect_urls).toEqual(['http://localhost', 'http://127.0.0.1', 'http://[::1]'])
  })
})

describe('tenant settings drive the sign-in page and the allowed redirects', () => {
  it('a tenant without email_password gets no password form, and a posted password is refused', async () => {
    await patchAuthConfig({ allowed_auth_methods: ['google'] })
    const { challenge } = await pkce()
    const page = new URL((await authorizeRaw({ code_challenge: challenge })).headers.get('location')!)
    const html = await (await fetch(page)).text()
    expect(html).not.toContain('type="password"')
    expect(html).toContain('provider=google')
    const res = await hostedSignIn({ code_challenge: challenge }, 'alice@example.com', PASSWORD)
    expect(res.status).toBe(403)
  })

  it('allowed_redirect_urls is validated and applied: an origin allows its paths, an exact URL only itself', async () => {
    const bad = await call('PATCH', '/v2/admin/tenants/tnt_demo/auth/config', {
      token: SK,
      body: { allowed_redirect_urls: ['javascript:alert(1)'] },
    })
    expect(expectError(bad, 422, 'validation_failed').details?.[0]?.field).toBe('allowed_redirect_urls.0')
    await patchAuthConfig({
      allowed_redirect_urls: ['https://app.acme.com', 'https://admin.acme.com/callback'],
    })
    const send = (redirect_url: string) =>
      call('POST', '/v1/auth/magic-link', { body: { email: 'alice@example.com', redirect_url } })
    expect((await send('https://app.acme.com/auth/magic')).status).toBe(202)
    expect((await send('https://admin.acme.com/callback')).status).toBe(202)
    expect((await send('https://admin.acme.com/other')).status).toBe(422)
    expect((await send('http://app.acme.com/auth/magic')).status, 'the scheme counts').toBe(422)
    expect((await send('http://localhost:5173/magic')).status, 'loopback no longer listed').toBe(422)
  })
})

describe('redirect targets, property-based', () => {
  const loopback = new Set(['localhost', '127.0.0.1', '[::1]'])
  const foreign = fc
    .webUrl({ withQueryParameters: true, withFragments: false })
    .filter((u) => !loopback.has(new URL(u).hostname))

  it('no URL outside the allowed origins is accepted as a magic-link redirect_url or an authorize redirect_uri', async () => {
    const { challenge } = await pkce()
    await fc.assert(
      fc.asyncProperty(foreign, async (url) => {
        const link = await call('POST', '/v1/auth/magic-link', {
          body: { email: 'alice@example.com', redirect_url: url },
        })
        expect(link.status, url).toBe(422)
        const r = await authorizeRaw({ code_challenge: challenge, provider: 'google', redirect_uri: url })
        expect(r.status, url).toBe(400)
        expect(r.headers.get('location')).toBeNull()
      }),
      { numRuns: 60 },
    )
  })

  it('every loopback URL, any port and path, is accepted', async () => {
    const { challenge } = await pkce()
    const local = fc
      .tuple(
        fc.constantFrom('localhost', '127.0.0.1', '[::1]'),
        fc.integer({ min: 1, max: 65535 }),
        fc.webPath(),
      )
      .map(([host, port, path]) => `http://${host}:${port}${path.startsWith('/') ? path : `/${path}`}`)
    await fc.assert(
      fc.asyncProperty(local, async (url) => {
        const link = await call('POST', '/v1/auth/magic-link', {
          body: { email: 'alice@example.com', redirect_url: url },
        })
        expect(link.status, url).toBe(202)
        const r = await authorizeRaw({ code_challenge: challenge, provider: 'google', redirect_uri: url })
        expect(r.status, url).toBe(302)
        expect(r.headers.get('location')!.startsWith(new URL(url).origin)).toBe(true)
      }),
      { numRuns: 60 },
    )
  })
})
