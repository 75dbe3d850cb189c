import { HelloJohnTestingError } from '../errors'
import {
  signInAs,
  type SignedInSession,
  type SignInAsOptions,
  type TenantTarget,
  type UserRef,
} from '../sign-in-as'
import { storageKeyOf, storedSessionOf } from '../stored-session'
import type { CookieParam, PageLike } from './types'

/**
 * For apps that keep the session in cookies (server-rendered frameworks such as `@hellojohn/nextjs`): either
 * the cookie names and the app URL, or a function that returns the cookies to set.
 */
export type CookieMapping =
  | {
      /** The app's URL, e.g. `http://localhost:3000` (cookies are set for it). */
      url: string
      /** Cookie holding the access token. */
      accessToken: string
      /** Cookie holding the refresh token (optional). */
      refreshToken?: string
      /** Extra attributes for every cookie (default httpOnly, sameSite Lax, secure for https). */
      attributes?: Pick<CookieParam, 'httpOnly' | 'secure' | 'sameSite' | 'path'>
    }
  | ((session: SignedInSession) => CookieParam[] | Promise<CookieParam[]>)

/** Where {@link signIn} puts the session. */
export interface SignInPlacement {
  /**
   * `storage` (default): the `@hellojohn/js` storage (SPAs: React, Vue, plain JS). `cookies`: the cookies of
   * a server-side integration (give `cookies`).
   */
  mode?: 'storage' | 'cookies'
  /** `storage` mode: which Web Storage the app's client uses (default `localStorage`, the SDK's default). */
  storage?: 'localStorage' | 'sessionStorage'
  /** `storage` mode: the client's `storageKey` option (default `hellojohn`). */
  storageKey?: string
  /** `storage` mode: only write on this origin (default: whatever page loads first). */
  origin?: string
  /** `cookies` mode: names or a function. */
  cookies?: CookieMapping
}

/**
 * What {@link signIn} needs: a tenant and a user (a ticket sign-in happens), or a session you already have.
 */
export type SignInOptions = SignInPlacement &
  (({ tenant: TenantTarget; user: UserRef } & SignInAsOptions) | { session: SignedInSession })

function cookiesFor(
  mapping: CookieMapping,
  session: SignedInSession,
): CookieParam[] | Promise<CookieParam[]> {
  if (typeof mapping === 'function') return mapping(session)
  if (!mapping || typeof mapping.url !== 'string' || typeof mapping.accessToken !== 'string') {
    throw new HelloJohnTestingError(
      'invalid_options',
      "signIn: mode 'cookies' needs cookies: { url, accessToken, refreshToken? } or a function returning cookies.",
    )
  }
  const secure = mapping.url.startsWith('https:')
  const base = { url: mapping.url, httpOnly: true, sameSite: 'Lax' as const, secure, ...mapping.attributes }
  const expires = storedSessionOf(session).expiresAt / 1000
  const out: CookieParam[] = [{ ...base, name: mapping.accessToken, value: session.accessToken, expires }]
  if (mapping.refreshToken) out.push({ ...base, name: mapping.refreshToken, value: session.refreshToken })
  if (base.path !== undefined) for (const c of out) delete c.url // Playwright takes url, or domain + path
  return out
}

/**
 * Signs a user in for a Playwright page before its first navigation: gets a session through a sign-in ticket
 * (no UI, no password, MFA skipped unless `mfaVerified: false`) and puts it where the app reads it — the
 * `@hellojohn/js` storage of an SPA (through an init script that runs before the app's code, once per tab, so
 * a later sign-out sticks), or the cookies of a server-side integration (`mode: 'cookies'`). Each worker's
 * page gets its own session: nothing is shared between parallel workers.
 *
 * @example
 * ```ts
 * test('the dashboard greets the user', async ({ page }) => {
 *   await signIn(page, { tenant, user: { email: alice.email } })
 *   await page.goto('/')
 *   await expect(page.getByTestId('signed-in-as')).toContainText(alice.email)
 * })
 * ```
 */
export async function signIn(page: PageLike, options: SignInOptions): Promise<SignedInSession> {
  if (!page || typeof page.context !== 'function')
    throw new HelloJohnTestingError(
      'invalid_options',
      'signIn(page, …): the first argument must be a Playwright Page.',
    )
  const session =
    'session' in options && options.session
      ? options.session
      : await signInAs(
          (options as { tenant: TenantTarget }).tenant,
          (options as { user: UserRef }).user,
          options as SignInAsOptions,
        )
  const context = page.context()
  if ((options.mode ?? 'storage') === 'cookies') {
    if (!options.cookies)
      throw new HelloJohnTestingError(
        'invalid_options',
        "signIn: mode 'cookies' needs the cookies option (cookie names, or a function).",
      )
    await context.addCookies(await cookiesFor(options.cookies, session))
    return session
  }
  if (options.mode !== undefined && options.mode !== 'storage')
    throw new HelloJohnTestingError('invalid_options', "signIn: mode must be 'storage' or 'cookies'.")
  const arg = {
    key: storageKeyOf(session.tenantId, options.storageKey),
    value: JSON.stringify(storedSessionOf(session)),
    kind: options.storage ?? 'localStorage',
    origin: options.origin ? new URL(options.origin).origin : null,
    marker: `hellojohn-testing.applied.${session.session.id}`,
  }
  // Runs in the browser before any script of every document of the context (serialized by Playwright: no
  // closures).
  const apply = (a: typeof arg): void => {
    try {
      if (a.origin && location.origin !== a.origin) return
      if (sessionStorage.getItem(a.marker)) return
      window[a.kind as 'localStorage'].setItem(a.key, a.value)
      sessionStorage.setItem(a.marker, '1')
    } catch {
      // opaque origins (about:blank, data:) have no storage
    }
  }
  await context.addInitScript(apply, arg)
  return session
}
