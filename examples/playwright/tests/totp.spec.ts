import { totp } from '@hellojohn/testing'
import { expect, signedInAs, signInThroughUi, test } from './fixtures'

test('enrolls TOTP in the UI, then signs in with password + code', async ({ page, createUser, signInAs }) => {
  const user = await createUser()
  await signInAs(user) // no UI sign-in needed to reach the security settings
  await page.goto('/')
  await page.getByRole('button', { name: 'Add authenticator app' }).click()
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click()
  const enrollment = page.getByTestId('totp-enrollment')
  const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').trim()
  // The previous 30-second step's code (accepted with ±1 step): the current one stays fresh for the sign-in below.
  await enrollment.getByLabel(/6-digit code/).fill(totp(secret, Date.now() - 30_000))
  await enrollment.getByRole('button', { name: 'Confirm' }).click()
  await page.getByTestId('backup-codes').getByRole('button', { name: 'I saved them' }).click()
  await expect(page.getByTestId('factors').getByText('Authenticator app', { exact: true })).toBeVisible()

  await page.getByRole('button', { name: 'Sign out', exact: true }).click()
  await signInThroughUi(page, user.email, user.password)
  const challenge = page.getByTestId('mfa-challenge')
  await expect(challenge.getByRole('heading', { name: 'Two-step verification' })).toBeVisible()
  await challenge.getByLabel(/authenticator app/).fill(totp(secret))
  await challenge.getByRole('button', { name: 'Verify' }).click()
  await expect(signedInAs(page)).toContainText(user.email)
  await expect(page.getByText('MFA verified')).toBeVisible()
})
