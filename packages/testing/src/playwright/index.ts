/**
 * @hellojohn/testing/playwright: sign in before the first navigation, virtual passkeys and `test.extend`
 * fixtures, for `@playwright/test` and `playwright-core`.
 *
 * @example
 * ```ts
 * import { signIn, addVirtualAuthenticator, helloJohnFixtures } from '@hellojohn/testing/playwright'
 * ```
 */
export { signIn, type CookieMapping, type SignInOptions, type SignInPlacement } from './sign-in'
export {
  addVirtualAuthenticator,
  type VirtualAuthenticator,
  type VirtualAuthenticatorOptions,
} from './authenticator'
export { helloJohnFixtures, type HelloJohnFixtures, type HelloJohnWorkerFixtures } from './fixtures'
export type { BrowserContextLike, CDPSessionLike, CookieParam, PageLike } from './types'
