import { describe, expect, it } from 'vitest'
import { screenshot, useFreshBrowser, type Page } from './support/browser'
import { DEMO, OUTPUT, URLS } from './support/env'
import { uniqueEmail, waitForMessage, outbox } from './support/mock'
import { reactApp } from './support/react-app'
import { freshTotp } from './support/totp'

// The UI mistakes found by trying the demo as a newcomer (issue 19), each checked in Chromium. The screenshots are
// the "after" images (test-output/e2e/ui-*.png).
const openPage = useFreshBrowser()

async function open(path = '/'): Promise<Page> {
  const page = await openPage()
  await reactApp.open(page, path)
  return page
}

describe('React example: UI fixes', () => {
  it('TOTP setup: Cancel before starting; no "No second factor yet" beside "Two-step verification is on"', async () => {
    const page = await open()
    const email = uniqueEmail('ui-totp')
    await reactApp.signUp(page, email)
    const security = page.getByTestId('security')
    await security.getByRole('button', { name: 'Add authenticator app' }).click()
    await security.getByRole('button', { name: 'Cancel' }).click()
    await security.getByRole('button', { name: 'Add authenticator app' }).click()
    await security.getByRole('button', { name: 'Set up an authenticator app' }).click()
    const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? ''
    await page
      .getByTestId('totp-enrollment')
      .getByLabel(/6-digit code/)
      .fill(await freshTotp(secret))
    await page.getByTestId('totp-enrollment').getByRole('button', { name: 'Confirm' }).click()
    await security.getByText('Two-step verification is on').waitFor()
    await screenshot(page, 'ui-totp-backup-codes')
    expect(await security.getByText('No second factor yet').count()).toBe(0)
  })

  it('SMS setup: the code step has "Send a new code" (the newest code works) and Cancel', async () => {
    const page = await open()
    const email = uniqueEmail('ui-sms')
    const phone = `+1415556${String(Date.now() % 10_000).padStart(4, '0')}`
    await reactApp.signUp(page, email)
    await page.getByRole('button', { name: 'Add SMS' }).click()
    const smsForm = page.getByRole('form', { name: 'Add SMS' })
    await smsForm.getByLabel(/Phone number/).fill(phone)
    await smsForm.getByRole('button', { name: 'Send a code' }).click()
    await waitForMessage(phone, 'mfa_enrollment')
    const confirm = page.getByRole('form', { name: 'Confirm code' })
    await confirm.getByRole('button', { name: 'Send a new code' }).click()
    await expect.poll(async () => (await outbox(phone, 'mfa_enrollment')).length).toBe(2)
    const newest = (await outbox(phone, 'mfa_enrollment')).at(-1)
    await confirm.getByLabel('The 6-digit code we sent').fill(newest?.code ?? '')
    await screenshot(page, 'ui-sms-resend')
    await confirm.getByRole('button', { name: 'Confirm' }).click()
    await page.getByTestId('backup-codes').getByRole('button', { name: 'I saved them' }).click()
    await page.getByTestId('factors').getByText('Text message').waitFor()

    // Cancel on the code step goes back to the list.
    await page.getByRole('button', { name: 'Add email codes' }).click()
    await page
      .getByRole('form', { name: 'Add email codes' })
      .getByRole('button', { name: 'Send a code' })
      .click()
    await page.getByRole('form', { name: 'Confirm code' }).getByRole('button', { name: 'Cancel' }).click()
    await page.getByRole('button', { name: 'Add email codes' }).waitFor()
  })

  it('"Invitation sent" does not linger after creating another organization', async () => {
    const page = await open()
    await reactApp.signIn(page, DEMO.alice)
    await reactApp.expectSignedIn(page, DEMO.alice)
    const orgs = page.getByTestId('organizations')
    const name = `UI Org ${Date.now().toString(36)}`
    await orgs.getByLabel('New organization').fill(name)
    await orgs.getByRole('button', { name: 'Create' }).click()
    await orgs.getByRole('listitem').filter({ hasText: name }).getByText('active').waitFor()
    await orgs.getByLabel(`Invite to ${name}`).fill(uniqueEmail('ui-invitee'))
    await orgs.getByRole('button', { name: 'Send invitation' }).click()
    await orgs.getByText(/Invitation sent/).waitFor()
    await orgs.getByLabel('New organization').fill(`${name} 2`)
    await orgs.getByRole('button', { name: 'Create' }).click()
    await orgs
      .getByRole('listitem')
      .filter({ hasText: `${name} 2` })
      .getByText('active')
      .waitFor()
    await reactApp.settled(page)
    await screenshot(page, 'ui-second-organization')
    expect(await orgs.getByText(/Invitation sent/).count()).toBe(0)
  })

  it('an invitation link opened while signed out says what to do', async () => {
    const page = await open('/invitations/accept?token=inv_example_token')
    await page.getByTestId('invitation-notice').waitFor()
    expect(await page.getByTestId('invitation-notice').textContent()).toMatch(/Accept invitation/)
    await screenshot(page, 'ui-invitation-signed-out')
  })
})

describe('React example in browser-only mode (MSW): UI fixes', () => {
  async function signedInAlice(): Promise<Page> {
    const page = await openPage()
    await page.goto(URLS.reactMsw)
    await reactApp.signIn(page, DEMO.alice)
    await reactApp.expectSignedIn(page, DEMO.alice)
    return page
  }

  it('the Node API card names a CORS rejection instead of blaming the server', async () => {
    const page = await signedInAlice()

    // The Node example allows only the server-mode origins: this page's origin is refused by CORS, although the
    // server is up.
    const card = page.getByTestId('node-api')
    await card.getByRole('button', { name: 'GET /api/me' }).click()
    const alert = card.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toMatch(/CORS/)
    expect(await alert.textContent()).not.toMatch(/is examples\/node-express running/)
  })

  it('the mock inbox never covers "Accept invitation"', async () => {
    const page = await signedInAlice()
    // An invitation "sent" by the in-page mock lands in the mock inbox; the inbox must not cover the form.
    const orgs = page.getByTestId('organizations')
    await orgs
      .getByRole('listitem')
      .filter({ hasText: 'Acme Corp' })
      .getByRole('button', { name: 'Switch' })
      .click()
    await orgs.getByLabel('Invite to Acme Corp').fill(uniqueEmail('ui-msw-invitee'))
    await orgs.getByRole('button', { name: 'Send invitation' }).click()
    await orgs.getByText(/Invitation sent/).waitFor()
    await page.getByRole('button', { name: /Mock inbox \(1/ }).waitFor()
    const accept = orgs.getByRole('button', { name: 'Accept invitation' })
    await accept.scrollIntoViewIfNeeded()
    const a = (await accept.boundingBox())!
    const b = (await page.getByRole('complementary', { name: 'Mock inbox' }).boundingBox())!
    await page.screenshot({ path: `${OUTPUT}/ui-msw-inbox.png` })
    const overlaps =
      a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
    expect(overlaps).toBe(false)
  })
})
