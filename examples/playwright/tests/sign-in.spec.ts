import { expect, signedInAs, signInThroughUi, test } from './fixtures'

// The same scenario twice: signed in through the form (@ui) or with a sign-in ticket before the first navigation
// (@ticket). `npx playwright test --grep @ticket` vs `--grep @ui` compares the two.
for (let i = 1; i <= 4; i++) {
  test(`lands on the dashboard, signed in through the form #${i} @ui`, async ({ page, createUser }) => {
    const user = await createUser()
    await signInThroughUi(page, user.email, user.password)
    await expect(signedInAs(page)).toContainText(user.email)
  })

  test(`lands on the dashboard, signed in with a ticket #${i} @ticket`, async ({
    page,
    createUser,
    signInAs,
  }) => {
    const user = await createUser()
    await signInAs(user)
    await page.goto('/')
    await expect(signedInAs(page)).toContainText(user.email)
  })
}

test('a TOTP user signed in with a ticket skips the MFA step', async ({ page, createUser, signInAs }) => {
  const user = await createUser({ mfa: 'totp' })
  await signInAs(user)
  await page.goto('/')
  await expect(signedInAs(page)).toContainText(user.email)
  await expect(page.getByText('MFA verified')).toBeVisible()
})

test('signing out sticks: a reload does not bring the ticket session back', async ({
  page,
  createUser,
  signInAs,
}) => {
  const user = await createUser()
  await signInAs(user)
  await page.goto('/')
  await expect(signedInAs(page)).toContainText(user.email)
  await page.getByRole('button', { name: 'Sign out', exact: true }).click()
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible()
  await page.reload()
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible()
})
