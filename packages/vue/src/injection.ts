import type { HelloJohn } from '@hellojohn/js'
import type { InjectionKey } from 'vue'

/** What the plugin provides to the composables of one app. */
export interface HelloJohnAppContext {
  client: HelloJohn
  /**
   * True while the app mounts over server-rendered markup: composables then render the server snapshot first.
   */
  hydrating: boolean
}

/** Injection key of the plugin's context. */
export const HelloJohnKey: InjectionKey<HelloJohnAppContext> = Symbol('hellojohn')
