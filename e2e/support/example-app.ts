import { expect } from 'vitest'
import { useFreshBrowser, type Page } from './browser'
import { DEMO } from './env'

/**
 * Page helpers for one browser example (examples/react-vite, examples/vue-vite), by role and label as a user sees the
 * page. Both examples keep the same UI contract, so one set of helpers serves both; only the address and the heading
 * of the landing page differ.
 */
export interface ExampleApp {
  /** `react` or `vue`: the prefix of the screenshots and of generated e-mail addresses. */
  readonly name: string
  /** Where the built example is served. */
  readonly url: string
  open(page: Page, path?: string): Promise<void>
  /** Signs up through the "Sign up" tab and waits until the page shows the new user signed in. */
  signUp(page: Page, email: string, name?: string): Promise<void>
  /** Submits the "Sign in" form (does not wait: the answer may be an MFA challenge or an error). */
  signIn(page: Page, email: string, password?: string): Promise<void>
  signOut(page: Page): Promise<void>
  /** Waits until no card shows a loading line and no button is busy (for the final screenshot). */
  settled(page: Page): Promise<void>
  expectSignedIn(page: Page, email: string): Promise<void>
}

/** Builds the helpers for the example served at `url` whose landing heading matches `heading`. */
export function exampleApp(name: string, url: string, heading: RegExp): ExampleApp {
  const app: ExampleApp = {
    name,
    url,

    async open(page, path = '/') {
      await page.goto(`${url}${path}`)
      await page.getByRole('heading', { name: heading }).first().waitFor()
    },

    async signUp(page, email, name = 'E2E User') {
      await page.getByRole('tab', { name: 'Sign up' }).click()
      const form = page.getByRole('form', { name: 'Sign up' })
      await form.getByLabel('Name').fill(name)
      await form.getByLabel('Email').fill(email)
      await form.getByLabel('Password').fill(DEMO.password)
      await form.getByRole('button', { name: 'Create account' }).click()
      await app.expectSignedIn(page, email)
    },

    async signIn(page, email, password = DEMO.password) {
      const form = page.getByRole('form', { name: 'Sign in' })
      await form.getByLabel('Email').fill(email)
      await form.getByLabel('Password').fill(password)
      await form.getByRole('button', { name: 'Sign in', exact: true }).click()
    },

    async signOut(page) {
      await page.getByRole('button', { name: 'Sign out', exact: true }).click()
      await page.getByRole('form', { name: 'Sign in' }).waitFor()
    },

    async settled(page) {
      await expect.poll(() => page.getByText(/^Loading \w+…$/).count(), { timeout: 10_000 }).toBe(0)
      await expect.poll(() => page.locator('[aria-busy="true"]').count(), { timeout: 10_000 }).toBe(0)
    },

    async expectSignedIn(page, email) {
      const who = page.getByTestId('signed-in-as')
      await who.waitFor()
      expect(await who.textContent()).toContain(email)
    },
  }
  return app
}

/**
 * Gives each test of the file a fresh browser context (see `useFreshBrowser`) and returns the function that opens
 * the example in it at `path`. Call it at the top of a test file.
 */
export function useExamplePage(app: ExampleApp): (path?: string) => Promise<Page> {
  const openPage = useFreshBrowser()
  return async (path = '/') => {
    const page = await openPage()
    await app.open(page, path)
    return page
  }
}
