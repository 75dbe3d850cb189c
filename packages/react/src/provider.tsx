'use client'
import { createHelloJohn, type HelloJohn, type HelloJohnOptions } from '@hellojohn/js'
import { useState, type ReactElement, type ReactNode } from 'react'
import { HelloJohnContext } from './context'

/**
 * Props of {@link HelloJohnProvider}: the client options (`initialState` for SSR included), or a ready
 * `client`.
 */
export type HelloJohnProviderProps = { children?: ReactNode } & (
  (HelloJohnOptions & { client?: undefined }) | { client: HelloJohn }
)

/**
 * Makes a HelloJohn client available to the hooks. Give it the options of `createHelloJohn()` (the client is
 * created once, on first render) or a `client` you created yourself. For server rendering, pass
 * `initialState` (the signed-in user and session, or `null`): the server and the first client render then
 * show the same thing. With a ready `client`, give `initialState` to `createHelloJohn()` instead.
 *
 * @example
 * ```tsx
 * <HelloJohnProvider publishableKey="pk_test_demo" baseUrl="http://localhost:3000" tenantId="tnt_demo">
 *   <App />
 * </HelloJohnProvider>
 * ```
 */
export function HelloJohnProvider(props: HelloJohnProviderProps): ReactElement {
  const { children, ...options } = props
  // On a server each render is one visitor's: no cross-tab channel, which would share sessions between
  // requests.
  const [created] = useState(
    () =>
      options.client ??
      createHelloJohn({
        ...(typeof window === 'undefined' && { crossTab: false }),
        ...(options as HelloJohnOptions),
      }),
  )
  return <HelloJohnContext.Provider value={options.client ?? created}>{children}</HelloJohnContext.Provider>
}
