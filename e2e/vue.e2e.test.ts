import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { launchBrowser, newPage, screenshot, type LaunchedBrowser, type Page } from './support/browser'
import { DEMO, URLS } from './support/env'
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

describe('Vue example', () => {
  it('signs bob in with his TOTP code and shows his sessions', async () => {
    current = await newPage(browser)
    const { page } = current
    await page.goto(URLS.vue)
    const form = page.getByRole('form', { name: 'Sign in' })
    await form.getByLabel('Email').fill(DEMO.bob)
    await form.getByLabel('Password').fill(DEMO.password)
    await form.getByRole('button', { name: 'Sign in' }).click()

    const challenge = page.getByTestId('mfa-challenge')
    await challenge.getByRole('heading', { name: 'Two-step verification' }).waitFor()
    // A wrong code is refused and the challenge stays usable.
    await challenge.getByLabel(/authenticator app/).fill('000000')
    await challenge.getByRole('button', { name: 'Verify' }).click()
    await challenge.getByRole('alert').waitFor()

    await challenge.getByLabel(/authenticator app/).fill(await freshTotp(DEMO.bobTotpSecret))
    await challenge.getByRole('button', { name: 'Verify' }).click()

    const who = page.getByTestId('signed-in-as')
    await who.waitFor()
    expect(await who.textContent()).toContain(DEMO.bob)
    await page.getByText('MFA verified').waitFor()
    await page.getByTestId('sessions').getByTestId('session-row').first().waitFor()
    await page.getByTestId('factors').getByText('Authenticator app', { exact: true }).waitFor()
    await screenshot(page, 'vue-totp-signed-in')
  })
})
