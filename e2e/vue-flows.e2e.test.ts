import { describe, expect, it } from 'vitest'
import { addVirtualAuthenticator, screenshot, useFreshBrowser, type Page } from './support/browser'
import { DEMO, URLS } from './support/env'
import { uniqueEmail, waitForMessage } from './support/mock'
import { freshTotp } from './support/totp'
import { vueApp } from './support/vue-app'

const openPage = useFreshBrowser()

async function open(path = '/'): Promise<Page> {
  const page = await openPage()
  await vueApp.open(page, path)
  return page
}

/** Enrolls email codes from the Security card (the first factor also shows the backup codes once). */
async function enrollEmailCodes(page: Page, email: string): Promise<void> {
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
  await page.getByTestId('factors').getByText('Email code').waitFor()
}

describe('Vue example: the flows every quickstart shows', () => {
  it('sign-up emails a verification code; typing it marks the email verified', async () => {
    const page = await open()
    const email = uniqueEmail('vue-verify')
    await vueApp.signUp(page, email)
    const card = page.getByTestId('email-verification')
    await card.getByText(email).waitFor()
    const message = await waitForMessage(email, 'email_verification')
    await card.getByLabel('Verification code').fill(message.code ?? '')
    await card.getByRole('button', { name: 'Verify email' }).click()
    await card.waitFor({ state: 'detached' })
    await page.getByTestId('signed-in-as').getByText('email verified').waitFor()
    await vueApp.settled(page)
    await screenshot(page, 'vue-email-verified')
  })

  it('forgot password → emailed link → new password → signs in with it', async () => {
    const page = await open()
    const email = uniqueEmail('vue-reset')
    await vueApp.signUp(page, email)
    await vueApp.signOut(page)
    await page.getByRole('button', { name: 'Forgot your password?' }).click()
    const forgot = page.getByRole('form', { name: 'Forgot password' })
    await forgot.getByLabel('Email').fill(email)
    await forgot.getByRole('button', { name: 'Email me a reset link' }).click()
    await page.getByTestId('reset-link-sent').waitFor()
    const message = await waitForMessage(email, 'password_reset')
    expect(message.link).toMatch(new RegExp(`^${URLS.vue}/auth/reset-password\\?token=`))

    await page.goto(message.link ?? '')
    const reset = page.getByTestId('reset-password')
    await reset.waitFor()
    expect(new URL(page.url()).search).toBe('')
    const newPassword = 'another-brand-new-passphrase'
    await reset.getByLabel('New password', { exact: true }).fill(newPassword)
    await reset.getByRole('button', { name: 'Set new password' }).click()
    await reset.getByText(/password was changed/).waitFor()
    await reset.getByRole('button', { name: 'Sign in' }).click()
    await vueApp.signIn(page, email)
    await page.getByRole('form', { name: 'Sign in' }).getByRole('alert').waitFor()
    await vueApp.signIn(page, email, newPassword)
    await vueApp.expectSignedIn(page, email)
  })

  it('social sign-in: Google through the mock provider, back on /auth/callback, signed in', async () => {
    const page = await open()
    await page.getByRole('button', { name: 'Google' }).click()
    await vueApp.expectSignedIn(page, 'google-user@example.com')
    expect(new URL(page.url()).pathname).toBe('/')
    await vueApp.settled(page)
    await screenshot(page, 'vue-social-sign-in')
  })

  it('step-up: the MFA-only Node route answers 403, an email code steps up, the retry answers 200', async () => {
    const page = await open()
    const email = uniqueEmail('vue-stepup')
    await vueApp.signUp(page, email)
    await enrollEmailCodes(page, email)

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
    await screenshot(page, 'vue-step-up')
  })
})

describe('Vue example: parity with React', () => {
  it('TOTP setup shows a QR code and can be cancelled at each step; the MFA challenge can be cancelled', async () => {
    const page = await open()
    const email = uniqueEmail('vue-qr')
    await vueApp.signUp(page, email)
    const security = page.getByTestId('security')
    await security.getByRole('button', { name: 'Add authenticator app' }).click()
    await security.getByRole('button', { name: 'Cancel' }).click() // before starting
    await security.getByRole('button', { name: 'Add authenticator app' }).click()
    await security.getByRole('button', { name: 'Set up an authenticator app' }).click()
    const enrollment = page.getByTestId('totp-enrollment')
    await enrollment.getByRole('img', { name: /QR code/ }).waitFor()
    await enrollment.getByRole('button', { name: 'Cancel' }).click() // after starting
    await security.getByRole('button', { name: 'Add authenticator app' }).click()
    await security.getByRole('button', { name: 'Set up an authenticator app' }).click()
    const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? ''
    await enrollment.getByLabel(/6-digit code/).fill(await freshTotp(secret))
    await enrollment.getByRole('button', { name: 'Confirm' }).click()
    await page.getByTestId('backup-codes').waitFor()
    // The confirmation and a "no factor" line never show together.
    expect(await security.getByText('No second factor yet').count()).toBe(0)
    await page.getByTestId('backup-codes').getByRole('button', { name: 'I saved them' }).click()

    await vueApp.signOut(page)
    await vueApp.signIn(page, email)
    const challenge = page.getByTestId('mfa-challenge')
    await challenge.getByRole('button', { name: 'Cancel and start over' }).click()
    await page.getByRole('form', { name: 'Sign in' }).waitFor()
  })

  it('registers a passkey, signs in with it, and answers the MFA challenge with it', async () => {
    const page = await open()
    await addVirtualAuthenticator(page)
    const email = uniqueEmail('vue-passkey')
    await vueApp.signUp(page, email)
    await page.getByRole('button', { name: 'Add a passkey' }).click()
    const form = page.getByRole('form', { name: 'Register a passkey' })
    await form.getByLabel('Passkey name').fill('Vue virtual key')
    await form.getByRole('button', { name: 'Create passkey' }).click()
    await page.getByTestId('backup-codes').getByRole('button', { name: 'I saved them' }).click()
    await page.getByTestId('factors').getByText('Vue virtual key').waitFor()

    await vueApp.signOut(page)
    await page.getByRole('button', { name: /Sign in with a passkey/ }).click()
    await vueApp.expectSignedIn(page, email)

    await vueApp.signOut(page)
    await vueApp.signIn(page, email)
    const challenge = page.getByTestId('mfa-challenge')
    await challenge.getByRole('radio', { name: /Passkey/ }).click()
    await challenge.getByRole('button', { name: 'Use my passkey' }).click()
    await page.getByText('MFA verified').waitFor()
  })

  it('signs in with a magic link read from the mock outbox', async () => {
    const page = await open()
    await page.getByRole('tab', { name: 'Magic link' }).click()
    const form = page.getByRole('form', { name: 'Magic link' })
    await form.getByLabel('Email').fill(DEMO.alice)
    await form.getByRole('button', { name: /sign-in link/ }).click()
    await page.getByTestId('magic-link-sent').waitFor()
    const message = await waitForMessage(DEMO.alice, 'magic_link')
    expect(message.link).toMatch(new RegExp(`^${URLS.vue}/auth/magic-link\\?token=`))
    await page.goto(message.link ?? '')
    await vueApp.expectSignedIn(page, DEMO.alice)
    expect(new URL(page.url()).pathname).toBe('/')
  })

  it('organizations and the Node API card: invite (no stale notice), admin search needs an org role', async () => {
    const page = await open()
    await vueApp.signIn(page, DEMO.alice)
    await vueApp.expectSignedIn(page, DEMO.alice)
    const card = page.getByTestId('node-api')
    await card.getByRole('button', { name: 'GET /api/me' }).click()
    await card.getByTestId('node-api-status').getByText('HTTP 200').waitFor()
    await card.getByRole('button', { name: 'Without a token' }).click()
    await card.getByTestId('node-api-status').getByText('HTTP 401').waitFor()
    await card.getByRole('button', { name: 'GET /api/admin/users' }).click()
    await card.getByTestId('node-api-status').getByText('HTTP 403').waitFor()

    const orgs = page.getByTestId('organizations')
    const orgName = `Vue Org ${Date.now().toString(36)}`
    await orgs.getByLabel('New organization').fill(orgName)
    await orgs.getByRole('button', { name: 'Create' }).click()
    const row = orgs.getByRole('listitem').filter({ hasText: orgName })
    await row.getByText('active').waitFor()
    const invitee = uniqueEmail('vue-invitee')
    await orgs.getByLabel(`Invite to ${orgName}`).fill(invitee)
    await orgs.getByRole('button', { name: 'Send invitation' }).click()
    await orgs.getByText(`Invitation sent to ${invitee}`).waitFor()
    const invitation = await waitForMessage(invitee, 'invitation')
    expect(invitation.link).toMatch(new RegExp(`^${URLS.vue}/invitations/accept\\?token=`))

    // Owner of the new organization: the admin search now answers 200.
    await card.getByRole('button', { name: 'GET /api/admin/users' }).click()
    await card.getByTestId('node-api-status').getByText('HTTP 200').waitFor()

    // Another organization: the previous notice goes away.
    await orgs.getByLabel('New organization').fill(`${orgName} 2`)
    await orgs.getByRole('button', { name: 'Create' }).click()
    await orgs
      .getByRole('listitem')
      .filter({ hasText: `${orgName} 2` })
      .getByText('active')
      .waitFor()
    expect(await orgs.getByText('Invitation sent').count()).toBe(0)
    await vueApp.settled(page)
    await screenshot(page, 'vue-organizations-node-api')

    // The invitee opens the link while signed out: a hint says what to do; after sign-up the token is waiting.
    await vueApp.signOut(page)
    await page.goto(invitation.link ?? '')
    await page.getByTestId('invitation-notice').waitFor()
    await vueApp.signUp(page, invitee, 'Invitee')
    await orgs.getByRole('button', { name: 'Accept invitation' }).click()
    await orgs.getByText(`You joined ${orgName}`).waitFor()
  })
})
