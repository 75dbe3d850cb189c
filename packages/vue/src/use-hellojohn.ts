import { HelloJohnError, type HelloJohn } from '@hellojohn/js'
import { hasInjectionContext, inject } from 'vue'
import { HelloJohnKey, type HelloJohnAppContext } from './injection'

/** The plugin's context; `composable` names the caller in the error thrown without the plugin. */
export function useContext(composable: string): HelloJohnAppContext {
  const context = hasInjectionContext() ? inject(HelloJohnKey, null) : null
  if (!context) {
    throw new HelloJohnError(
      'provider_missing',
      `${composable}() found no HelloJohn plugin: install it with app.use(createHelloJohnPlugin({ publishableKey: 'pk_…', baseUrl: '…', tenantId: 'tnt_…' })) and call ${composable}() inside setup().`,
    )
  }
  return context
}

/**
 * The HelloJohn client of the app (the same `hj` as `createHelloJohn()` returns). Throws a `HelloJohnError`
 * with code `provider_missing` without the plugin or outside `setup()`.
 *
 * @example
 * ```ts
 * const hj = useHelloJohn()
 * const token = await hj.session.getToken()
 * ```
 */
export function useHelloJohn(): HelloJohn {
  return useContext('useHelloJohn').client
}
