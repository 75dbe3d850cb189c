/**
 * @hellojohn/testing: sign in without the UI, isolated tenants, TOTP codes, the mock's outbox, clock and
 * faults. Playwright helpers are in `@hellojohn/testing/playwright`, Vitest in `/vitest`, React in `/react`.
 *
 * @example
 * ```ts
 * import { createTestTenant, signInAs, totp, waitForMessage } from '@hellojohn/testing'
 * ```
 */
export { HelloJohnTestingError, type HelloJohnTestingErrorCode } from './errors'
export { totp } from './totp'
export { waitForMessage, type ReceivedMessage, type WaitForMessageOptions } from './outbox'
export {
  clock,
  faults,
  type FaultSpec,
  type MockClock,
  type MockControlOptions,
  type MockFaults,
} from './mock-controls'
export {
  signInAs,
  tenantFromEnv,
  type SignedInSession,
  type SignInAsOptions,
  type TenantTarget,
  type UserRef,
} from './sign-in-as'
export {
  createTestTenant,
  createTestUser,
  MOCK_CONTROL_PLANE_KEY,
  type CreateTestTenantOptions,
  type CreateTestUserOptions,
  type TestMfa,
  type TestTenant,
  type TestUser,
} from './tenant'
export { storedSessionOf, storageKeyOf, type StoredSessionValue } from './stored-session'
