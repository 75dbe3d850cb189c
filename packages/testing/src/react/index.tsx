'use client'
/**
 * @hellojohn/testing/react: render components in any session state with no network (component tests,
 * Storybook).
 *
 * @example
 * ```tsx
 * import { HelloJohnTestProvider } from '@hellojohn/testing/react'
 * ```
 */
export {
  HelloJohnTestProvider,
  createTestClient,
  type HelloJohnTestProviderProps,
  type TestSessionState,
} from './provider'
