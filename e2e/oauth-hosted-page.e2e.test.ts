import { describe, expect, it } from 'vitest'
import { screenshot, useFreshBrowser } from './support/browser'
import { DEMO, URLS } from './support/env'
import { freshTotp } from './support/totp'

const openPage = useFreshBrowser()

/** Nothing listens there: the test only reads the URL the browser is sent back to. */
const CALLBACK = `${URLS.nothing}/callback`

function authorizeUrl(extra: Record<string, string>): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: DEMO.publishableKey,
    redirect_uri: CALLBACK,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    ...extra,
  })
  return `${URLS.mock}/v1/oauth/authorize?${q}`
}

describe("the mock's hosted OAuth sign-in page in Chromium", () => {
  it('login_hint only prefills: Bob types his password, then his TOTP code, and the browser returns with a code; prompt=none then works silently', async () => {
    const page = await openPage()
    await page.goto(authorizeUrl({ login_hint: DEMO.bob, state: 'st-e2e' }))
    await expect.poll(() => page.getByLabel('Email').inputValue()).toBe(DEMO.bob)
    await page.getByLabel('Password').fill('wrong-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/password|credentials/i)
    await page.getByLabel('Password').fill(DEMO.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByLabel('Code').fill(await freshTotp(DEMO.bobTotpSecret))
    const back = page.waitForRequest((r) => r.url().startsWith(CALLBACK))
    await page.getByRole('button', { name: 'Verify' }).click()
    const callback = new URL((await back).url())
    expect(callback.searchParams.get('code')).toMatch(/^ac_/)
    expect(callback.searchParams.get('state')).toBe('st-e2e')

    // the browser session cookie set by the page: prompt=none answers with a code, no page shown
    const silent = page.waitForRequest((r) => r.url().startsWith(CALLBACK))
    await page.goto(authorizeUrl({ prompt: 'none' })).catch(() => undefined)
    expect(new URL((await silent).url()).searchParams.get('code')).toMatch(/^ac_/)
    await screenshot(page, 'oauth-hosted-page')
  })

  it('prompt=none in a fresh browser comes back with error=login_required', async () => {
    const page = await openPage()
    const back = page.waitForRequest((r) => r.url().startsWith(CALLBACK))
    await page.goto(authorizeUrl({ prompt: 'none', state: 'st-none' })).catch(() => undefined)
    const callback = new URL((await back).url())
    expect(callback.searchParams.get('error')).toBe('login_required')
    expect(callback.searchParams.get('state')).toBe('st-none')
  })
})
