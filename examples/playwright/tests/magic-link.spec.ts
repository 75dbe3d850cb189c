import { waitForMessage } from '@hellojohn/testing'
import { MOCK_URL } from '../ports'
import { expect, signedInAs, test } from './fixtures'

test('signs in with the magic link read from the mock outbox', async ({
  page,
  createUser,
  helloJohnTenant,
}) => {
  const user = await createUser()
  await page.goto('/')
  await page.getByRole('tab', { name: 'Magic link' }).click()
  const form = page.getByRole('form', { name: 'Magic link' })
  await form.getByLabel('Email').fill(user.email)
  await form.getByRole('button', { name: /sign-in link/ }).click()
  await expect(page.getByTestId('magic-link-sent')).toBeVisible()

  const { link } = await waitForMessage({
    baseUrl: MOCK_URL,
    to: user.email,
    kind: 'magic_link',
    tenantId: helloJohnTenant.tenantId,
  })
  await page.goto(link!)
  await expect(signedInAs(page)).toContainText(user.email)
  expect(new URL(page.url()).pathname).toBe('/')
})
