// Issue 12 item 4 in Chromium: two tabs of one browser profile on localStorage (the default) hit an expired access
// token at the same moment, round after round, while the mock answers refreshes slowly (3-6 s, and 12 s every fifth
// round, longer than the old 10 s lock wait). Neither tab may ever sign out. Rounds: E2E_TWO_TAB_ROUNDS (default 20).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { launchBrowser, newPage, type LaunchedBrowser } from './support/browser'
import { addMockFault, advanceMockClock, clearMockFaults, resetMockClock } from './support/mock-controls'
import { uniqueEmail } from './support/mock'
import { reactApp } from './support/react-app'
import { URLS } from './support/env'

const ROUNDS = Number(process.env.E2E_TWO_TAB_ROUNDS ?? 20)
const REFRESH = '/v1/auth/token/refresh'

let browser: LaunchedBrowser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await resetMockClock() // the rounds moved the shared mock's clock hours ahead
})
afterEach(clearMockFaults)

/** Waits until the tab has reloaded its sessions (200) or shows the sign-in form. */
function outcome(page: Page): Promise<'ok' | 'signed_out'> {
  const reloaded = page
    .waitForResponse((r) => new URL(r.url()).pathname === '/v1/me/sessions' && r.status() === 200, {
      timeout: 45_000,
    })
    .then(() => 'ok' as const)
  const out = page
    .getByRole('form', { name: 'Sign in' })
    .waitFor({ timeout: 45_000 })
    .then(() => 'signed_out' as const)
  return Promise.race([reloaded, out])
}

/**
 * Clicks the Sessions card's Refresh in every tab at the same moment. A DOM click through evaluate(), not
 * Playwright's click(): that one waits for animation frames, which Chromium does not run in a background tab, so the
 * second tab would only act after the first had finished and the tabs would never race.
 */
async function refreshAll(pages: Page[]): Promise<('ok' | 'signed_out')[]> {
  const outcomes = pages.map(outcome)
  await Promise.all(
    pages.map((p) =>
      p.evaluate(() => {
        const card = document.querySelector('[data-testid="sessions"]')
        const button = [...(card?.querySelectorAll('button') ?? [])].find(
          (b) => b.textContent?.trim() === 'Refresh',
        )
        if (!button) throw new Error('no Refresh button in the Sessions card')
        button.click()
      }),
    ),
  )
  return Promise.all(outcomes)
}

describe('two tabs never sign each other out (React example, one profile, localStorage)', () => {
  it(
    `${ROUNDS} rounds of simultaneous slow refreshes: 0 sign-outs`,
    async () => {
      const { page: a } = await newPage(browser)
      await reactApp.open(a)
      const email = uniqueEmail('two-tabs')
      await reactApp.signUp(a, email)
      const { page: b } = await newPage(browser)
      await b.goto(URLS.react) // the second tab finds the session in localStorage
      await reactApp.expectSignedIn(b, email)

      const outcomes: string[] = []
      let refreshes = 0
      const count = (r: { url(): string; method(): string }) =>
        void (r.method() === 'POST' && new URL(r.url()).pathname === REFRESH && refreshes++)
      a.on('request', count)
      b.on('request', count)
      for (let round = 1; round <= ROUNDS; round++) {
        const delay = round % 5 === 0 ? 12_000 : 3_000 + Math.floor(Math.random() * 3_000)
        await addMockFault({ method: 'POST', path: REFRESH, delay_ms: delay, times: 2 })
        await advanceMockClock(901_000) // both tabs' access token is now expired on the server
        const [ra, rb] = await refreshAll([a, b])
        outcomes.push(`${round}:${delay}ms:${ra}/${rb}`)
        await clearMockFaults()
        if (ra !== 'ok' || rb !== 'ok') break
      }
      console.info(`[two-tabs] ${outcomes.join(' ')} (${refreshes} refresh requests)`)
      expect(outcomes.filter((o) => o.includes('signed_out'))).toEqual([])
      expect(outcomes).toHaveLength(ROUNDS)
      await reactApp.expectSignedIn(a, email)
      await reactApp.expectSignedIn(b, email)
    },
    20 * 60_000,
  )
})
