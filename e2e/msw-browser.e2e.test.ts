import { describe, expect, it } from 'vitest'
import { screenshot, useFreshBrowser } from './support/browser'
import { DEMO, URLS } from './support/env'
import { reactApp } from './support/react-app'

const openPage = useFreshBrowser()

describe('React example with no server (VITE_HELLOJOHN_MOCK=browser)', () => {
  it('signs in and finishes a magic link against the MSW service worker; nothing listens on the API URL', async () => {
    const page = await openPage()
    const apiCalls: string[] = []
    page.on('request', (r) => {
      if (r.url().startsWith(URLS.nothing)) apiCalls.push(r.url())
    })
    await page.goto(URLS.reactMsw)
    await page.getByRole('heading', { name: /React example/ }).waitFor()
    // The service worker controls the page.
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null)).toMatch(
      /\/mockServiceWorker\.js$/,
    )

    await reactApp.signIn(page, DEMO.alice)
    await reactApp.expectSignedIn(page, DEMO.alice)
    await reactApp.signOut(page)

    // Magic link: the mock inbox panel shows the email; its link signs in within the tab.
    await page.getByRole('tab', { name: 'Magic link' }).click()
    await page.getByRole('form', { name: 'Magic link' }).getByLabel('Email').fill(DEMO.alice)
    await page
      .getByRole('form', { name: 'Magic link' })
      .getByRole('button', { name: /sign-in link/ })
      .click()
    const inbox = page.getByRole('complementary', { name: 'Mock inbox' })
    // The button lights up with the new message; the panel opens on click (never by itself over the page).
    await inbox.getByRole('button', { name: /1 new/ }).click()
    await inbox.getByRole('link', { name: 'Your sign-in link' }).click()
    await reactApp.expectSignedIn(page, DEMO.alice)
    await reactApp.settled(page)
    expect(apiCalls.length).toBeGreaterThan(0) // the app did call the API URL…
    await screenshot(page, 'react-msw-browser-signed-in') // …and only the worker answered: nothing listens there
  })
})
