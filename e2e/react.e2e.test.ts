import { describe, expect, it } from 'vitest'
import { addVirtualAuthenticator, screenshot, useFreshBrowser, type Page } from './support/browser'
import { DEMO, URLS } from './support/env'
import { outbox, uniqueEmail, waitForMessage } from './support/mock'
import { reactApp } from './support/react-app'
import { freshTotp } from './support/totp'

const openPage = useFreshBrowser()

async function open(path = '/'): Promise<Page> {
  const page = await openPage()
  await reactApp.open(page, path)
  return page
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

  it('registers a passkey, signs in with it, and answers the MFA challenge with it (CDP virtual authenticator)', async () => {
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

    // Passkey as the first factor: no password.
    await reactApp.signOut(page)
    await page.getByRole('button', { name: /Sign in with a passkey/ }).click()
    await reactApp.expectSignedIn(page, email)

    // Passkey as the second factor: the password sign-in now asks for it.
    await reactApp.signOut(page)
    await reactApp.signIn(page, email)
    const challenge = page.getByTestId('mfa-challenge')
    await challenge.getByRole('radio', { name: /Passkey/ }).click()
    await challenge.getByRole('button', { name: 'Use my passkey' }).click()
    await reactApp.expectSignedIn(page, email)
    await page.getByText('MFA verified').waitFor()
    await reactApp.settled(page)
    await screenshot(page, 'react-passkey-signed-in')
  })

  it('answers the MFA challenge with an SMS code, an email code and a backup code', async () => {
    const page = await open()
    const email = uniqueEmail('otp')
    const phone = `+1415555${String(Date.now() % 10_000).padStart(4, '0')}`
    await reactApp.signUp(page, email)

    // Enroll email codes (the first factor also brings the backup codes, shown once).
    await page.getByRole('button', { name: 'Add email codes' }).click()
    await page
      .getByRole('form', { name: 'Add email codes' })
      .getByRole('button', { name: 'Send a code' })
      .click()
    const emailEnrollment = await waitForMessage(email, 'mfa_enrollment')
    await page
      .getByRole('form', { name: 'Confirm code' })
      .getByLabel('The 6-digit code we sent')
      .fill(emailEnrollment.code ?? '')
    await page.getByRole('form', { name: 'Confirm code' }).getByRole('button', { name: 'Confirm' }).click()
    const codes = page.getByTestId('backup-codes')
    await codes.waitFor()
    const backupCodes = await codes.locator('li code').allTextContents()
    expect(backupCodes).toHaveLength(10)
    await codes.getByRole('button', { name: 'I saved them' }).click()

    // Enroll SMS.
    await page.getByRole('button', { name: 'Add SMS' }).click()
    const smsForm = page.getByRole('form', { name: 'Add SMS' })
    await smsForm.getByLabel(/Phone number/).fill(phone)
    await smsForm.getByRole('button', { name: 'Send a code' }).click()
    const smsEnrollment = await waitForMessage(phone, 'mfa_enrollment')
    await page
      .getByRole('form', { name: 'Confirm code' })
      .getByLabel('The 6-digit code we sent')
      .fill(smsEnrollment.code ?? '')
    await page.getByRole('form', { name: 'Confirm code' }).getByRole('button', { name: 'Confirm' }).click()
    await page.getByTestId('factors').getByText('Text message', { exact: true }).waitFor()

    const signInAndPick = async (factor: RegExp) => {
      await reactApp.signOut(page)
      await reactApp.signIn(page, email)
      const challenge = page.getByTestId('mfa-challenge')
      await challenge.getByRole('heading', { name: 'Two-step verification' }).waitFor()
      await challenge.getByRole('radio', { name: factor }).click()
      return challenge
    }

    // SMS: send, read the code from the outbox, verify.
    let challenge = await signInAndPick(/Text message/)
    await challenge.getByRole('button', { name: /Send me a code/ }).click()
    await challenge.getByText(/Code sent to/).waitFor()
    const sms = await waitForMessage(phone, 'mfa_code')
    await challenge.getByLabel('The 6-digit code we sent').fill(sms.code ?? '')
    await challenge.getByRole('button', { name: 'Verify' }).click()
    await reactApp.expectSignedIn(page, email)

    // Email code.
    challenge = await signInAndPick(/Email code/)
    await challenge.getByRole('button', { name: /Send me a code/ }).click()
    await challenge.getByText(/Code sent to/).waitFor()
    const mail = (await outbox(email, 'mfa_code')).at(-1)
    expect(mail?.code).toMatch(/^\d{6}$/)
    await challenge.getByLabel('The 6-digit code we sent').fill(mail?.code ?? '')
    await challenge.getByRole('button', { name: 'Verify' }).click()
    await reactApp.expectSignedIn(page, email)

    // A backup code works once.
    challenge = await signInAndPick(/Backup code/)
    await screenshot(page, 'react-mfa-challenge-factors')
    await challenge.getByLabel('Backup code').fill(backupCodes[0] ?? '')
    await challenge.getByRole('button', { name: 'Verify' }).click()
    await reactApp.expectSignedIn(page, email)
    await reactApp.settled(page)
    await screenshot(page, 'react-otp-backup-signed-in')
  })

  it('creates an organization, invites a user who accepts from the emailed link, and switches to it', async () => {
    const page = await open()
    const owner = uniqueEmail('owner')
    const member = uniqueEmail('member')
    await reactApp.signUp(page, owner, 'Org Owner')
    const orgs = page.getByTestId('organizations')
    const orgName = `E2E Org ${Date.now().toString(36)}`
    await orgs.getByLabel('New organization').fill(orgName)
    await orgs.getByRole('button', { name: 'Create', exact: true }).click()
    await orgs.getByRole('listitem').filter({ hasText: orgName }).getByText('active').waitFor()

    const invite = orgs.getByRole('form', { name: 'Invite' })
    await invite.getByRole('textbox').fill(member)
    await invite.getByRole('button', { name: 'Send invitation' }).click()
    await orgs.getByText(`Invitation sent to ${member}`).waitFor()
    const invitation = await waitForMessage(member, 'invitation')
    expect(invitation.link).toMatch(new RegExp(`^${URLS.react}/invitations/accept\\?token=`))
    await reactApp.signOut(page)

    // The invitee opens the link, signs up, and accepts.
    await page.goto(invitation.link ?? '')
    await reactApp.signUp(page, member, 'New Member')
    const memberOrgs = page.getByTestId('organizations')
    await memberOrgs.getByRole('button', { name: 'Accept invitation' }).click()
    await memberOrgs.getByText(`You joined ${orgName}`).waitFor()
    const row = memberOrgs.getByRole('listitem').filter({ hasText: orgName })
    await row.getByText('member', { exact: true }).waitFor()
    await row.getByRole('button', { name: 'Switch' }).click()
    await row.getByText('active').waitFor()
    await reactApp.settled(page)
    await screenshot(page, 'react-organizations')
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
    expect(JSON.parse(ok ?? '{}')).toMatchObject({
      email: DEMO.alice,
      user_id: expect.stringMatching(/^usr_/),
    })

    await card.getByRole('button', { name: 'Without a token' }).click()
    await card.getByTestId('node-api-status').getByText('HTTP 401').waitFor()
    const denied = await card.getByTestId('node-api-result').locator('pre').textContent()
    expect(JSON.parse(denied ?? '{}')).toMatchObject({ error: { status: 401 } })

    // The admin route lists users with the secret key, server side: only for an owner or admin of the active
    // organization. Personal token first (403), then alice switches to Acme Corp, which she owns (200).
    await card.getByRole('textbox', { name: /Search users/ }).fill('alice')
    await card.getByRole('button', { name: 'GET /api/admin/users' }).click()
    await card.getByTestId('node-api-status').getByText('HTTP 403').waitFor()
    const acme = page.getByTestId('organizations').getByRole('listitem').filter({ hasText: 'Acme Corp' })
    await acme.getByRole('button', { name: 'Switch' }).click()
    await acme.getByText('active').waitFor()
    await card.getByRole('button', { name: 'GET /api/admin/users' }).click()
    await card.getByTestId('node-api-status').getByText('HTTP 200').waitFor()
    const users = JSON.parse(
      (await card.getByTestId('node-api-result').locator('pre').textContent()) ?? '{}',
    ) as { data: { email: string }[] }
    expect(users.data.map((u) => u.email)).toContain(DEMO.alice)
    await reactApp.settled(page)
    await screenshot(page, 'react-node-api')

    // Outside the browser too: no token, no data.
    const anonymous = await fetch(`${URLS.node}/api/me`)
    expect(anonymous.status).toBe(401)
  })

  it('a sign-up in the page reaches the Node example as a signed user.created webhook', async () => {
    const page = await open()
    const email = uniqueEmail('webhook')
    await reactApp.signUp(page, email)
    // The mock delivers the event to examples/node-express, which verifies HelloJohn-Signature on the raw body.
    await expect
      .poll(
        async () => {
          const res = await fetch(`${URLS.node}/webhooks/events`)
          const { data } = (await res.json()) as { data: { type: string; email: string | null }[] }
          return data.some((e) => e.type === 'user.created' && e.email === email)
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBe(true)
    // A forged delivery is refused.
    const forged = await fetch(`${URLS.node}/webhooks/hellojohn`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'HelloJohn-Signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
      },
      body: JSON.stringify({
        id: 'evt_forged',
        type: 'user.deleted',
        created_at: new Date().toISOString(),
        tenant_id: DEMO.tenantId,
        data: { object: {} },
      }),
    })
    expect(forged.status).toBe(400)
    expect(((await forged.json()) as { error: { code: string } }).error.code).toMatch(/^webhook_/)
  })

  it('tenant requires MFA: sign-up asks to enroll first, and the first factor completes the sign-in', async () => {
    const setMfaRequired = (on: boolean) =>
      fetch(`${URLS.mock}/v2/admin/tenants/${DEMO.tenantId}/auth/config`, {
        method: 'PATCH',
        headers: {
          Authorization: `Bearer ${DEMO.secretKey}`,
          'X-Tenant-ID': DEMO.tenantId,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ mfa_required: on }),
      })
    expect((await setMfaRequired(true)).status).toBe(200)
    try {
      const page = await open()
      const email = uniqueEmail('required')
      await page.getByRole('tab', { name: 'Sign up' }).click()
      const form = page.getByRole('form', { name: 'Sign up' })
      await form.getByLabel('Email').fill(email)
      await form.getByLabel('Password').fill(DEMO.password)
      await form.getByRole('button', { name: 'Create account' }).click()

      const gate = page.getByTestId('mfa-enrollment-required')
      await gate.getByRole('button', { name: 'Set up an authenticator app' }).click()
      const secret = (await gate.getByTestId('totp-secret').textContent())?.trim() ?? ''
      await gate.getByLabel(/6-digit code/).fill(await freshTotp(secret))
      await gate.getByRole('button', { name: 'Confirm' }).click()
      await gate.getByTestId('backup-codes').getByRole('button', { name: 'I saved them' }).click()
      await reactApp.expectSignedIn(page, email)
      await page.getByText('MFA verified').waitFor()
      await reactApp.settled(page)
      await screenshot(page, 'react-mfa-enrollment-required')
    } finally {
      await setMfaRequired(false)
    }
  })
})
