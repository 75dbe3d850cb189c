import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addVirtualAuthenticator, launchBrowser, newPage, screenshot, type LaunchedBrowser, type Page } from './support/browser'
import { DEMO, URLS } from './support/env'
import { uniqueEmail, waitForMessage } from './support/mock'
import { reactApp } from './support/react-app'
import { freshTotp } from './support/totp'

let browser: LaunchedBrowser
let current: { page: Page; logs: string[] } | undefined

// A fresh browser profile per test: no session, storage or passkey leaks from one test into the next.
beforeEach(async () => {
  browser = await launchBrowser()
})
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && current) console.log(`browser logs of "${ctx.task.name}":\n${current.logs.join('\n')}`)
  current = undefined
  await browser?.close()
})

async function open(path = '/'): Promise<Page> {
  current = await newPage(browser)
  await reactApp.open(current.page, path)
  return current.page
}

describe('React example', () => {
  it('sign up → enroll TOTP (QR + secret, backup codes) → sign out → sign in → MFA challenge → signed in', async () => {
    const page = await open()
    const email = uniqueEmail('totp')
    await reactApp.signUp(page, email)

    // Enroll: the page shows a QR code and the secret; the test reads the secret like a person typing it into an app.
    await page.getByRole('button', { name: 'Add authenticator app' }).click()
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click()
    const enrollment = page.getByTestId('totp-enrollment')
    await enrollment.getByRole('img', { name: /QR code/ }).waitFor()
    const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? ''
    expect(secret).toMatch(/^[A-Z2-7]{16,}=*$/)
    await enrollment.getByLabel(/6-digit code/).fill(await freshTotp(secret))
    await enrollment.getByRole('button', { name: 'Confirm' }).click()

    // Backup codes, shown once.
    const codes = page.getByTestId('backup-codes')
    await codes.waitFor()
    expect(await codes.locator('li').count()).toBe(10)
    await codes.getByRole('button', { name: 'I saved them' }).click()
    await page.getByTestId('factors').getByText('Authenticator app', { exact: true }).waitFor()

    await reactApp.signOut(page)
    await reactApp.signIn(page, email)

    // The second step: a TOTP challenge.
    const challenge = page.getByTestId('mfa-challenge')
    await challenge.getByRole('heading', { name: 'Two-step verification' }).waitFor()
    await challenge.getByLabel(/authenticator app/).fill(await freshTotp(secret))
    await challenge.getByRole('button', { name: 'Verify' }).click()
    await reactApp.expectSignedIn(page, email)
    await page.getByText('MFA verified').waitFor()
    await reactApp.settled(page)
    await screenshot(page, 'react-totp-signed-in')
  })

  it('registers a passkey and signs in with it (CDP virtual authenticator)', async () => {
    const page = await open()
    const { cdp, authenticatorId } = await addVirtualAuthenticator(page)
    const email = uniqueEmail('passkey')
    await reactApp.signUp(page, email)

    await page.getByRole('button', { name: 'Add a passkey' }).click()
    const form = page.getByRole('form', { name: 'Register a passkey' })
    await form.getByLabel('Passkey name').fill('E2E virtual key')
    await form.getByRole('button', { name: 'Create passkey' }).click()
    // The first factor also brings backup codes.
    const codes = page.getByTestId('backup-codes')
    await codes.waitFor()
    await codes.getByRole('button', { name: 'I saved them' }).click()
    await page.getByTestId('factors').getByText('E2E virtual key').waitFor()
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId })
    expect(credentials).toHaveLength(1)
    expect(credentials[0]?.isResidentCredential).toBe(true)

    await reactApp.signOut(page)
    await page.getByRole('button', { name: /Sign in with a passkey/ }).click()
    await reactApp.expectSignedIn(page, email)
    await reactApp.settled(page)
    await screenshot(page, 'react-passkey-signed-in')
  })

  it('signs in with a magic link read from the mock outbox', async () => {
    const page = await open()
    await page.getByRole('tab', { name: 'Magic link' }).click()
    const form = page.getByRole('form', { name: 'Magic link' })
    await form.getByLabel('Email').fill(DEMO.alice)
    await form.getByRole('button', { name: /sign-in link/ }).click()
    await page.getByTestId('magic-link-sent').waitFor()

    const message = await waitForMessage(DEMO.alice, 'magic_link')
    expect(message.link).toMatch(new RegExp(`^${URLS.react}/auth/magic-link\\?token=`))
    await page.goto(message.link ?? '')
    await reactApp.expectSignedIn(page, DEMO.alice)
    expect(new URL(page.url()).pathname).toBe('/')
    await reactApp.settled(page)
    await screenshot(page, 'react-magic-link-signed-in')
  })

  it("calls the Node example: with the page's access token 200, without it 401", async () => {
    const page = await open()
    await reactApp.signIn(page, DEMO.alice)
    await reactApp.expectSignedIn(page, DEMO.alice)
    const card = page.getByTestId('node-api')

    await card.getByRole('button', { name: 'GET /api/me' }).click()
    await card.getByTestId('node-api-status').getByText('HTTP 200').waitFor()
    const ok = await card.getByTestId('node-api-result').locator('pre').textContent()
    expect(JSON.parse(ok ?? '{}')).toMatchObject({ email: DEMO.alice, user_id: expect.stringMatching(/^usr_/) })

    await card.getByRole('button', { name: 'Without a token' }).click()
    await card.getByTestId('node-api-status').getByText('HTTP 401').waitFor()
    const denied = await card.getByTestId('node-api-result').locator('pre').textContent()
    expect(JSON.parse(denied ?? '{}')).toMatchObject({ error: { status: 401 } })

    // The admin route lists users with the secret key, server side.
    await card.getByRole('button', { name: /List users/ }).click()
    await card.getByTestId('node-api-status').getByText('HTTP 200').waitFor()
    const users = JSON.parse((await card.getByTestId('node-api-result').locator('pre').textContent()) ?? '{}') as { data: { email: string }[] }
    expect(users.data.map((u) => u.email)).toContain(DEMO.alice)
    await reactApp.settled(page)
    await screenshot(page, 'react-node-api')

    // Outside the browser too: no token, no data.
    const anonymous = await fetch(`${URLS.node}/api/me`)
    expect(anonymous.status).toBe(401)
  })
})
