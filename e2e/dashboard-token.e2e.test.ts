// The dashboard of a mock bound to 0.0.0.0 with --controls-token (the Docker/CI setup), in Chromium (E2E_PORT_BASE +
// 22). Chromium maps the name dash.test to 127.0.0.1 (--host-resolver-rules), so the page really has a non-loopback
// origin and Host, as from another machine, while nothing leaves this one. Without the token it shows only a prompt
// and no key; with it (typed, or from #token=…) every view works and the token stays out of the URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium } from 'playwright-core'
import type { Browser, Page, Request as PwRequest } from 'playwright-core'
import { startHelloJohnServer } from '@hellojohn/mock-server/node'
import type { HelloJohnServer } from '@hellojohn/mock-server/node'
import { CHROMIUM, screenshot } from './support/browser'
import { DEMO } from './support/env'

const BASE = Number(process.env.E2E_PORT_BASE ?? 19100)
const PORT = BASE + 22
const TOKEN = 'e2e-dashboard-token-7f3a9c21d4'
const ORIGIN = `http://dash.test:${PORT}`

let mock: HelloJohnServer
let browser: Browser

beforeAll(async () => {
  mock = await startHelloJohnServer({
    port: PORT,
    host: '0.0.0.0',
    controlsToken: TOKEN,
    allowedHosts: ['dash.test'],
    rateLimit: false,
    deliverWebhooks: false,
  })
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-features=HttpsUpgrades',
      `--host-resolver-rules=MAP dash.test 127.0.0.1`,
    ],
  })
})

afterAll(async () => {
  await browser?.close()
  await mock?.close()
})

/** A fresh context whose /__mock/ requests (and the token header they carried) are recorded. */
async function open(): Promise<{ page: Page; controls: PwRequest[]; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  const controls: PwRequest[] = []
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/__mock/')) controls.push(r)
  })
  return { page, controls, close: () => context.close() }
}

describe('the dashboard of a mock bound to 0.0.0.0 with --controls-token', () => {
  it('the controls are in token mode on this server (0.0.0.0 is not loopback)', () => {
    expect(mock.controlsEnabled).toBe(true)
  })

  it('without the token: only the prompt, no tenant key reaches the page; a wrong token is refused', async () => {
    const { page, close } = await open()
    try {
      await page.goto(`${ORIGIN}/`)
      expect(new URL(page.url()).pathname).toBe('/__mock/ui')
      const prompt = page.getByRole('form', { name: 'Controls token' })
      await prompt.waitFor()
      expect(await page.content()).not.toContain(DEMO.secretKey)
      await screenshot(page, 'dashboard-token-prompt')

      await prompt.getByLabel('Controls token').fill('not-the-token-at-all-1234')
      await prompt.getByRole('button', { name: 'Open dashboard' }).click()
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/refused/)
      expect(await page.content()).not.toContain(DEMO.secretKey)
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0)
    } finally {
      await close()
    }
  })

  it('typing the token opens every view; /__mock/ calls carry it; "Forget token" asks again', async () => {
    const { page, controls, close } = await open()
    try {
      await page.goto(`${ORIGIN}/__mock/ui#/tenants`)
      const prompt = page.getByRole('form', { name: 'Controls token' })
      await prompt.getByLabel('Controls token').fill(TOKEN)
      controls.length = 0 // the page's first call went without a token (and got the prompt)
      await prompt.getByRole('button', { name: 'Open dashboard' }).click()
      await page.locator('main[data-view="tenants"]').waitFor()
      await expect
        .poll(() => page.getByRole('row', { name: /tnt_demo/ }).textContent())
        .toContain(DEMO.secretKey)
      await screenshot(page, 'dashboard-token-tenants')

      await page.getByRole('link', { name: 'Outbox' }).click()
      await page.locator('main[data-view="outbox"]').waitFor()
      await page.getByRole('link', { name: 'Clock & faults' }).click()
      await page.getByTestId('mock-now').waitFor()

      const sent = controls.filter((r) => !/^\/__mock\/ui/.test(new URL(r.url()).pathname))
      expect(sent.length).toBeGreaterThan(2)
      for (const r of sent) expect(await r.headerValue('x-hellojohn-mock-token')).toBe(TOKEN)
      expect(page.url()).not.toContain(TOKEN)

      await page.getByRole('button', { name: 'Forget token' }).click()
      await page.getByRole('form', { name: 'Controls token' }).waitFor()
      expect(await page.content()).not.toContain(DEMO.secretKey)
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0)
    } finally {
      await close()
    }
  })

  it('#token=… opens it directly, leaves the address bar at once, and export downloads with the token', async () => {
    const { page, close } = await open()
    try {
      await page.goto(`${ORIGIN}/__mock/ui#/data&token=${encodeURIComponent(TOKEN)}`)
      await page.locator('main[data-view="data"]').waitFor()
      expect(page.url()).toBe(`${ORIGIN}/__mock/ui#/data`)
      // replaced, not pushed: one step back is the blank page the tab started on
      expect(await page.evaluate(() => history.length)).toBe(2)

      const download = page.waitForEvent('download')
      await page.getByRole('link', { name: /Download/ }).click()
      const file = await (await download).path()
      const { readFileSync } = await import('node:fs')
      const exported = JSON.parse(readFileSync(file!, 'utf8')) as { format?: string; version?: unknown }
      expect(JSON.stringify(exported)).toContain(DEMO.secretKey)
      await screenshot(page, 'dashboard-token-data')

      // a reload keeps the tab's token; the view works without it in the URL
      await page.reload()
      await page.locator('main[data-view="data"]').waitFor()
      await page.goBack()
      expect(page.url()).toBe('about:blank')
    } finally {
      await close()
    }
  })
})
