/*
 * Resource shapes used by the core. They mirror the spec's schemas (snake_case, as the API sends them).
 * TODO(spec): replaced by aliases of `components['schemas'][…]` from ./generated/openapi once the spec lands.
 */

/** A user as returned by the API. */
export interface User {
  id: string
  email: string
  email_verified?: boolean
  name?: string | null
  [field: string]: unknown
}

/** The session part of a completed `AuthResult`. */
export interface SessionInfo {
  id: string
  expires_at: string
}

/** Tokens of a completed `AuthResult`. */
export interface AuthTokens {
  access_token: string
  refresh_token: string
  token_type: string
  expires_in: number
}

/** An MFA factor offered in a challenge. */
export interface ChallengeFactor {
  id: string
  type: string
  hint?: string | null
}

/** Result of every sign-in-like call, discriminated on `status`. */
export type AuthResult =
  | { status: 'complete'; user: User; session: SessionInfo; tokens: AuthTokens }
  | { status: 'mfa_required'; challenge_id: string; expires_at: string; factors: ChallengeFactor[] }
  | { status: 'mfa_enrollment_required'; enrollment_token: string; allowed_methods: string[] }
