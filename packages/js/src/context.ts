import type { Client } from 'openapi-fetch'
import type { ResolvedConfig } from './config'
import type { ApiRunner } from './http/request-runner'
import type { SessionManager } from './session/session-manager'
import type { ClientPaths } from './types'

/** The typed openapi-fetch client of `hj.api`. */
export type HelloJohnApi = Client<ClientPaths>

/** What the namespaces (`hj.auth`, `hj.mfa`, …) share. */
export interface Context {
  /** The high-level methods' request runner (same middleware chain as `hj.api`). */
  api: ApiRunner
  session: SessionManager
  config: ResolvedConfig
}
