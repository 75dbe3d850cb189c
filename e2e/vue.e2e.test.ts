import { describe, expect, it } from 'vitest'
import { screenshot, useFreshBrowser } from './support/browser'
import { DEMO, URLS } from './support/env'
import { freshTotp } from './support/totp'

const openPage = useFreshBrowser()

describe('Vue example', () => {
  it('signs bob in with his TOTP code and shows his sessions', async () => {
    const page = await openPage()
    await page.goto(URLS.vue)
    const form = page.getByRole('form', { name: 'Sign in' })
    await form.getByLabel('Email').fill(DEMO.bob)
    await form.getByLabel('Password').fill(DEMO.password)
    await form.getByRole('button', { name: 'Sign in', exact: true }).click()

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

  it('signs up, enrolls TOTP (backup codes shown once), signs out and back in with the TOTP challenge', async () => {
    const page = await openPage()
    const email = `vue-${Date.now().toString(36)}@example.com`
    await page.goto(URLS.vue)
    await page.getByRole('tab', { name: 'Sign up' }).click()
    const form = page.getByRole('form', { name: 'Sign up' })
    await form.getByLabel('Email').fill(email)
    await form.getByLabel('Password').fill(DEMO.password)
    await form.getByRole('button', { name: 'Create account' }).click()
    await page.getByTestId('signed-in-as').getByText(email).waitFor()

    await page.getByRole('button', { name: 'Add authenticator app' }).click()
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click()
    const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? ''
    expect(secret).toMatch(/^[A-Z2-7]{16,}=*$/)
    await page
      .getByTestId('totp-enrollment')
      .getByLabel(/6-digit code/)
      .fill(await freshTotp(secret))
    await page.getByRole('button', { name: 'Confirm' }).click()
    const codes = page.getByTestId('backup-codes')
    await codes.waitFor()
    expect(await codes.locator('li').count()).toBe(10)
    await codes.getByRole('button', { name: 'I saved them' }).click()
    await page.getByTestId('factors').getByText('Authenticator app', { exact: true }).waitFor()

    await page.getByRole('button', { name: 'Sign out' }).click()
    const signIn = page.getByRole('form', { name: 'Sign in' })
    await signIn.getByLabel('Email').fill(email)
    await signIn.getByLabel('Password').fill(DEMO.password)
    await signIn.getByRole('button', { name: 'Sign in', exact: true }).click()
    const challenge = page.getByTestId('mfa-challenge')
    await challenge.getByLabel(/authenticator app/).fill(await freshTotp(secret))
    await challenge.getByRole('button', { name: 'Verify' }).click()
    await page.getByText('MFA verified').waitFor()
    await screenshot(page, 'vue-enrolled-signed-in')
  })
})
