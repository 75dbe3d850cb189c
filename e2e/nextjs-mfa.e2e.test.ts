import { createTestUser, totp, waitForMessage, type TestMfa, type TestUser } from '@hellojohn/testing'
import { describe, expect, it } from 'vitest'
import { addVirtualAuthenticator, screenshot, useFreshBrowser, type Page } from './support/browser'
import { DEMO } from './support/env'
import { NEXT_URLS, useMockAndNextApp } from './support/nextjs-app'

// Sign-in with every MFA factor from the example's client components (the @hellojohn/react hooks through the
// @hellojohn/nextjs provider and route handler), in Chromium. Its own mock (fresh clock: TOTP codes are for now)
// and `next start` of the same build as nextjs.e2e.test.ts.

const openPage = useFreshBrowser()
const mock = useMockAndNextApp()
const tenant = {
  baseUrl: NEXT_URLS.mock,
  tenantId: DEMO.tenantId,
  secretKey: DEMO.secretKey,
  publishableKey: DEMO.publishableKey,
}

/** A user of the demo tenant (the one the app is configured with), enrolled in `mfa` with @hellojohn/testing. */
function userWith(mfa?: TestMfa): Promise<TestUser> {
  return createTestUser(tenant, mfa ? { mfa } : {})
}

/** Console errors and uncaught page errors (React reports hydration mismatches through both). */
function collectErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  return errors
}

/** From /dashboard (signed out) to the sign-in form, email and password in, up to the MFA step. */
async function passwordStep(page: Page, user: TestUser): Promise<void> {
  await page.goto(`${NEXT_URLS.app}/dashboard`)
  await page.waitForURL(`${NEXT_URLS.app}/sign-in?redirect_url=%2Fdashboard`)
  await page.locator('input[name="email"]').fill(user.email)
  await page.locator('input[name="password"]').fill(user.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('region', { name: 'Two-step verification' }).waitFor()
}

/** Types a code into the MFA step and submits it. */
async function submitCode(page: Page, code: string): Promise<void> {
  const input = page.locator('input[name="code"]')
  await input.fill(code)
  await page.getByRole('button', { name: 'Verify' }).click()
}

/** A 6-digit code that is none of the valid TOTP codes around now (the server accepts ±1 step). */
function wrongTotp(secret: string): string {
  const valid = new Set([-30_000, 0, 30_000].map((d) => totp(secret, Date.now() + d)))
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0')
    if (!valid.has(code)) return code
  }
}

/** A wrong code shows the API's typed error (code and message) in the page, and the step stays open. */
async function expectWrongCodeShown(page: Page, code: string, what = 'The code'): Promise<void> {
  await submitCode(page, code)
  const alert = page.locator('p[role="alert"]')
  await expect.poll(() => alert.getAttribute('data-code')).toBe('invalid_code')
  expect(await alert.textContent()).toBe(`${what} is wrong; 4 attempts left.`)
  expect(page.url()).toContain('/sign-in')
}

/** The server HTML of a path with the browser's cookies (before any JavaScript runs). */
async function serverHtml(page: Page, path: string): Promise<string> {
  const cookies = await page.context().cookies(NEXT_URLS.app)
  const res = await fetch(`${NEXT_URLS.app}${path}`, {
    redirect: 'manual',
    headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
  })
  expect(res.status).toBe(200)
  return res.text()
}

/**
 * Landed on /dashboard signed in as `email`: the server HTML has the email, no token is readable from JavaScript
 * (document.cookie, localStorage, sessionStorage), and the client's useSession() agrees with the server (same user,
 * same session id) with no hydration error in the console.
 */
async function expectSignedIn(page: Page, email: string, errors: string[]): Promise<void> {
  await page.waitForURL(`${NEXT_URLS.app}/dashboard`)
  await expect.poll(() => page.getByTestId('email').textContent()).toBe(email)
  const html = await serverHtml(page, '/dashboard')
  expect(html).toContain(email)
  expect(html).toMatch(
    new RegExp(`client: (<!-- -->)?signed_in(<!-- -->)? as (<!-- -->)?${email.replace(/[.+]/g, '\\$&')}`),
  )

  const serverSessionId = (await page.getByTestId('session-id').textContent())!.trim()
  expect(serverSessionId).toMatch(/^ses_/)
  await expect
    .poll(() => page.getByTestId('client-session').textContent())
    .toBe(`client: signed_in as ${email}`)
  expect(await page.getByTestId('client-session-id').textContent()).toBe(serverSessionId)

  const cookies = await page.context().cookies(NEXT_URLS.app)
  const refresh = cookies.find((c) => c.name === 'hj_rt')
  expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Lax' })
  const readable = await page.evaluate(() => ({
    cookie: document.cookie,
    storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
  }))
  expect(readable.cookie).not.toMatch(/hj_rt|hj_at|rt_|eyJ/)
  expect(readable.storage).not.toMatch(/rt_|eyJ/)
  expect(readable.storage).not.toContain(refresh!.value)

  expect(errors.filter((e) => /hydrat|#418|#423|#425/i.test(e))).toEqual([])
}

describe('Next.js example: sign-in with every MFA factor from client components', () => {
  it('TOTP: a wrong code shows the typed error, the right one signs in', async () => {
    const user = await userWith('totp')
    const page = await openPage()
    const errors = collectErrors(page)
    await passwordStep(page, user)
    expect(await page.locator('[data-factor]').getAttribute('data-factor')).toBe('totp')
    await expectWrongCodeShown(page, wrongTotp(user.totpSecret!))
    await submitCode(page, totp(user.totpSecret!))
    await expectSignedIn(page, user.email, errors)
  })

  it('SMS: the code is sent through the route handler, a wrong one is refused, the texted one signs in', async () => {
    const user = await userWith('sms')
    const page = await openPage()
    const errors = collectErrors(page)
    await passwordStep(page, user)
    expect(await page.locator('[data-factor]').getAttribute('data-factor')).toBe('sms')
    const since = mock().state.clock.now()
    await page.getByRole('button', { name: 'Send code' }).click()
    const sms = await waitForMessage({
      baseUrl: NEXT_URLS.mock,
      to: user.phoneNumber!,
      kind: 'mfa_code',
      tenantId: DEMO.tenantId,
      since,
    })
    expect(sms.channel).toBe('sms')
    await page.locator('input[name="code"]').waitFor()
    await expectWrongCodeShown(page, sms.code === '000000' ? '111111' : '000000')
    await submitCode(page, sms.code!)
    await expectSignedIn(page, user.email, errors)
    await screenshot(page, 'nextjs-mfa-sms-dashboard')
  })

  it('email: the code is sent through the route handler and signs in', async () => {
    const user = await userWith('email')
    const page = await openPage()
    const errors = collectErrors(page)
    await passwordStep(page, user)
    expect(await page.locator('[data-factor]').getAttribute('data-factor')).toBe('email')
    const since = mock().state.clock.now()
    await page.getByRole('button', { name: 'Send code' }).click()
    const mail = await waitForMessage({
      baseUrl: NEXT_URLS.mock,
      to: user.email,
      kind: 'mfa_code',
      tenantId: DEMO.tenantId,
      since,
    })
    expect(mail.channel).toBe('email')
    await submitCode(page, mail.code!)
    await expectSignedIn(page, user.email, errors)
  })

  it('backup code: chosen instead of TOTP; a wrong one is refused, a valid one signs in once', async () => {
    const user = await userWith('backup_codes')
    expect(user.backupCodes).toHaveLength(10)
    const page = await openPage()
    const errors = collectErrors(page)
    await passwordStep(page, user)
    await page.getByRole('button', { name: 'Use a backup code instead' }).click()
    expect(await page.locator('[data-factor]').getAttribute('data-factor')).toBe('backup_code')
    // same format as a real one (reversed), so it is refused as wrong, not as malformed
    await expectWrongCodeShown(page, [...user.backupCodes![0]!].reverse().join(''), 'The backup code')
    await submitCode(page, user.backupCodes![0]!)
    await expectSignedIn(page, user.email, errors)

    // the same backup code does not work twice
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(`${NEXT_URLS.app}/sign-in`)
    await passwordStep(page, user)
    await page.getByRole('button', { name: 'Use a backup code instead' }).click()
    await submitCode(page, user.backupCodes![0]!)
    await expect.poll(() => page.locator('p[role="alert"]').getAttribute('data-code')).toBe('invalid_code')
  })

  it('passkey: added from the dashboard, then answers the MFA step (WebAuthn through the route handler)', async () => {
    const user = await userWith()
    const page = await openPage()
    const errors = collectErrors(page)
    // Chromium's own virtual authenticator (CDP): a real WebAuthn ceremony, signed for the page's origin
    await addVirtualAuthenticator(page)
    await page.goto(`${NEXT_URLS.app}/sign-in`)
    await page.locator('input[name="email"]').fill(user.email)
    await page.locator('input[name="password"]').fill(user.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${NEXT_URLS.app}/dashboard`)
    await page.getByRole('button', { name: 'Add a passkey' }).click()
    await page.getByTestId('passkey-added').waitFor()
    expect(
      [...mock().state.db.factors.values()].filter((f) => f.user_id === user.id).map((f) => f.type),
    ).toEqual(['webauthn'])

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(`${NEXT_URLS.app}/sign-in`)
    await passwordStep(page, user)
    expect(await page.locator('[data-factor]').getAttribute('data-factor')).toBe('webauthn')
    await page.getByRole('button', { name: 'Use passkey' }).click()
    await expectSignedIn(page, user.email, errors)
  })
})
