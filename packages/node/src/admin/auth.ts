import { HelloJohnTokenVerificationError } from '../errors/token-verification-error'
import { createTokenVerifier, type TokenVerifier } from '../verify/create-token-verifier'
import type { HelloJohnClaims } from '../verify/claims'
import type { TokenVerifierOptions } from '../verify/options'
import type { UsersApi } from './users'
import type { AdminUser, RequestOptions } from './types'

/**
 * `hj.auth`: access tokens your server receives. Tokens are verified locally (EdDSA against the issuer's
 * JWKS, cached; the issuer and JWKS named by `baseUrl`'s OpenID configuration, audience = `tenantId`, session
 * tokens only), never by calling the API.
 *
 * @example
 * ```ts
 * const claims = await hj.auth.verifyToken(token)   // local, no API call
 * const user = await hj.auth.getUser(token)         // verified locally, then the user from the admin API
 * await db.users.upsert({ hellojohn_id: user.id, email: user.email })
 * ```
 */
export interface AuthApi {
  /**
   * Verifies the token locally and resolves to its claims. Throws a `HelloJohnTokenVerificationError`
   * (`token_expired`, `token_invalid_signature`, `token_audience_mismatch`, …).
   */
  verifyToken(token: string): Promise<Readonly<HelloJohnClaims>>
  /**
   * Verifies the token locally, then fetches its user (`sub`) with the admin API. Throws a
   * `HelloJohnTokenVerificationError` for a bad token (no API call is made), and a `HelloJohnApiError`
   * (`user_not_found`) if the user was deleted since the token was issued.
   */
  getUser(token: string, options?: RequestOptions): Promise<AdminUser>
  /** The verifier used (share it with `authenticateRequest({ verifier })`-style code, or clear its cache). */
  readonly verifier: TokenVerifier
}

/** Builds `hj.auth` over a lazily created verifier. */
export function createAuthApi(users: UsersApi, verifierOptions: () => TokenVerifierOptions): AuthApi {
  let verifier: TokenVerifier | undefined
  const get = (): TokenVerifier => (verifier ??= createTokenVerifier(verifierOptions()))
  return {
    async verifyToken(token) {
      return get().verify(token)
    },
    async getUser(token, options) {
      const result = await get().safeVerify(token)
      if (!result.ok) throw result.error
      if (result.tokenType !== 'session') {
        // Accepted by verifyToken when tokenVerification.acceptsToken lists 'machine', but a client has no
        // user.
        throw new HelloJohnTokenVerificationError(
          'token_type_not_allowed',
          'getUser() needs a user session token; this is a machine (client_credentials) token, which has no user (use verifyToken()).',
        )
      }
      return users.get(result.claims.sub, options)
    },
    get verifier() {
      return get()
    },
  }
}
