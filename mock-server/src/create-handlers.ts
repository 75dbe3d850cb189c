import type { HttpHandler } from 'msw'
import { controlHandlers, createControls } from './controls'
import type { MockControls } from './controls'
import { createMockState } from './engine/state'
import type { MockState } from './engine/state'
import { routes } from './handlers/index'
import { hostedSignInPageHandlers } from './handlers/oauth-hosted-page'
import { notFoundHandlers, toMswHandlers } from './http/msw'
import type { PipelineOptions } from './http/pipeline'

/** Options of {@link createHandlers}. */
export interface HandlerOptions extends PipelineOptions {
  /** Serve the `/__mock/` test controls (default true). */
  controls?: boolean
  /**
   * The `--controls-token`: when set, the dashboard, `/__mock/tenants`, `/__mock/export` and `/__mock/import`
   * answer requests carrying it in `X-HelloJohn-Mock-Token` (whatever their Host) instead of loopback
   * requests only.
   */
  controlsToken?: string
}

/**
 * The msw request handlers of the whole API over one state (plus the `/__mock/` controls, and a 404 envelope
 * for unknown `/v1` and `/v2` paths when `baseUrl` is given). Without `baseUrl` they answer on any origin.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node'
 * import { createHandlers, createMockState } from '@hellojohn/mock-server'
 *
 * const state = createMockState()
 * const server = setupServer(...createHandlers(state, { baseUrl: 'http://localhost:3000' }))
 * server.listen()
 * ```
 */
export function createHandlers(
  state: MockState = createMockState(),
  options: HandlerOptions = {},
): HttpHandler[] {
  const controls: MockControls = createControls(state)
  return [
    ...(options.controls === false
      ? []
      : controlHandlers(state, controls, options.baseUrl, options.controlsToken)),
    ...toMswHandlers(state, routes, options),
    ...hostedSignInPageHandlers(state, options, routes),
    ...notFoundHandlers(state, options.baseUrl),
  ]
}
