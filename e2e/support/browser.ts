import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core'
import { OUTPUT } from './env'

/** Debian's Chromium (installed by `.ci/run`): never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export interface LaunchedBrowser {
  context: BrowserContext
  close(): Promise<void>
}

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const VIEWPORT = { width: 1280, height: 900 }

/**
 * Launches headless Chromium with a fresh profile directory (a persistent context, so `--user-data-dir` is ours
 * and deleted afterwards).
 */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'hellojohn-e2e-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: VIEWPORT,
    args: ARGS,
  })
  return {
    context,
    async close() {
      await context.close()
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

/** A new page whose console errors and failed requests are collected (printed when a test fails). */
export async function newPage(browser: LaunchedBrowser): Promise<{ page: Page; logs: string[] }> {
  const page = await browser.context.newPage()
  const logs: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') logs.push(`[console.${m.type()}] ${m.text()}`)
  })
  page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`))
  page.setDefaultTimeout(15_000)
  return { page, logs }
}

/**
 * Gives each test of the file a fresh browser context (its own cookies, storage, service workers and passkeys: no
 * session leaks from one test into the next) in one Chromium launched for the whole file, and returns the function
 * that opens a page in it; when a test fails, that page's console logs are printed.
 */
export function useFreshBrowser(): () => Promise<Page> {
  let browser: Browser | undefined
  let context: BrowserContext | undefined
  let current: { page: Page; logs: string[] } | undefined
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS })
  })
  afterAll(async () => {
    await browser?.close()
  })
  beforeEach(async () => {
    context = await browser!.newContext({ viewport: VIEWPORT })
  })
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && current)
      console.log(`browser logs of "${ctx.task.name}":\n${current.logs.join('\n')}`)
    current = undefined
    await context?.close()
  })
  return async () => {
    current = await newPage({ context: context!, close: async () => {} })
    return current.page
  }
}

/** Saves a full-page screenshot of the final state to `test-output/e2e/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(OUTPUT, { recursive: true })
  const path = join(OUTPUT, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}

/**
 * Adds a CDP virtual authenticator (a platform passkey with user verification) to the page, so WebAuthn ceremonies
 * complete without a person. Returns the CDP session and the authenticator id.
 */
export async function addVirtualAuthenticator(
  page: Page,
): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('WebAuthn.enable', { enableUI: false })
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  })
  return { cdp, authenticatorId }
}

export type { Browser, Page }
