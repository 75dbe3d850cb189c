import type { AuthResult, SessionInfo, User } from '../types'
import type { AccessTokenClaims } from '../util/jwt'

/**
 * An MFA challenge waiting for a code (after `signIn` answered `mfa_required`, or `startStepUp`): the spec's
 * `AuthResultMfaRequired` without its `status`.
 */
export type PendingChallenge = Omit<Extract<AuthResult, { status: 'mfa_required' }>, 'status'>

/**
 * MFA is required by policy but the user has no factor yet: enroll with this token. The spec's
 * `AuthResultMfaEnrollmentRequired` without its `status`.
 */
export type PendingEnrollment = Omit<Extract<AuthResult, { status: 'mfa_enrollment_required' }>, 'status'>

/**
 * Why the device is signed out: `sign_out` (this or another tab signed out), or the server's code when the
 * session ended there (`session_revoked`, `session_expired`, `refresh_token_reused`, `invalid_refresh_token`,
 * …).
 */
export type SignedOutReason =
  | 'sign_out'
  | 'session_revoked'
  | 'session_expired'
  | 'refresh_token_reused'
  | 'invalid_refresh_token'
  | (string & {})

interface SnapshotBase {
  /** Set when signed out after a session: why it ended (see {@link SignedOutReason}); `null` otherwise. */
  reason: SignedOutReason | null
  /** Set while an MFA challenge waits for `hj.mfa.submit…`. */
  pendingChallenge: PendingChallenge | null
  /** Set when sign-in answered `mfa_enrollment_required`. */
  pendingEnrollment: PendingEnrollment | null
}

/**
 * The session state. Immutable and referentially stable until something changes, so it plugs straight into
 * `useSyncExternalStore` or a Vue `shallowRef`.
 */
export type SessionSnapshot =
  | (SnapshotBase & { status: 'loading' | 'signed_out'; user: null; session: null; claims: null })
  | (SnapshotBase & { status: 'signed_in'; user: User; session: SessionInfo; claims: AccessTokenClaims })

/**
 * A server-rendered session for the first render (SSR/hydration): the signed-in user, or `null` for signed
 * out.
 *
 * @example
 * ```ts
 * createHelloJohn({ ...config, initialState: { user, session, claims } })
 * ```
 */
export type SessionInitialState = { user: User; session: SessionInfo; claims: AccessTokenClaims } | null

/** Builds a frozen snapshot: `undefined` → loading, `null` → signed out, a session → signed in. */
export const snapshot = (
  signedIn: SessionInitialState | undefined,
  more: Partial<SnapshotBase> = {},
): SessionSnapshot =>
  Object.freeze({
    pendingChallenge: null,
    pendingEnrollment: null,
    ...more,
    reason: (!signedIn && more.reason) || null,
    status: signedIn ? 'signed_in' : signedIn === null ? 'signed_out' : 'loading',
    user: null,
    session: null,
    claims: null,
    ...signedIn,
  }) as SessionSnapshot
