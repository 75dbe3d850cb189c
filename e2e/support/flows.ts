import { expect, it } from 'vitest'
import { screenshot, type Page } from './browser'
import type { ExampleApp } from './example-app'
import { uniqueEmail, waitForMessage } from './mock'
import { freshTotp } from './totp'

/**
 * The flows every quickstart shows, written once for both browser examples (React and Vue keep the same UI
 * contract). Each takes the page and the example's helpers; screenshots are named after the example.
 */

/** Sign-up sends a verification code: a wrong code is refused, the right one marks the email verified. */
export async function verifyEmailAfterSignUp(page: Page, app: ExampleApp, email: string): Promise<void> {
  await app.signUp(page, email)
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
  await app.settled(page)
  await screenshot(page, `${app.name}-email-verified`)
}

/** Forgot password → emailed link → new password; the old password is refused afterwards, the new one signs in. */
export async function resetForgottenPassword(page: Page, app: ExampleApp, email: string): Promise<void> {
  await app.signUp(page, email)
  await app.signOut(page)

  await page.getByRole('button', { name: 'Forgot your password?' }).click()
  const forgot = page.getByRole('form', { name: 'Forgot password' })
  await forgot.getByLabel('Email').fill(email)
  await forgot.getByRole('button', { name: 'Email me a reset link' }).click()
  await page.getByTestId('reset-link-sent').waitFor()
  const message = await waitForMessage(email, 'password_reset')
  expect(message.link).toMatch(new RegExp(`^${app.url}/auth/reset-password\\?token=`))

  await page.goto(message.link ?? '')
  const reset = page.getByTestId('reset-password')
  await reset.waitFor()
  expect(new URL(page.url()).search).toBe('') // the token left the address bar
  const newPassword = 'a-brand-new-long-passphrase'
  await reset.getByLabel('New password', { exact: true }).fill(newPassword)
  await reset.getByRole('button', { name: 'Set new password' }).click()
  await reset.getByText(/password was changed/).waitFor()
  await screenshot(page, `${app.name}-password-reset`)
  await reset.getByRole('button', { name: 'Sign in' }).click()

  await app.signIn(page, email)
  await page.getByRole('form', { name: 'Sign in' }).getByRole('alert').waitFor() // the old password no longer works
  await app.signIn(page, email, newPassword)
  await app.expectSignedIn(page, email)
}

/** Social sign-in through the mock provider: back on /auth/callback, signed in, code and state removed. */
export async function signInWithProvider(
  page: Page,
  app: ExampleApp,
  provider: string,
  expectedEmail: string,
): Promise<void> {
  await page.getByRole('button', { name: provider }).click()
  await app.expectSignedIn(page, expectedEmail)
  expect(new URL(page.url()).pathname).toBe('/') // code and state removed
  await app.settled(page)
  await screenshot(page, `${app.name}-social-sign-in`)
}

/** Types a code into the "Confirm code" form of a factor being enrolled. */
export async function confirmEnrollmentCode(page: Page, code: string | undefined): Promise<void> {
  const confirm = page.getByRole('form', { name: 'Confirm code' })
  await confirm.getByLabel('The 6-digit code we sent').fill(code ?? '')
  await confirm.getByRole('button', { name: 'Confirm' }).click()
}

/**
 * Enrolls email codes from the Security card as the first factor, which also shows the backup codes once; returns
 * them.
 */
export async function enrollEmailCodes(page: Page, email: string): Promise<string[]> {
  await page.getByRole('button', { name: 'Add email codes' }).click()
  await page
    .getByRole('form', { name: 'Add email codes' })
    .getByRole('button', { name: 'Send a code' })
    .click()
  const enrollment = await waitForMessage(email, 'mfa_enrollment')
  await confirmEnrollmentCode(page, enrollment.code)
  const codes = page.getByTestId('backup-codes')
  await codes.waitFor()
  const backupCodes = await codes.locator('li code').allTextContents()
  await codes.getByRole('button', { name: 'I saved them' }).click()
  await page.getByTestId('factors').getByText('Email code').waitFor()
  return backupCodes
}

/**
 * Enrolls an authenticator app as the first factor: the page shows a QR code and the secret, which the test reads
 * like a person typing it into an app; the backup codes are shown once. Returns the secret.
 */
export async function enrollTotp(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Add authenticator app' }).click()
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click()
  const enrollment = page.getByTestId('totp-enrollment')
  await enrollment.getByRole('img', { name: /QR code/ }).waitFor()
  const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? ''
  expect(secret).toMatch(/^[A-Z2-7]{16,}=*$/)
  await enrollment.getByLabel(/6-digit code/).fill(await freshTotp(secret))
  await enrollment.getByRole('button', { name: 'Confirm' }).click()

  const codes = page.getByTestId('backup-codes')
  await codes.waitFor()
  expect(await codes.locator('li').count()).toBe(10)
  await codes.getByRole('button', { name: 'I saved them' }).click()
  await page.getByTestId('factors').getByText('Authenticator app', { exact: true }).waitFor()
  return secret
}

/** Registers a passkey as the first factor (it also brings the backup codes) under `name`. */
export async function registerPasskey(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Add a passkey' }).click()
  const form = page.getByRole('form', { name: 'Register a passkey' })
  await form.getByLabel('Passkey name').fill(name)
  await form.getByRole('button', { name: 'Create passkey' }).click()
  const codes = page.getByTestId('backup-codes')
  await codes.waitFor()
  await codes.getByRole('button', { name: 'I saved them' }).click()
  await page.getByTestId('factors').getByText(name).waitFor()
}

/**
 * With a passkey registered: signs in with it as the first factor (no password), then as the second factor after a
 * password sign-in.
 */
export async function signInWithPasskeyBothWays(page: Page, app: ExampleApp, email: string): Promise<void> {
  await app.signOut(page)
  await page.getByRole('button', { name: /Sign in with a passkey/ }).click()
  await app.expectSignedIn(page, email)

  await app.signOut(page)
  await app.signIn(page, email)
  const challenge = page.getByTestId('mfa-challenge')
  await challenge.getByRole('radio', { name: /Passkey/ }).click()
  await challenge.getByRole('button', { name: 'Use my passkey' }).click()
  await app.expectSignedIn(page, email)
  await page.getByText('MFA verified').waitFor()
}

/** Asks for a magic link, reads it from the mock outbox and opens it: signed in, the token gone from the address. */
export async function signInWithMagicLink(page: Page, app: ExampleApp, email: string): Promise<void> {
  await page.getByRole('tab', { name: 'Magic link' }).click()
  const form = page.getByRole('form', { name: 'Magic link' })
  await form.getByLabel('Email').fill(email)
  await form.getByRole('button', { name: /sign-in link/ }).click()
  await page.getByTestId('magic-link-sent').waitFor()

  const message = await waitForMessage(email, 'magic_link')
  expect(message.link).toMatch(new RegExp(`^${app.url}/auth/magic-link\\?token=`))
  await page.goto(message.link ?? '')
  await app.expectSignedIn(page, email)
  expect(new URL(page.url()).pathname).toBe('/')
  await app.settled(page)
  await screenshot(page, `${app.name}-magic-link-signed-in`)
}

/** Clicks a button of the Node API card and waits for the HTTP status it should show. */
export async function callNodeApi(page: Page, button: string | RegExp, status: number): Promise<void> {
  const card = page.getByTestId('node-api')
  await card.getByRole('button', { name: button }).click()
  await card.getByTestId('node-api-status').getByText(`HTTP ${status}`).waitFor()
}

/** The JSON body the Node API card shows for its last call. */
export async function nodeApiResult(page: Page): Promise<unknown> {
  const text = await page.getByTestId('node-api').getByTestId('node-api-result').locator('pre').textContent()
  return JSON.parse(text ?? '{}')
}

/**
 * Step-up: the MFA-only Node route answers 403, an email code (the user has email codes enrolled) steps the session
 * up, and the retry answers 200 with `mfa_verified`.
 */
export async function stepUpWithEmailCode(page: Page, app: ExampleApp, email: string): Promise<void> {
  await callNodeApi(page, /account\/export/, 403)
  const stepUp = page.getByTestId('node-api').getByRole('group', { name: 'Confirm it is you' })
  await stepUp.getByRole('radio', { name: /Email code/ }).click()
  await stepUp.getByRole('button', { name: /Send me a code/ }).click()
  await stepUp.getByText(/Code sent/).waitFor()
  const code = await waitForMessage(email, 'mfa_code')
  await stepUp.getByLabel('The 6-digit code we sent').fill(code.code ?? '')
  await stepUp.getByRole('button', { name: 'Verify' }).click()
  await page.getByTestId('node-api').getByTestId('node-api-status').getByText('HTTP 200').waitFor()
  expect(await nodeApiResult(page)).toMatchObject({ mfa_verified: true })
  await page.getByTestId('signed-in-as').getByText('MFA verified').waitFor()
  await app.settled(page)
  await screenshot(page, `${app.name}-step-up`)
}

/** Creates an organization from the Organizations card and waits until it is the active one. */
export async function createOrganization(page: Page, name: string): Promise<void> {
  const orgs = page.getByTestId('organizations')
  await orgs.getByLabel('New organization').fill(name)
  await orgs.getByRole('button', { name: 'Create', exact: true }).click()
  await orgs.getByRole('listitem').filter({ hasText: name }).getByText('active').waitFor()
}

/**
 * Defines the four tests of "the flows every quickstart shows" (email verification, password reset, social sign-in,
 * step-up) for one example, inside the caller's `describe`. `open` comes from `useExamplePage(app)`.
 */
export function quickstartFlowTests(
  app: ExampleApp,
  open: () => Promise<Page>,
  social: { provider: string; email: string },
): void {
  const label = (what: string) => uniqueEmail(`${app.name}-${what}`)

  it('sign-up emails a verification code; typing it marks the email verified', async () => {
    await verifyEmailAfterSignUp(await open(), app, label('verify'))
  })

  it('forgot password → emailed link → new password → signs in with it', async () => {
    await resetForgottenPassword(await open(), app, label('reset'))
  })

  it(`social sign-in: ${social.provider} through the mock provider, back on /auth/callback, signed in`, async () => {
    await signInWithProvider(await open(), app, social.provider, social.email)
  })

  it('step-up: the MFA-only Node route answers 403, an email code steps up, the retry answers 200', async () => {
    const page = await open()
    const email = label('stepup')
    await app.signUp(page, email)
    await enrollEmailCodes(page, email)
    await stepUpWithEmailCode(page, app, email)
  })
}
