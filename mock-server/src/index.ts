/**
 * @hellojohn/mock-server: the whole HelloJohn API as stateful msw handlers over one in-memory store.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node'
 * import { handlers } from '@hellojohn/mock-server'
 *
 * setupServer(...handlers).listen()
 * const res = await fetch('http://localhost:3000/v1/auth/sign-in', {
 *   method: 'POST',
 *   headers: { authorization: 'Bearer pk_test_demo', 'x-tenant-id': 'tnt_demo', 'content-type': 'application/json' },
 *   body: JSON.stringify({ email: 'alice@example.com', password: 'correct-horse-battery-staple' }),
 * })
 * ```
 */
import { createControls } from './controls'
import { createHandlers } from './create-handlers'
import { createMockState } from './engine/state'

export { createHandlers } from './create-handlers'
export type { HandlerOptions } from './create-handlers'
export { createControls } from './controls'
export type { MockControls, MockWebhookDelivery, OutboxFilter, ResetOptions } from './controls'
export { createMockState, DEFAULT_SEED, DEMO } from './engine/state'
export type {
  MockSeed,
  MockState,
  MockStateOptions,
  SeedOrganization,
  SeedTenant,
  SeedUser,
  WebhookDeliverer,
} from './engine/state'
export type { OutboxMessage, OutboxListener } from './engine/outbox'
export type { FaultRule } from './engine/faults'
export type { ResponseValidator, PipelineOptions } from './http/pipeline'
export { totpCode } from './engine/totp'

/** The state behind {@link handlers}. */
export const defaultMockState = createMockState()

/** Test controls of {@link defaultMockState}. */
export const defaultMockControls = createControls(defaultMockState)

/**
 * Ready-made handlers over {@link defaultMockState}, answering on any origin.
 *
 * @example
 * ```ts
 * import { setupWorker } from 'msw/browser'
 * import { handlers } from '@hellojohn/mock-server'
 * await setupWorker(...handlers).start()
 * ```
 */
export const handlers = createHandlers(defaultMockState)
