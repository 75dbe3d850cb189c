import { describe, expect, it } from 'vitest'
import { screenshot, useFreshBrowser, type Page } from './support/browser'
import { DEMO, URLS } from './support/env'
import { uniqueEmail, waitForMessage } from './support/mock'
import { reactApp } from './support/react-app'

const openPage = useFreshBrowser()

async function open(path = '/'): Promise<Page> {
  const page = await openPage()
  await reactApp.open(page, path)
  return page
}

describe('React example: the flows every quickstart shows', () => {
  it('sign-up emails a verification code; typing it marks the email verified', async () => {
    const page = await open()
    const email = uniqueEmail('verify')
    await reactApp.signUp(page, email)
    const card = page.getByTestId('email-verification')
    await card.getByText(email).waitFor()
    const message = await waitForMessage(email, 'email_verification')
    await card.getByLabel('Verification code').fill('000000')
    await card.getByRole('button', { name: 'Verify email' }).click()
    await card.getByRole('alert').waitFor() // a wrong code is refused, the form stays
    await card.getByLabel('Verification code').fill(message.code ?? '')
    await card.getByRole('button', { name: 'Verify email' }).click()
    await card.waitFor({ state: 'detached' })
    await page.getByTestId('signed-in-as').getByText('email verified').waitFor()
    await reactApp.settled(page)
    await screenshot(page, 'react-email-verified')
  })

  it('forgot password → emailed link → new password → signs in with it', async () => {
    const page = await open()
    const email = uniqueEmail('reset')
    await reactApp.signUp(page, email)
    await reactApp.signOut(page)

    await page.getByRole('button', { name: 'Forgot your password?' }).click()
    const forgot = page.getByRole('form', { name: 'Forgot password' })
    await forgot.getByLabel('Email').fill(email)
    await forgot.getByRole('button', { name: 'Email me a reset link' }).click()
    await page.getByTestId('reset-link-sent').waitFor()
    const message = await waitForMessage(email, 'password_reset')
    expect(message.link).toMatch(new RegExp(`^${URLS.react}/auth/reset-password\\?token=`))

    await page.goto(message.link ?? '')
    const reset = page.getByTestId('reset-password')
    await reset.waitFor()
    expect(new URL(page.url()).search).toBe('') // the token left the address bar
    const newPassword = 'a-brand-new-long-passphrase'
    await reset.getByLabel('New password', { exact: true }).fill(newPassword)
    await reset.getByRole('button', { name: 'Set new password' }).click()
    await reset.getByText(/password was changed/).waitFor()
    await screenshot(page, 'react-password-reset')
    await reset.getByRole('button', { name: 'Sign in' }).click()

    const form = page.getByRole('form', { name: 'Sign in' })
    await form.getByLabel('Email').fill(email)
    await form.getByLabel('Password').fill(DEMO.password)
    await form.getByRole('button', { name: 'Sign in', exact: true }).click()
    await form.getByRole('alert').waitFor() // the old password no longer works
    await form.getByLabel('Password').fill(newPassword)
    await form.getByRole('button', { name: 'Sign in', exact: true }).click()
    await reactApp.expectSignedIn(page, email)
  })

  it('social sign-in: GitHub through the mock provider, back on /auth/callback, signed in', async () => {
    const page = await open()
    await page.getByRole('button', { name: 'GitHub' }).click()
    await reactApp.expectSignedIn(page, 'github-user@example.com')
    expect(new URL(page.url()).pathname).toBe('/') // code and state removed
    await reactApp.settled(page)
    await screenshot(page, 'react-social-sign-in')
  })

  it('step-up: the MFA-only Node route answers 403, an email code steps up, the retry answers 200', async () => {
    const page = await open()
    const email = uniqueEmail('stepup')
    await reactApp.signUp(page, email)
    // An email-code factor (the first one also brings backup codes).
    await page.getByRole('button', { name: 'Add email codes' }).click()
    await page
      .getByRole('form', { name: 'Add email codes' })
      .getByRole('button', { name: 'Send a code' })
      .click()
    const enrollment = await waitForMessage(email, 'mfa_enrollment')
    const confirm = page.getByRole('form', { name: 'Confirm code' })
    await confirm.getByLabel('The 6-digit code we sent').fill(enrollment.code ?? '')
    await confirm.getByRole('button', { name: 'Confirm' }).click()
    await page.getByTestId('backup-codes').getByRole('button', { name: 'I saved them' }).click()

    const card = page.getByTestId('node-api')
    await card.getByRole('button', { name: /account\/export/ }).click()
    await card.getByTestId('node-api-status').getByText('HTTP 403').waitFor()
    const stepUp = card.getByRole('group', { name: 'Confirm it is you' })
    await stepUp.getByRole('radio', { name: /Email code/ }).click()
    await stepUp.getByRole('button', { name: /Send me a code/ }).click()
    await stepUp.getByText(/Code sent/).waitFor()
    const code = await waitForMessage(email, 'mfa_code')
    await stepUp.getByLabel('The 6-digit code we sent').fill(code.code ?? '')
    await stepUp.getByRole('button', { name: 'Verify' }).click()
    await card.getByTestId('node-api-status').getByText('HTTP 200').waitFor()
    const body = JSON.parse((await card.getByTestId('node-api-result').locator('pre').textContent()) ?? '{}')
    expect(body).toMatchObject({ mfa_verified: true })
    await page.getByTestId('signed-in-as').getByText('MFA verified').waitFor()
    await reactApp.settled(page)
    await screenshot(page, 'react-step-up')
  })
})
