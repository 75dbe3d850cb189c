import { createHelloJohn, type HelloJohn, type HelloJohnOptions } from '@hellojohn/js'
import type { App, Plugin } from 'vue'
import { HelloJohnKey, type HelloJohnAppContext } from './injection'

/**
 * Options of {@link createHelloJohnPlugin}: the options of `createHelloJohn()` (with `initialState` for SSR),
 * or a ready `client`.
 */
export type HelloJohnPluginOptions = HelloJohnOptions | { client: HelloJohn }

/** The plugin, with the client it provides (`plugin.client`, the same `hj` as `useHelloJohn()` returns). */
export type HelloJohnPlugin = Plugin & { client: HelloJohn }

/**
 * Creates the Vue plugin that provides a HelloJohn client to the composables. On the server, create one per
 * request (with `initialState`, the session you render): the server render and the hydration then show the
 * same thing.
 *
 * @example
 * ```ts
 * createApp(App)
 *   .use(createHelloJohnPlugin({ publishableKey: 'pk_test_demo', baseUrl: 'http://localhost:3000', tenantId: 'tnt_demo' }))
 *   .mount('#app')
 * ```
 */
export function createHelloJohnPlugin(options: HelloJohnPluginOptions): HelloJohnPlugin {
  // On a server each app is one visitor's: no cross-tab channel, which would share sessions between requests.
  const client =
    'client' in options
      ? options.client
      : createHelloJohn({ ...(typeof window === 'undefined' && { crossTab: false }), ...options })
  return {
    client,
    install(app: App) {
      const context: HelloJohnAppContext = { client, hydrating: false }
      app.provide(HelloJohnKey, context)
      const mount = app.mount
      app.mount = (container, ...rest) => {
        // server-rendered markup in the container: this mount hydrates it
        const el = typeof container === 'string' ? globalThis.document?.querySelector(container) : container
        context.hydrating = !!el?.hasChildNodes()
        try {
          return mount(container, ...rest)
        } finally {
          context.hydrating = false
        }
      }
    },
  }
}
