/**
 * The few Playwright shapes the helpers use, declared structurally so the package works with `@playwright/test` and
 * `playwright-core` (any version with these methods) without importing either.
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
  send(method: string, params?: Record<string, unknown>): Promise<unknown>
  detach(): Promise<unknown>
}

/** A Playwright `BrowserContext` (only what the helpers call). */
export interface BrowserContextLike {
  addCookies(cookies: CookieParam[]): Promise<unknown>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  addInitScript(script: (arg: any) => unknown, arg?: unknown): Promise<unknown>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  newCDPSession(page: any): Promise<CDPSessionLike>
}

/** A Playwright `Page` (only what the helpers call). */
export interface PageLike {
  context(): BrowserContextLike
}
