import { test as base, expect, type Page } from '@playwright/test'
import {
  helloJohnFixtures,
  type HelloJohnFixtures,
  type HelloJohnWorkerFixtures,
} from '@hellojohn/testing/playwright'
import { MOCK_URL } from '../ports'

/**
 * The kit's fixtures (a tenant per worker, createUser, signInAs, authenticator) plus a `page` that points the React
 * example at this worker's tenant before the app's code runs.
 */
export const test = base.extend<HelloJohnFixtures, HelloJohnWorkerFixtures>({
  ...helloJohnFixtures({ baseUrl: MOCK_URL }),
  page: async ({ page, helloJohnTenant }, use) => {
    const { tenantId, publishableKey } = helloJohnTenant
    await page.addInitScript((t) => Object.assign(window, { __HELLOJOHN_TEST_TENANT__: t }), {
      tenantId,
      publishableKey,
    })
    await use(page)
  },
})

export { expect }

/** The React example's sign-in form, filled as a user would (the UI path the ticket sign-in replaces). */
export async function signInThroughUi(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/')
  const form = page.getByRole('form', { name: 'Sign in' })
  await form.getByLabel('Email').fill(email)
  await form.getByLabel('Password').fill(password)
  await form.getByRole('button', { name: 'Sign in', exact: true }).click()
}

export const signedInAs = (page: Page) => page.getByTestId('signed-in-as')
