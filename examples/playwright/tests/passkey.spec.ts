import { expect, test } from './fixtures'

test('registers a passkey with a virtual authenticator (CDP)', async ({
  page,
  createUser,
  signInAs,
  authenticator,
}) => {
  const user = await createUser()
  const key = await authenticator()
  await signInAs(user)
  await page.goto('/')
  await page.getByRole('button', { name: 'Add a passkey' }).click()
  const form = page.getByRole('form', { name: 'Register a passkey' })
  await form.getByLabel('Passkey name').fill('Playwright key')
  await form.getByRole('button', { name: 'Create passkey' }).click()
  await page.getByTestId('backup-codes').getByRole('button', { name: 'I saved them' }).click()
  await expect(page.getByTestId('factors').getByText('Playwright key')).toBeVisible()
  expect(await key.credentials()).toHaveLength(1)
})
