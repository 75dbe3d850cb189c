import type { HelloJohnServer } from '@hellojohn/mock-server/node'
import {
  chunkedCookies,
  createServerSession,
  handleSessionRoute,
  readChunked,
  readCookies,
  REFRESH_TOKEN_PLACEHOLDER,
  type CookieOptions,
} from '@hellojohn/server-session'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appRequest, DEMO, Jar, sessionFor, signIn, startMock, tokensIssued } from './support'

let mock: HelloJohnServer
beforeAll(async () => {
  mock = await startMock(19610)
})
afterAll(() => mock.close())

const FIFTEEN_MIN = 15 * 60_000 + 10_000 // past exp and the verifier's 5 s tolerance

/** The URL a fetch was called with (the API calls pass a Request, the JWKS a URL string). */
const urlOf = (input: RequestInfo | URL): string => (input instanceof Request ? input.url : String(input))

describe('sign-in through the session route (backend-for-frontend)', () => {
  it('stores both tokens in HttpOnly SameSite=Lax cookies and never gives the refresh token to the browser', async () => {
    const session = sessionFor(mock)
    const jar = new Jar()
    const response = await signIn(session, jar, DEMO.alice)
    expect(response.status).toBe(200)
    const body = (await response.json()) as {
      tokens: { refresh_token: string; access_token: string }
      user: { email: string }
    }
    expect(body.user.email).toBe(DEMO.alice)
    expect(body.tokens.refresh_token).toBe(REFRESH_TOKEN_PLACEHOLDER)
    expect(jar.cookies.get('hj_rt')).toMatch(/^rt_/)
    expect(jar.cookies.get('hj_at')).toBe(body.tokens.access_token)
    for (const line of jar.raw) {
      expect(line).toMatch(/; HttpOnly/)
      expect(line).toMatch(/; SameSite=Lax/)
      expect(line).toMatch(/; Path=\//)
      expect(line).not.toMatch(/; Secure/) // http://localhost: browsers would drop a Secure cookie
    }
    const state = await session.read(jar.header())
    expect(state.status).toBe('signed_in')
    if (state.status === 'signed_in') expect(state.claims.email).toBe(DEMO.alice)
  })

  it('marks the cookies Secure anywhere but loopback http', async () => {
    const session = sessionFor(mock)
    const request = new Request('https://app.example.com/api/hellojohn/v1/auth/sign-in', {
      method: 'POST',
      headers: {
        origin: 'https://app.example.com',
        'content-type': 'application/json',
        authorization: `Bearer ${DEMO.publishableKey}`,
      },
      body: JSON.stringify({ email: DEMO.alice, password: DEMO.password }),
    })
    const response = await handleSessionRoute(session, request, '/v1/auth/sign-in')
    const lines = response.headers.getSetCookie()
    expect(lines.length).toBe(2)
    for (const line of lines) expect(line).toMatch(/; HttpOnly; Secure; SameSite=Lax$/)
  })

  it('reads the session locally: no API call per request', async () => {
    let calls = 0
    const session = sessionFor(mock, {
      fetch: (input, init) => {
        calls++
        return globalThis.fetch(input, init)
      },
    })
    const jar = new Jar()
    await signIn(session, jar, DEMO.alice)
    const before = calls
    for (let i = 0; i < 5; i++) expect((await session.read(jar.header())).status).toBe('signed_in')
    // at most the one JWKS download
    expect(calls - before).toBeLessThanOrEqual(1)
  })
})

describe('refresh', () => {
  it('refreshes an expired access token once for five concurrent requests, all getting the same new cookies', async () => {
    const session = sessionFor(mock)
    const jar = new Jar()
    await signIn(session, jar, DEMO.alice)
    const sid =
      (await session.read(jar.header())).status === 'signed_in'
        ? ((await session.read(jar.header())) as { claims: { sid: string } }).claims.sid
        : ''
    expect(tokensIssued(mock, sid)).toBe(1)
    await mock.controls.advanceClock(FIFTEEN_MIN)
    expect((await session.read(jar.header())).status).toBe('signed_out')

    const results = await Promise.all(
      Array.from({ length: 5 }, () => session.resolve(appRequest('/dashboard', { jar }))),
    )
    expect(tokensIssued(mock, sid)).toBe(2)
    const refreshCookies = new Set(results.map((r) => r.cookies.find((c) => c.name === 'hj_rt')?.value))
    expect(refreshCookies.size).toBe(1)
    for (const r of results) {
      expect(r.session.status).toBe('signed_in')
      expect(r.cookieHeader).toContain(`hj_rt=${[...refreshCookies][0]}`)
    }
    // a late request still carrying the old cookie gets the same successor, not a reuse of the spent token
    const late = await session.resolve(appRequest('/dashboard', { jar }))
    expect(late.session.status).toBe('signed_in')
    expect(late.cookies.find((c) => c.name === 'hj_rt')?.value).toBe([...refreshCookies][0])
    expect(tokensIssued(mock, sid)).toBe(2)
  })

  it('keeps the session and the cookies when the refresh fails temporarily (5xx, 429, 408)', async () => {
    // (a dropped connection after the API applied the refresh is the reuse-interval case: the API's job, not
    // this one)
    for (const fault of [{ status: 503 }, { status: 500 }, { status: 429 }, { status: 408 }]) {
      const session = sessionFor(mock)
      const jar = new Jar()
      await signIn(session, jar, DEMO.alice)
      await mock.controls.advanceClock(FIFTEEN_MIN)
      mock.controls.fault({ path: '/v1/auth/token/refresh', times: 1, ...fault })
      const failed = await session.resolve(appRequest('/dashboard', { jar }))
      expect(failed.refresh, JSON.stringify(fault)).toBe('unavailable')
      expect(failed.cookies).toEqual([]) // nothing cleared
      expect(failed.session).toMatchObject({ status: 'signed_out', reason: 'unavailable', canRefresh: true })
      const retried = await session.resolve(appRequest('/dashboard', { jar }))
      expect(retried.session.status, JSON.stringify(fault)).toBe('signed_in')
    }
    mock.controls.clearFaults()
  })

  it('keeps the session and the cookies when the API cannot be reached', async () => {
    const session = sessionFor(mock)
    const jar = new Jar()
    await signIn(session, jar, DEMO.alice)
    await mock.controls.advanceClock(FIFTEEN_MIN)
    let down = true
    const flaky = createServerSession({
      ...session.options,
      now: () => mock.state.clock.now(),
      fetch: async (input, init) => {
        if (down && urlOf(input).endsWith('/token/refresh')) throw new TypeError('fetch failed')
        return globalThis.fetch(input, init)
      },
    })
    const failed = await flaky.resolve(appRequest('/dashboard', { jar }))
    expect(failed).toMatchObject({
      refresh: 'unavailable',
      cookies: [],
      session: { status: 'signed_out', reason: 'unavailable' },
    })
    down = false
    expect((await flaky.resolve(appRequest('/dashboard', { jar }))).session.status).toBe('signed_in')
  })

  it('keeps a still-valid access token working when the early refresh fails', async () => {
    const session = sessionFor(mock, { refreshLeewaySeconds: 3600 }) // always due
    const jar = new Jar()
    await signIn(session, jar, DEMO.alice)
    const failing = createServerSession({
      ...session.options,
      now: () => mock.state.clock.now(),
      refreshLeewaySeconds: 3600,
      fetch: async (input, init) => {
        if (urlOf(input).endsWith('/token/refresh')) throw new TypeError('fetch failed')
        return globalThis.fetch(input, init)
      },
    })
    const result = await failing.resolve(appRequest('/dashboard', { jar }))
    expect(result.refresh).toBe('unavailable')
    expect(result.session.status).toBe('signed_in')
    expect(result.cookies).toEqual([])
  })

  it('notices a session revoked elsewhere at the next refresh and clears the cookies', async () => {
    const session = sessionFor(mock)
    const jar = new Jar()
    await signIn(session, jar, DEMO.alice)
    const state = await session.read(jar.header())
    const sid = state.status === 'signed_in' ? state.claims.sid! : ''
    const revoke = await fetch(`${mock.baseUrl}/v1/sessions/${sid}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO.secretKey}`, 'x-tenant-id': DEMO.tenantId },
    })
    expect(revoke.status).toBeLessThan(300)
    await mock.controls.advanceClock(FIFTEEN_MIN)
    const result = await session.resolve(appRequest('/dashboard', { jar }))
    expect(result.refresh).toBe('revoked')
    expect(result.session).toMatchObject({ status: 'signed_out', reason: 'revoked' })
    expect(result.cookies.map((c) => [c.name, c.options.maxAge])).toEqual([
      ['hj_at', 0],
      ['hj_rt', 0],
    ])
    expect(result.cookieHeader).not.toContain('hj_rt')
  })

  it("answers the browser client's refresh with the cookie, swapping the placeholder", async () => {
    const session = sessionFor(mock)
    const jar = new Jar()
    await signIn(session, jar, DEMO.alice)
    const oldRt = jar.cookies.get('hj_rt')
    const response = jar.take(
      await handleSessionRoute(
        session,
        appRequest('/api/hellojohn/v1/auth/token/refresh', {
          method: 'POST',
          jar,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refresh_token: REFRESH_TOKEN_PLACEHOLDER }),
        }),
        '/v1/auth/token/refresh',
      ),
    )
    expect(response.status).toBe(200)
    const body = (await response.json()) as { tokens: { refresh_token: string } }
    expect(body.tokens.refresh_token).toBe(REFRESH_TOKEN_PLACEHOLDER)
    expect(jar.cookies.get('hj_rt')).toMatch(/^rt_/)
    expect(jar.cookies.get('hj_rt')).not.toBe(oldRt)
  })
  it("one refresh when several tabs' clients ask for one in turn, each carrying the cookies the previous one set", async () => {
    const session = sessionFor(mock)
    const jar = new Jar()
    await signIn(session, jar, DEMO.alice)
    const state = await session.read(jar.header())
    const sid = state.status === 'signed_in' ? state.claims.sid! : ''
    await mock.controls.advanceClock(FIFTEEN_MIN)
    // five tabs seeded with the same access token get a 401 together; their clients' refreshes are serialized
    // by the cross-tab lock, so each arrives with the cookies the previous answer set (the new refresh token)
    const accessTokens: string[] = []
    for (let tab = 0; tab < 5; tab++) {
      const response = jar.take(
        await handleSessionRoute(
          session,
          appRequest('/api/hellojohn/v1/auth/token/refresh', {
            method: 'POST',
            jar,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ refresh_token: REFRESH_TOKEN_PLACEHOLDER }),
          }),
          '/v1/auth/token/refresh',
        ),
      )
      expect(response.status).toBe(200)
      const body = (await response.json()) as { tokens: { access_token: string; refresh_token: string } }
      expect(body.tokens.refresh_token).toBe(REFRESH_TOKEN_PLACEHOLDER)
      accessTokens.push(body.tokens.access_token)
    }
    expect(tokensIssued(mock, sid)).toBe(2)
    expect(new Set(accessTokens).size).toBe(1)
    expect((await session.read(jar.header())).status).toBe('signed_in')
  })
})

describe('sign-out and CSRF', () => {
  it('ends the session at the API and clears the cookies (form action with redirect)', async () => {
    const session = sessionFor(mock)
    const jar = new Jar()
    await signIn(session, jar, DEMO.alice)
    const rt = jar.cookies.get('hj_rt')!
    const form = new URLSearchParams({ redirect_url: '/sign-in' })
    const response = jar.take(
      await handleSessionRoute(
        session,
        appRequest('/api/hellojohn/sign-out', {
          method: 'POST',
          jar,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
        }),
        '/sign-out',
      ),
    )
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('http://localhost:19699/sign-in')
    expect(jar.cookies.size).toBe(0)
    const refresh = await fetch(`${mock.baseUrl}/v1/auth/token/refresh`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${DEMO.publishableKey}`,
        'x-tenant-id': DEMO.tenantId,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ refresh_token: rt }),
    })
    expect(refresh.status).toBe(401)
  })

  it('never redirects a sign-out to another origin', async () => {
    const session = sessionFor(mock)
    for (const target of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      const response = await handleSessionRoute(
        session,
        appRequest(`/api/hellojohn/sign-out?redirect_url=${encodeURIComponent(target)}`, { method: 'POST' }),
        '/sign-out',
      )
      expect(response.headers.get('location')).toBe('http://localhost:19699/')
    }
  })

  it('refuses mutating requests from another origin, or with no origin information', async () => {
    const session = sessionFor(mock)
    const jar = new Jar()
    await signIn(session, jar, DEMO.alice)
    for (const origin of ['https://evil.example', 'null', null]) {
      const response = await handleSessionRoute(
        session,
        appRequest('/api/hellojohn/sign-out', { method: 'POST', jar, origin }),
        '/sign-out',
      )
      expect(response.status).toBe(403)
      expect(response.headers.getSetCookie()).toEqual([])
    }
    const sameSite = appRequest('/api/hellojohn/sign-out', {
      method: 'POST',
      jar,
      origin: null,
      headers: { 'sec-fetch-site': 'same-origin' },
    })
    expect((await handleSessionRoute(session, sameSite, '/sign-out')).status).toBe(303)
  })

  it("adds the session cookie's access token to same-origin requests only, GETs included", async () => {
    const session = sessionFor(mock)
    const jar = new Jar()
    await signIn(session, jar, DEMO.alice)
    const same = await handleSessionRoute(
      session,
      appRequest('/api/hellojohn/v1/me', { jar, headers: { 'sec-fetch-site': 'same-origin' }, origin: null }),
      '/v1/me',
    )
    expect(same.status).toBe(200)
    expect(((await same.json()) as { email: string }).email).toBe(DEMO.alice)
    const crossSite = await handleSessionRoute(
      session,
      appRequest('/api/hellojohn/v1/me', { jar, headers: { 'sec-fetch-site': 'cross-site' }, origin: null }),
      '/v1/me',
    )
    expect(crossSite.status).toBe(401)
  })

  it('forwards only /v1 API paths', async () => {
    const session = sessionFor(mock)
    for (const path of ['/v1/../__mock/reset', '/__mock/reset', '/v1//me', '/v1/me%2F..', '/v1']) {
      const response = await handleSessionRoute(
        session,
        appRequest(`/api/hellojohn${path}`, { method: 'POST' }),
        path,
      )
      expect(response.status, path).toBe(404)
    }
  })
})

describe('cookie chunking', () => {
  const options: CookieOptions = { httpOnly: true, secure: false, sameSite: 'lax', path: '/' }

  it('splits values over 4 KB and reassembles them; stale chunks are deleted when the value shrinks', () => {
    const big = 'a'.repeat(3800) + 'b'.repeat(3800) + 'c'.repeat(100)
    const set = chunkedCookies('hj_at', big, options, new Map())
    expect(set.map((c) => c.name)).toEqual(['hj_at.0', 'hj_at.1', 'hj_at.2'])
    for (const c of set) expect(c.value.length).toBeLessThanOrEqual(3800)
    const jar = new Map(set.map((c) => [c.name, c.value]))
    expect(readChunked(jar, 'hj_at')).toBe(big)
    const small = chunkedCookies('hj_at', 'short', options, jar)
    expect(small.map((c) => [c.name, c.options.maxAge])).toEqual([
      ['hj_at', undefined],
      ['hj_at.0', 0],
      ['hj_at.1', 0],
      ['hj_at.2', 0],
    ])
  })

  it('round-trips a real access token over 4 KB (large custom claims) through sign-in, read and refresh', async () => {
    const update = await fetch(`${mock.baseUrl}/v2/admin/tenants/${DEMO.tenantId}/auth/config`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${DEMO.secretKey}`,
        'x-tenant-id': DEMO.tenantId,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ jwt_claims: { static: { blob: 'x'.repeat(5000) } } }),
    })
    expect(update.status, await update.clone().text()).toBe(200)
    try {
      const session = sessionFor(mock)
      const jar = new Jar()
      await signIn(session, jar, DEMO.alice)
      expect(jar.cookies.has('hj_at')).toBe(false)
      expect(jar.cookies.has('hj_at.1')).toBe(true)
      for (const line of jar.raw) expect(line.length).toBeLessThan(4096)
      const state = await session.read(readCookies(jar.header()).size > 0 ? jar.header() : '')
      expect(state.status).toBe('signed_in')
      if (state.status === 'signed_in') expect(state.claims.blob).toBe('x'.repeat(5000))
    } finally {
      await fetch(`${mock.baseUrl}/v2/admin/tenants/${DEMO.tenantId}/auth/config`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${DEMO.secretKey}`,
          'x-tenant-id': DEMO.tenantId,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ jwt_claims: { static: {} } }),
      })
    }
  })
})

describe('configuration', () => {
  it('refuses bad options with a typed error naming the option', () => {
    expect(() =>
      createServerSession({
        baseUrl: 'localhost:3000',
        tenantId: DEMO.tenantId,
        publishableKey: DEMO.publishableKey,
      }),
    ).toThrow(expect.objectContaining({ code: 'config_invalid', option: 'baseUrl' }))
    expect(() =>
      createServerSession({ baseUrl: 'http://x', tenantId: 'demo', publishableKey: DEMO.publishableKey }),
    ).toThrow(expect.objectContaining({ option: 'tenantId' }))
    expect(() =>
      createServerSession({ baseUrl: 'http://x', tenantId: DEMO.tenantId, publishableKey: 'sk_test_secret' }),
    ).toThrow(expect.objectContaining({ option: 'publishableKey' }))
  })
})
