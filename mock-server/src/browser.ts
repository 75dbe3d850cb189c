/**
 * @hellojohn/mock-server/browser: the mock in a browser tab (msw `setupWorker`; no `node:` imports).
 *
 * @example
 * ```ts
 * import { startHelloJohnMockWorker } from '@hellojohn/mock-server/browser'
 * const mock = await startHelloJohnMockWorker({ baseUrl: 'http://localhost:3000' })
 * ```
 */
import { setupWorker } from 'msw/browser'
import type { SetupWorker } from 'msw/browser'
import { createControls } from './controls'
import type { MockControls } from './controls'
import { createHandlers } from './create-handlers'
import { DEFAULT_SEED, createMockState } from './engine/state'
import { dispatchingHandler } from './http/msw'
import type { MockSeed, MockState } from './engine/state'

/** Options of {@link startHelloJohnMockWorker}. */
export interface StartHelloJohnMockWorkerOptions {
  /** Base URL the mock answers on (default `http://localhost:3000`). */
  baseUrl?: string
  seed?: MockSeed
  state?: MockState
  /** Enforce rate limits (default true). */
  rateLimit?: boolean
  /**
   * Where the service worker script is served (default `/mockServiceWorker.js`; copy it with
   * `npx msw init public`).
   */
  serviceWorkerUrl?: string
  /** Log intercepted requests in the console (default false). */
  quiet?: boolean
  onUnhandledRequest?: 'bypass' | 'warn' | 'error'
}

/** What {@link startHelloJohnMockWorker} resolves to. */
export interface HelloJohnMockWorker {
  worker: SetupWorker
  state: MockState
  controls: MockControls
  baseUrl: string
  /** Stops the service worker from answering: requests go to the network again. */
  stop(): void
}

/**
 * Starts the mock as an msw service worker in the browser.
 *
 * @example
 * ```ts
 * const { controls } = await startHelloJohnMockWorker()
 * controls.onMessage((m) => console.info('[hellojohn-mock]', m.to, m.code ?? m.link))
 * ```
 */
export async function startHelloJohnMockWorker(
  options: StartHelloJohnMockWorkerOptions = {},
): Promise<HelloJohnMockWorker> {
  const baseUrl = (options.baseUrl ?? 'http://localhost:3000').replace(/\/+$/, '')
  const state =
    options.state ??
    createMockState(
      options.seed ?? DEFAULT_SEED,
      options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit },
    )
  const worker = setupWorker(dispatchingHandler(createHandlers(state, { baseUrl }), baseUrl))
  await worker.start({
    serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
    quiet: options.quiet ?? true,
    onUnhandledRequest: options.onUnhandledRequest ?? 'bypass',
  })
  return { worker, state, controls: createControls(state), baseUrl, stop: () => worker.stop() }
}
