import { startHelloJohnServer, DEMO, type HelloJohnServer } from '@hellojohn/mock-server/node'
import { helloJohnProxy } from '@hellojohn/nextjs/server'
import { NextRequest } from 'next/server.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const APP = 'http://localhost:19698'
let mock: HelloJohnServer
let options: { baseUrl: string; tenantId: string; publishableKey: string }

beforeAll(async () => {
  mock = await startHelloJohnServer({ port: 19612, rateLimit: false, deliverWebhooks: false })
  options = { baseUrl: mock.baseUrl, tenantId: DEMO.tenantId, publishableKey: DEMO.publishableKey }
})
afterAll(() => mock.close())

/** Signs in at the API and returns the Cookie header the session route would have set. */
async function sessionCookies(email = DEMO.alice): Promise<{ cookie: string; sessionId: string }> {
  const res = await fetch(`${mock.baseUrl}/v1/auth/sign-in`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${DEMO.publishableKey}`,
      'x-tenant-id': DEMO.tenantId,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ email, password: DEMO.password }),
  })
  const body = (await res.json()) as {
    tokens: { access_token: string; refresh_token: string }
    session: { id: string }
  }
  return {
    cookie: `hj_at=${body.tokens.access_token}; hj_rt=${body.tokens.refresh_token}`,
    sessionId: body.session.id,
  }
}

const request = (path: string, cookie?: string) =>
  new NextRequest(`${APP}${path}`, { headers: cookie ? { cookie } : {} })

describe('helloJohnProxy', () => {
  it('redirects a signed-out visitor of a protected path to sign-in with redirect_url (path and query)', async () => {
    const proxy = helloJohnProxy({ ...options, protect: ['/dashboard'] })
    const res = await proxy(request('/dashboard/settings?tab=1'))
    expect(res.status).toBe(307)
    expect(res.headers.get('location')).toBe(`${APP}/sign-in?redirect_url=%2Fdashboard%2Fsettings%3Ftab%3D1`)
    expect((await proxy(request('/about'))).headers.get('location')).toBeNull()
  })

  it('never redirects the sign-in page, even when every path is protected (no loop)', async () => {
    const proxy = helloJohnProxy({ ...options, protect: ['/'], signInUrl: '/login' })
    expect((await proxy(request('/login?redirect_url=%2Fx'))).headers.get('location')).toBeNull()
    expect((await proxy(request('/login/mfa'))).headers.get('location')).toBeNull()
    expect((await proxy(request('/'))).headers.get('location')).toBe(`${APP}/login?redirect_url=%2F`)
  })

  it('lets a signed-in request through and hands the same cookies on to the page', async () => {
    const { cookie } = await sessionCookies()
    const proxy = helloJohnProxy({ ...options, protect: ['/dashboard'] })
    const res = await proxy(request('/dashboard', cookie))
    expect(res.headers.get('location')).toBeNull()
    expect(res.headers.get('x-middleware-next')).toBe('1')
    expect(res.headers.getSetCookie()).toEqual([])
  })

  it('refreshes an expired session and forwards the new cookies to the browser and to the page being rendered', async () => {
    const { cookie, sessionId } = await sessionCookies()
    await mock.controls.advanceClock(15 * 60_000 + 10_000)
    const proxy = helloJohnProxy({ ...options, protect: ['/dashboard'], now: () => mock.state.clock.now() })
    const res = await proxy(request('/dashboard', cookie))
    expect(res.headers.get('location')).toBeNull()
    const set = res.headers.getSetCookie()
    const newAt = /^hj_at=([^;]+)/.exec(set.find((c) => c.startsWith('hj_at='))!)![1]!
    expect(newAt).not.toBe(/hj_at=([^;]+)/.exec(cookie)![1])
    // NextResponse.next({ request: { headers } }): what server components will read in this same request
    expect(res.headers.get('x-middleware-request-cookie')).toContain(`hj_at=${newAt}`)
    expect([...mock.state.db.refreshTokens.values()].filter((t) => t.session_id === sessionId).length).toBe(2)
  })

  it('clears the cookies of a revoked session and redirects', async () => {
    const { cookie, sessionId } = await sessionCookies()
    await fetch(`${mock.baseUrl}/v1/sessions/${sessionId}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO.secretKey}`, 'x-tenant-id': DEMO.tenantId },
    })
    await mock.controls.advanceClock(15 * 60_000 + 10_000)
    const proxy = helloJohnProxy({ ...options, protect: ['/dashboard'], now: () => mock.state.clock.now() })
    const res = await proxy(request('/dashboard', cookie))
    expect(res.headers.get('location')).toBe(`${APP}/sign-in?redirect_url=%2Fdashboard`)
    expect(res.headers.getSetCookie().map((c) => c.split('=')[0])).toEqual(['hj_at', 'hj_rt'])
    for (const c of res.headers.getSetCookie()) expect(c).toContain('Max-Age=0')
  })

  it('leaves the route handler alone and runs a custom handler with the session', async () => {
    const { cookie } = await sessionCookies()
    const proxy = helloJohnProxy((auth) => Response.json({ userId: auth.userId }), {
      ...options,
      now: () => mock.state.clock.now(),
    })
    expect((await proxy(request('/api/hellojohn/v1/auth/sign-in'))).headers.get('x-middleware-next')).toBe(
      '1',
    )
    const res = await proxy(request('/anything', cookie))
    expect(((await res.json()) as { userId: string }).userId).toMatch(/^usr_/)
  })
})

describe('the browser client and the session route agree', () => {
  it('the client holds the same refresh-token placeholder the route handler swaps back', async () => {
    const { REFRESH_TOKEN_PLACEHOLDER } = await import('@hellojohn/server-session')
    const { REFRESH_PLACEHOLDER } = await import('../placeholder')
    expect(REFRESH_PLACEHOLDER).toBe(REFRESH_TOKEN_PLACEHOLDER)
  })
})
