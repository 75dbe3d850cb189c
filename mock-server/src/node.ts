/**
 * @hellojohn/mock-server/node: the mock for vitest and jest (msw `setupServer`).
 *
 * @example
 * ```ts
 * import { setupHelloJohnMock } from '@hellojohn/mock-server/node'
 *
 * const mock = setupHelloJohnMock({ rateLimit: false })
 * afterEach(() => mock.controls.reset())
 * afterAll(() => mock.close())
 * ```
 */
import { setupServer } from 'msw/node'
import type { SetupServer } from 'msw/node'
import { parseIssuer } from './cli-args'
import { createControls } from './controls'
import type { MockControls } from './controls'
import { createHandlers } from './create-handlers'
import { DEFAULT_SEED, createMockState } from './engine/state'
import type { MockSeed, MockState, MockStateOptions } from './engine/state'
import { dispatchingHandler } from './http/msw'
import { createAjvResponseValidator } from './http/response-validator'

export { createAjvResponseValidator, specOperations } from './http/response-validator'
export { httpDeliverer, startHelloJohnServer } from './server'
export { DataDirInUseError } from './data-dir-lock'
export type { HelloJohnServer, StartHelloJohnServerOptions } from './server'
export { parseArgs, parseIssuer, startupWarnings } from './cli-args'
export { DEMO } from './engine/state'
export type { CliOptions } from './cli-args'

/** Options of {@link setupHelloJohnMock}. */
export interface SetupHelloJohnMockOptions {
  /** Base URL the mock answers on (default `http://localhost:3000`). */
  baseUrl?: string
  /** Public URL of the mock: token issuer, discovery, email links, the sign-in page (default `baseUrl`). */
  issuer?: string
  /** Seed (default: the demo tenant, keys and users). */
  seed?: MockSeed
  /** Use this state instead of creating one. */
  state?: MockState
  /** Enforce rate limits (default true; headers are sent either way). */
  rateLimit?: boolean
  /** Clock options, e.g. `{ frozenAt: Date.UTC(2026, 0, 1) }`. */
  clock?: MockStateOptions['clock']
  /**
   * Validate every response against the spec (needs ajv + ajv-formats); mismatches become 500s and are
   * collected.
   */
  validateResponses?: boolean
  /** What msw does with requests no handler matches (default `bypass`). */
  onUnhandledRequest?: 'bypass' | 'warn' | 'error'
  /** Start listening right away (default true). */
  listen?: boolean
  /**
   * Take the client address from `X-Forwarded-For` (default false: every in-process call comes from
   * 127.0.0.1).
   */
  trustProxy?: boolean
}

/** A spec mismatch found by `validateResponses`. */
export interface ResponseViolation {
  operation: string
  status: number
  problems: string[]
}

/** What {@link setupHelloJohnMock} returns. */
export interface HelloJohnMock {
  server: SetupServer
  state: MockState
  controls: MockControls
  baseUrl: string
  /** The token issuer. */
  issuer: string
  /** Responses that did not match the spec (only with `validateResponses`). */
  violations: ResponseViolation[]
  /** Stops intercepting. */
  close(): void
}

/**
 * Starts the HelloJohn mock in this Node process: `fetch` calls to `baseUrl` are answered by the stateful
 * mock.
 *
 * @example
 * ```ts
 * const { baseUrl, controls, close } = setupHelloJohnMock({ validateResponses: true })
 * const res = await fetch(`${baseUrl}/v1/users`, { headers: { authorization: 'Bearer sk_test_demo', 'x-tenant-id': 'tnt_demo' } })
 * close()
 * ```
 */
export function setupHelloJohnMock(options: SetupHelloJohnMockOptions = {}): HelloJohnMock {
  const baseUrl = (options.baseUrl ?? 'http://localhost:3000').replace(/\/+$/, '')
  const state =
    options.state ??
    createMockState(options.seed ?? DEFAULT_SEED, {
      ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
      ...(options.clock ? { clock: options.clock } : {}),
    })
  if (options.state && options.rateLimit !== undefined) state.limiter.enabled = options.rateLimit
  const violations: ResponseViolation[] = []
  const issuer = options.issuer ? parseIssuer(options.issuer, 'issuer') : baseUrl
  const handlers = createHandlers(state, {
    baseUrl,
    issuer,
    ...(options.trustProxy ? { trustProxy: true } : {}),
    ...(options.validateResponses
      ? {
          validateResponse: createAjvResponseValidator(),
          onViolation: (v: ResponseViolation) => violations.push(v),
        }
      : {}),
  })
  const server = setupServer(dispatchingHandler(handlers, baseUrl))
  if (options.listen !== false) server.listen({ onUnhandledRequest: options.onUnhandledRequest ?? 'bypass' })
  return {
    server,
    state,
    controls: createControls(state),
    baseUrl,
    issuer,
    violations,
    close: () => server.close(),
  }
}
