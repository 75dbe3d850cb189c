import type { HelloJohnAuth } from './auth/auth'
import type { HelloJohnMe, HelloJohnOrganizations } from './me'
import type { HelloJohnMfa } from './mfa/mfa'

/**
 * Every method of `hj.auth`, by name: what `useAuth()` (React and Vue) wraps with `createPendingCalls`.
 *
 * @example
 * ```ts
 * const auth = createPendingCalls(hj.auth, AUTH_METHODS)
 * await auth.methods.signIn({ email: 'alice@example.com', password: 'correct-horse-battery-staple' })
 * ```
 */
export const AUTH_METHODS = [
  'signIn',
  'signUp',
  'signOut',
  'sendMagicLink',
  'verifyMagicLink',
  'signInWithPasskey',
  'signInWithOAuth',
  'handleRedirectCallback',
  'forgotPassword',
  'resetPassword',
  'sendEmailVerification',
  'verifyEmail',
] as const satisfies readonly (keyof HelloJohnAuth)[]

/**
 * Every method of `hj.mfa`, by name: what `useMFA()` (React and Vue) wraps with `createPendingCalls`.
 *
 * @example
 * ```ts
 * const mfa = createPendingCalls(hj.mfa, MFA_METHODS)
 * await mfa.methods.submitTOTP(challengeId, '123456')
 * ```
 */
export const MFA_METHODS = [
  'submitTOTP',
  'sendOTP',
  'submitOTP',
  'submitBackupCode',
  'submitWebAuthn',
  'enrollTOTP',
  'confirmTOTP',
  'enrollSMS',
  'enrollEmail',
  'confirmFactor',
  'registerWebAuthn',
  'regenerateBackupCodes',
  'listFactors',
  'removeFactor',
  'startStepUp',
] as const satisfies readonly (keyof HelloJohnMfa)[]

/**
 * Every method of `hj.organizations`, by name: what `useOrganization()` (React and Vue) wraps with
 * `createPendingCalls`.
 *
 * @example
 * ```ts
 * const orgs = createPendingCalls(hj.organizations, ORGANIZATION_METHODS)
 * await orgs.methods.setActive('org_…')
 * ```
 */
export const ORGANIZATION_METHODS = [
  'list',
  'create',
  'listMembers',
  'invite',
  'acceptInvitation',
  'setActive',
] as const satisfies readonly (keyof HelloJohnOrganizations)[]

/**
 * Every method of `hj.me`, by name: the methods of the lazy `hj.me` namespace, whose implementation loads on
 * first use.
 *
 * @example
 * ```ts
 * const me = lazy(() => import('./me').then((m) => m.createMe(ctx)), ME_METHODS)
 * ```
 */
export const ME_METHODS = [
  'get',
  'update',
  'listSessions',
  'revokeSession',
] as const satisfies readonly (keyof HelloJohnMe)[]

/**
 * The `hj.me` methods `useUser()` (React and Vue) wraps with `createPendingCalls`: `update`, and `get` (which
 * the hooks name `reload`). Not every method of `hj.me`: the session list has no place in `useUser()`.
 *
 * @example
 * ```ts
 * const me = createPendingCalls(hj.me, USER_METHODS)
 * await me.methods.update({ name: 'Alice' })
 * ```
 */
export const USER_METHODS = ['update', 'get'] as const satisfies readonly (keyof HelloJohnMe)[]
