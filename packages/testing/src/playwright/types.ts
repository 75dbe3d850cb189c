/**
 * The few Playwright shapes the helpers use, declared structurally so the package works with
 * `@playwright/test` and `playwright-core` (any version with these methods) without importing either.
 */

/** A cookie for `BrowserContext.addCookies`. */
export interface CookieParam {
  name: string
  value: string
  url?: string
  domain?: string
  path?: string
  expires?: number
  httpOnly?: boolean
  secure?: boolean
  sameSite?: 'Strict' | 'Lax' | 'None'
}

/** The CDP session Playwright opens for Chromium. */
export interface CDPSessionLike {
  /** Sends a DevTools protocol command, e.g. `WebAuthn.enable`. */
  send(method: string, params?: Record<string, unknown>): Promise<unknown>
  /** Closes the session. */
  detach(): Promise<unknown>
}

/** A Playwright `BrowserContext` (only what the helpers call). */
export interface BrowserContextLike {
  /** Adds cookies to the context (cookie mode of `signIn`). */
  addCookies(cookies: CookieParam[]): Promise<unknown>
  /** Runs a script in every document before its own scripts (storage mode of `signIn`). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  addInitScript(script: (arg: any) => unknown, arg?: unknown): Promise<unknown>
  /** Opens a DevTools protocol session for a page (Chromium; `addVirtualAuthenticator`). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  newCDPSession(page: any): Promise<CDPSessionLike>
}

/** A Playwright `Page` (only what the helpers call). */
export interface PageLike {
  /** The page's browser context. */
  context(): BrowserContextLike
}
