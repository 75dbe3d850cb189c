import { TOTP } from 'otpauth'
import { describe, expect, it } from 'vitest'
import { screenshot, useFreshBrowser, type Page } from './support/browser'
import { DEMO } from './support/env'
import { NEXT_URLS, shiftAppClock, useMockAndNextApp } from './support/nextjs-app'

const openPage = useFreshBrowser()
const mock = useMockAndNextApp()
/** Total advance of both clocks so far. */
let advanced = 0

/** Moves the mock's clock (over HTTP, like a test would) and the app server's by the same amount. */
async function advanceClocks(ms: number): Promise<void> {
  const res = await fetch(`${NEXT_URLS.mock}/__mock/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advance_ms: ms }),
  })
  expect(res.status).toBe(200)
  advanced += ms
  await shiftAppClock(advanced)
}

/** Past the access token's 15 minutes and the verifier's tolerance. */
const PAST_ACCESS_TOKEN = 15 * 60_000 + 30_000

/** Refresh tokens the mock issued for a session: 1 at sign-in, +1 per refresh request that succeeded. */
function tokensIssued(sessionId: string): number {
  return [...mock().state.db.refreshTokens.values()].filter((t) => t.session_id === sessionId).length
}

async function signIn(page: Page, email: string, totpSecret?: string): Promise<void> {
  await page.goto(`${NEXT_URLS.app}/dashboard`)
  await page.waitForURL(`${NEXT_URLS.app}/sign-in?redirect_url=%2Fdashboard`)
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill(DEMO.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  if (totpSecret) {
    const code = page.locator('input[name="code"]')
    await code.waitFor()
    // the code for the mock's clock (which the tests move), as an authenticator app in sync with the server would show
    const totp = new TOTP({ secret: totpSecret, digits: 6, period: 30, algorithm: 'SHA1' })
    await code.fill(totp.generate({ timestamp: mock().state.clock.now() }))
    await page.getByRole('button', { name: 'Verify' }).click()
  }
  await page.waitForURL(`${NEXT_URLS.app}/dashboard`)
  await expect.poll(() => page.getByTestId('email').textContent()).toBe(email)
}

async function sessionIdOf(page: Page): Promise<string> {
  return (await page.getByTestId('session-id').textContent())!.trim()
}

/** The server's HTML for a path with the browser's cookies, before any JavaScript runs. */
async function serverHtml(page: Page, path: string): Promise<Response> {
  const cookies = await page.context().cookies(NEXT_URLS.app)
  return fetch(`${NEXT_URLS.app}${path}`, {
    redirect: 'manual',
    headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
  })
}

describe('Next.js example (App Router, @hellojohn/nextjs)', () => {
  it('GET /dashboard without a session redirects to /sign-in?redirect_url=%2Fdashboard; /sign-in is never redirected', async () => {
    const res = await fetch(`${NEXT_URLS.app}/dashboard`, { redirect: 'manual' })
    expect(res.status).toBe(307)
    expect(res.headers.get('location')).toBe('/sign-in?redirect_url=%2Fdashboard')
    const signIn = await fetch(`${NEXT_URLS.app}/sign-in?redirect_url=%2Fdashboard`, { redirect: 'manual' })
    expect(signIn.status).toBe(200)
    const html = await signIn.text()
    expect(html).toContain('name="email"')
    expect(html).toContain('name="password"')
  })

  it('alice signs in; the server HTML has her email and the client components render signed in without a flash', async () => {
    const page = await openPage()
    const errors: string[] = []
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    await signIn(page, DEMO.alice)

    const res = await serverHtml(page, '/dashboard')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain(DEMO.alice)
    // the client component was rendered on the server from the session snapshot: no "loading" first
    expect(html).toMatch(/client: (<!-- -->)?signed_in(<!-- -->)? as (<!-- -->)?alice@example\.com/)
    await page.reload()
    await expect
      .poll(() => page.getByTestId('client-session').textContent())
      .toBe(`client: signed_in as ${DEMO.alice}`)
    expect(errors.filter((e) => /hydrat/i.test(e))).toEqual([])
    await screenshot(page, 'nextjs-alice-dashboard')
  })

  // Before the tests that move the clocks: the edge sandbox has its own Date, which shift-clock.cjs cannot reach.
  it('the proxy runs on the edge runtime too: session read, redirect when signed out', async () => {
    const page = await openPage()
    await signIn(page, DEMO.alice)
    const res = await serverHtml(page, '/api/edge-session')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ runtime: 'edge', email: DEMO.alice })
    const anonymous = await fetch(`${NEXT_URLS.app}/api/edge-session`, { redirect: 'manual' })
    expect(anonymous.status).toBe(307)
    expect(anonymous.headers.get('location')).toBe(
      `${NEXT_URLS.app}/sign-in?redirect_url=%2Fapi%2Fedge-session`,
    )
  })

  it('no cookie readable by document.cookie holds a token; the refresh cookie is HttpOnly and SameSite=Lax', async () => {
    const page = await openPage()
    await signIn(page, DEMO.alice)
    const visible = await page.evaluate(() => document.cookie)
    expect(visible).not.toMatch(/rt_|hj_rt|hj_at|eyJ/)
    const cookies = await page.context().cookies(NEXT_URLS.app)
    const refresh = cookies.find((c) => c.name === 'hj_rt')
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
    expect(refresh?.value).toMatch(/^rt_/)
    expect(cookies.find((c) => c.name === 'hj_at')).toMatchObject({ httpOnly: true, sameSite: 'Lax' })
    // and nothing in the browser's storage either
    const stored = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    )
    expect(stored).not.toContain(refresh!.value)
  })

  it('bob signs in with a TOTP code and lands on redirect_url', async () => {
    const page = await openPage()
    await signIn(page, DEMO.bob, DEMO.bobTotpSecret)
    expect(await (await serverHtml(page, '/dashboard')).text()).toContain(DEMO.bob)
  })

  it('after the access token expires, five tabs reloading /dashboard at once still show the email: one refresh', async () => {
    const page = await openPage()
    await signIn(page, DEMO.alice)
    const sessionId = await sessionIdOf(page)
    const tabs = [page, ...(await Promise.all(Array.from({ length: 4 }, () => page.context().newPage())))]
    await Promise.all(tabs.slice(1).map((t) => t.goto(`${NEXT_URLS.app}/dashboard`)))
    const before = tokensIssued(sessionId)

    await advanceClocks(PAST_ACCESS_TOKEN)
    await Promise.all(tabs.map((t) => t.reload()))
    for (const tab of tabs) {
      expect(tab.url()).toBe(`${NEXT_URLS.app}/dashboard`)
      await expect.poll(() => tab.getByTestId('email').textContent()).toBe(DEMO.alice)
    }
    expect(tokensIssued(sessionId) - before).toBe(1)
    // the refreshed cookies reached the browser: another reload needs no refresh
    await page.reload()
    expect(await page.getByTestId('email').textContent()).toBe(DEMO.alice)
    expect(tokensIssued(sessionId) - before).toBe(1)
  })

  it('a session revoked from another device is signed out on its next navigation after the access token expires', async () => {
    const page = await openPage()
    await signIn(page, DEMO.alice)
    const sessionId = await sessionIdOf(page)
    const revoke = await fetch(`${NEXT_URLS.mock}/v1/sessions/${sessionId}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO.secretKey}`, 'x-tenant-id': DEMO.tenantId },
    })
    expect(revoke.ok).toBe(true)
    await advanceClocks(PAST_ACCESS_TOKEN)
    await page.goto(`${NEXT_URLS.app}/dashboard`)
    await page.waitForURL(`${NEXT_URLS.app}/sign-in?redirect_url=%2Fdashboard`)
    const names = (await page.context().cookies(NEXT_URLS.app)).map((c) => c.name)
    expect(names.filter((n) => n.startsWith('hj_'))).toEqual([])
  })

  it('"Sign out" ends the session at the API and clears the cookies', async () => {
    const page = await openPage()
    await signIn(page, DEMO.alice)
    const sessionId = await sessionIdOf(page)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(`${NEXT_URLS.app}/sign-in`)
    expect((await page.context().cookies(NEXT_URLS.app)).filter((c) => c.name.startsWith('hj_'))).toEqual([])
    expect(mock().state.db.sessions.get(sessionId)?.status).toBe('revoked')
    await page.goto(`${NEXT_URLS.app}/dashboard`)
    await page.waitForURL(`${NEXT_URLS.app}/sign-in?redirect_url=%2Fdashboard`)
  })

  it('switching organization from a client component goes through the route handler into the cookies', async () => {
    const page = await openPage()
    await signIn(page, DEMO.alice)
    expect(await page.getByTestId('org-id').textContent()).toBe('none')
    await page.getByRole('button', { name: 'Switch to Acme Corp' }).click()
    await expect.poll(() => page.getByTestId('org-id').textContent()).toMatch(/^org_/)
    const orgId = await page.getByTestId('org-id').textContent()
    // the server rendered the new organization from the cookies, and the client agrees
    expect(await (await serverHtml(page, '/dashboard')).text()).toContain(orgId!)
    expect(await page.getByTestId('client-org').textContent()).toBe(`client organization: ${orgId}`)
    expect(await page.evaluate(() => document.cookie)).not.toMatch(/rt_|eyJ/)
  })

  it('refuses a cross-site POST to the route handler (CSRF)', async () => {
    const res = await fetch(`${NEXT_URLS.app}/api/hellojohn/sign-out`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      redirect: 'manual',
    })
    expect(res.status).toBe(403)
  })
})
