import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { DEMO, URLS } from './env'

/** Page helpers for the Vue example (examples/vue-vite), by role and label as a user sees the page. */
export const vueApp = {
  async open(page: Page, path = '/'): Promise<void> {
    await page.goto(`${URLS.vue}${path}`)
    await page
      .getByRole('heading', { name: /Vue example|Welcome back|Create your account/ })
      .first()
      .waitFor()
  },

  async signUp(page: Page, email: string, name = 'E2E User'): Promise<void> {
    await page.getByRole('tab', { name: 'Sign up' }).click()
    const form = page.getByRole('form', { name: 'Sign up' })
    await form.getByLabel('Name').fill(name)
    await form.getByLabel('Email').fill(email)
    await form.getByLabel('Password').fill(DEMO.password)
    await form.getByRole('button', { name: 'Create account' }).click()
    await vueApp.expectSignedIn(page, email)
  },

  async signIn(page: Page, email: string, password: string = DEMO.password): Promise<void> {
    const form = page.getByRole('form', { name: 'Sign in' })
    await form.getByLabel('Email').fill(email)
    await form.getByLabel('Password').fill(password)
    await form.getByRole('button', { name: 'Sign in', exact: true }).click()
  },

  async signOut(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await page.getByRole('form', { name: 'Sign in' }).waitFor()
  },

  /** Waits until no card shows a loading line (for the final screenshot). */
  async settled(page: Page): Promise<void> {
    await expect.poll(() => page.getByText(/^Loading \w+…$/).count(), { timeout: 10_000 }).toBe(0)
  },

  async expectSignedIn(page: Page, email: string): Promise<void> {
    const who = page.getByTestId('signed-in-as')
    await who.waitFor()
    expect(await who.textContent()).toContain(email)
  },
}
