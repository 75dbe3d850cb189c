'use client'
import { HelloJohnError, type HelloJohn } from '@hellojohn/js'
import { useContext } from 'react'
import { HelloJohnContext } from './context'

/**
 * The HelloJohn client of the nearest `<HelloJohnProvider>` (the same `hj` as `createHelloJohn()` returns).
 * Throws a `HelloJohnError` with code `provider_missing` outside a provider.
 *
 * @example
 * ```tsx
 * const hj = useHelloJohn()
 * const orders = await fetch('/api/orders', { headers: { Authorization: `Bearer ${await hj.session.getToken()}` } })
 * ```
 */
export function useHelloJohn(): HelloJohn {
  return useClient('useHelloJohn')
}

/** The provider's client; `hook` names the caller in the error thrown outside a provider. */
export function useClient(hook: string): HelloJohn {
  const hj = useContext(HelloJohnContext)
  if (!hj) {
    throw new HelloJohnError(
      'provider_missing',
      `${hook}() was called outside <HelloJohnProvider>: wrap your app in <HelloJohnProvider publishableKey="pk_…" baseUrl="…" tenantId="tnt_…">.`,
    )
  }
  return hj
}
