import { HelloJohnError, type HelloJohnErrorOptions } from './hellojohn-error'

/**
 * Why a token could not be used:
 * - `malformed`: not a JWT / undecodable claims
 * - `missing`: nobody is signed in
 * - `expired`: the token is past `exp` and could not be refreshed
 * - `refresh_failed`: the refresh request failed for a transient reason (network, 5xx); the session is kept
 * - `revoked`: the refresh token was reused, revoked or the session ended; the client signed out
 */
export type HelloJohnTokenErrorReason = 'malformed' | 'missing' | 'expired' | 'refresh_failed' | 'revoked'

/**
 * A token problem. `code` is `token_<reason>`.
 *
 * @example
 * ```ts
 * try { await hj.session.getToken() }
 * catch (e) { if (e instanceof HelloJohnTokenError && e.reason === 'revoked') router.push('/sign-in') }
 * ```
 */
export class HelloJohnTokenError extends HelloJohnError {
  declare readonly reason: HelloJohnTokenErrorReason

  constructor(reason: HelloJohnTokenErrorReason, message: string, options?: HelloJohnErrorOptions) {
    super(`token_${reason}`, message, options)
    Object.assign(this, { name: 'HelloJohnTokenError', reason })
  }
}
