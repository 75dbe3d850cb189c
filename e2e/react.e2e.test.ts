import { describe, expect, it } from 'vitest'
import { addVirtualAuthenticator, screenshot } from './support/browser'
import { DEMO, URLS } from './support/env'
import { useExamplePage } from './support/example-app'
import { outbox, uniqueEmail, waitForMessage } from './support/mock'
import {
  callNodeApi,
  confirmEnrollmentCode,
  createOrganization,
  enrollEmailCodes,
  enrollTotp,
  nodeApiResult,
  registerPasskey,
  signInWithMagicLink,
  signInWithPasskeyBothWays,
} from './support/flows'
import { reactApp } from './support/react-app'
import { freshTotp } from './support/totp'

const open = useExamplePage(reactApp)

describe('React example', () => {
  it('sign up → enroll TOTP (QR + secret, backup codes) → sign out → sign in → MFA challenge → signed in', async () => {
    const page = await open()
    const email = uniqueEmail('totp')
    await reactApp.signUp(page, email)

    const secret = await enrollTotp(page)

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

    await registerPasskey(page, 'E2E virtual key')
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId })
    expect(credentials).toHaveLength(1)
    expect(credentials[0]?.isResidentCredential).toBe(true)

    await signInWithPasskeyBothWays(page, reactApp, email)
    await reactApp.settled(page)
    await screenshot(page, 'react-passkey-signed-in')
  })

  it('answers the MFA challenge with an SMS code, an email code and a backup code', async () => {
    const page = await open()
    const email = uniqueEmail('otp')
    const phone = `+1415555${String(Date.now() % 10_000).padStart(4, '0')}`
    await reactApp.signUp(page, email)

    // Enroll email codes (the first factor also brings the backup codes, shown once).
    const backupCodes = await enrollEmailCodes(page, email)
    expect(backupCodes).toHaveLength(10)

    // Enroll SMS.
    await page.getByRole('button', { name: 'Add SMS' }).click()
    const smsForm = page.getByRole('form', { name: 'Add SMS' })
    await smsForm.getByLabel(/Phone number/).fill(phone)
    await smsForm.getByRole('button', { name: 'Send a code' }).click()
    await confirmEnrollmentCode(page, (await waitForMessage(phone, 'mfa_enrollment')).code)
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
    await createOrganization(page, orgName)

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
    await signInWithMagicLink(await open(), reactApp, DEMO.alice)
  })

  it("calls the Node example: with the page's access token 200, without it 401", async () => {
    const page = await open()
    await reactApp.signIn(page, DEMO.alice)
    await reactApp.expectSignedIn(page, DEMO.alice)
    const card = page.getByTestId('node-api')

    await callNodeApi(page, 'GET /api/me', 200)
    expect(await nodeApiResult(page)).toMatchObject({
      email: DEMO.alice,
      user_id: expect.stringMatching(/^usr_/),
    })

    await callNodeApi(page, 'Without a token', 401)
    expect(await nodeApiResult(page)).toMatchObject({ error: { status: 401 } })

    // The admin route lists users with the secret key, server side: only for an owner or admin of the active
    // organization. Personal token first (403), then alice switches to Acme Corp, which she owns (200).
    await card.getByRole('textbox', { name: /Search users/ }).fill('alice')
    await callNodeApi(page, 'GET /api/admin/users', 403)
    const acme = page.getByTestId('organizations').getByRole('listitem').filter({ hasText: 'Acme Corp' })
    await acme.getByRole('button', { name: 'Switch' }).click()
    await acme.getByText('active').waitFor()
    await callNodeApi(page, 'GET /api/admin/users', 200)
    const users = (await nodeApiResult(page)) as { data: { email: string }[] }
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
