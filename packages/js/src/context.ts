import type { Client } from 'openapi-fetch'
import type { ResolvedConfig } from './config'
import type { SessionManager } from './session/session-manager'
import type { ClientPaths } from './types'

/** The typed openapi-fetch client of `hj.api`. */
export type HelloJohnApi = Client<ClientPaths>

/** What the namespaces (`hj.auth`, `hj.mfa`, …) share. */
export interface Context {
  api: HelloJohnApi
  session: SessionManager
  config: ResolvedConfig
}
