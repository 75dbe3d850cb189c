import { HelloJohnError, type HelloJohnErrorOptions } from './hellojohn-error'

/**
 * Why a token could not be used, in the `token_*` vocabulary `@hellojohn/node` uses for verification
 * failures:
 * - `token_malformed`: not a JWT / undecodable claims
 * - `token_missing`: nobody is signed in
 * - `token_expired`: the token is past `exp` and could not be refreshed
 * - `token_refresh_failed`: the refresh request failed for a transient reason (network, 5xx); the session is
 *   kept
 * - `token_revoked`: the refresh token was reused, revoked or the session ended; the client signed out
 */
export type HelloJohnTokenErrorCode =
  'token_malformed' | 'token_missing' | 'token_expired' | 'token_refresh_failed' | 'token_revoked'

/**
 * The short form of {@link HelloJohnTokenErrorCode} (`'expired'` for `'token_expired'`).
 *
 * @deprecated Use the error's `code` (`'token_expired'`, …), the same names `@hellojohn/node` uses.
 */
export type HelloJohnTokenErrorReason = HelloJohnTokenErrorCode extends `token_${infer R}` ? R : never

/**
 * A token problem. `code` is one of {@link HelloJohnTokenErrorCode} (`token_expired`, `token_revoked`, …).
 *
 * @example
 * ```ts
 * try { await hj.session.getToken() }
 * catch (e) { if (e instanceof HelloJohnTokenError && e.code === 'token_revoked') router.push('/sign-in') }
 * ```
 */
export class HelloJohnTokenError extends HelloJohnError {
  declare readonly code: HelloJohnTokenErrorCode
  /**
   * The code without its `token_` prefix.
   *
   * @deprecated Use `code` (`'token_revoked'` rather than `reason === 'revoked'`).
   */
  declare readonly reason: HelloJohnTokenErrorReason

  /** @param code the code (`'token_expired'`), or its deprecated short form (`'expired'`) */
  constructor(
    code: HelloJohnTokenErrorCode | HelloJohnTokenErrorReason,
    message: string,
    options?: HelloJohnErrorOptions,
  ) {
    const full: HelloJohnTokenErrorCode = code.startsWith('token_')
      ? (code as HelloJohnTokenErrorCode)
      : `token_${code as HelloJohnTokenErrorReason}`
    super(full, message, options)
    Object.assign(this, { name: 'HelloJohnTokenError', reason: full.slice('token_'.length) })
  }
}
