import type { ChallengeFactor, SessionInfo, User } from '../types'
import type { AccessTokenClaims } from '../util/jwt'

/** An MFA challenge waiting for a code (after `signIn` answered `mfa_required`, or `startStepUp`). */
export interface PendingChallenge {
  challenge_id: string
  expires_at: string
  factors: ChallengeFactor[]
}

/** MFA is required by policy but the user has no factor yet: enroll with this token. */
export interface PendingEnrollment {
  enrollment_token: string
  allowed_methods: string[]
}

interface SnapshotBase {
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
 * A server-rendered session for the first render (SSR/hydration): the signed-in user, or `null` for signed out.
 *
 * @example
 * ```ts
 * createHelloJohn({ ...config, initialState: { user, session, claims } })
 * ```
 */
export type SessionInitialState = { user: User; session: SessionInfo; claims: AccessTokenClaims } | null

const extras = { pendingChallenge: null, pendingEnrollment: null }

/** Builds a frozen snapshot. */
export const snapshot = (
  status: SessionSnapshot['status'],
  signedIn?: { user: User; session: SessionInfo; claims: AccessTokenClaims } | null,
  more: Partial<SnapshotBase> = {},
): SessionSnapshot =>
  Object.freeze(
    status === 'signed_in' && signedIn
      ? { ...extras, ...more, status, ...signedIn }
      : { ...extras, ...more, status: status === 'signed_in' ? 'signed_out' : status, user: null, session: null, claims: null },
  ) as SessionSnapshot

/** The snapshot for an `initialState` (undefined → loading). */
export const initialSnapshot = (state: SessionInitialState | undefined): SessionSnapshot =>
  state === undefined ? snapshot('loading') : state === null ? snapshot('signed_out') : snapshot('signed_in', state)
