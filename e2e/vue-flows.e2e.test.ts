import { describe, expect, it } from 'vitest'
import { addVirtualAuthenticator, screenshot } from './support/browser'
import { DEMO, URLS } from './support/env'
import { useExamplePage } from './support/example-app'
import {
  callNodeApi,
  createOrganization,
  quickstartFlowTests,
  registerPasskey,
  signInWithMagicLink,
  signInWithPasskeyBothWays,
} from './support/flows'
import { uniqueEmail, waitForMessage } from './support/mock'
import { freshTotp } from './support/totp'
import { vueApp } from './support/vue-app'

const open = useExamplePage(vueApp)

describe('Vue example: the flows every quickstart shows', () => {
  quickstartFlowTests(vueApp, open, { provider: 'Google', email: 'google-user@example.com' })
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
    await registerPasskey(page, 'Vue virtual key')
    await signInWithPasskeyBothWays(page, vueApp, email)
  })

  it('signs in with a magic link read from the mock outbox', async () => {
    await signInWithMagicLink(await open(), vueApp, DEMO.alice)
  })

  it('organizations and the Node API card: invite (no stale notice), admin search needs an org role', async () => {
    const page = await open()
    await vueApp.signIn(page, DEMO.alice)
    await vueApp.expectSignedIn(page, DEMO.alice)
    await callNodeApi(page, 'GET /api/me', 200)
    await callNodeApi(page, 'Without a token', 401)
    await callNodeApi(page, 'GET /api/admin/users', 403)

    const orgs = page.getByTestId('organizations')
    const orgName = `Vue Org ${Date.now().toString(36)}`
    await createOrganization(page, orgName)
    const invitee = uniqueEmail('vue-invitee')
    await orgs.getByLabel(`Invite to ${orgName}`).fill(invitee)
    await orgs.getByRole('button', { name: 'Send invitation' }).click()
    await orgs.getByText(`Invitation sent to ${invitee}`).waitFor()
    const invitation = await waitForMessage(invitee, 'invitation')
    expect(invitation.link).toMatch(new RegExp(`^${URLS.vue}/invitations/accept\\?token=`))

    // Owner of the new organization: the admin search now answers 200.
    await callNodeApi(page, 'GET /api/admin/users', 200)

    // Another organization: the previous notice goes away.
    await createOrganization(page, `${orgName} 2`)
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
