import type { components } from '../generated/openapi'
import type { HelloJohnTokenErrorCode } from './token-error'

/**
 * Error codes returned by the HelloJohn API: the spec's closed `ErrorCode` list plus the RFC 6749 codes of
 * the OAuth endpoints. An unknown code from a newer server is still surfaced as-is.
 */
export type HelloJohnApiErrorCode =
  components['schemas']['ErrorCode'] | components['schemas']['OAuthError']['error']

/** Codes raised by the SDK itself (never sent by the server). */
export type HelloJohnClientErrorCode =
  // transport
  | 'network_error'
  | 'request_aborted'
  | 'timeout'
  | 'unexpected_response'
  // configuration
  | 'config_invalid'
  | 'config_invalid_base_url'
  | 'config_invalid_publishable_key'
  | 'config_invalid_tenant_id'
  | 'config_secret_key_in_browser'
  | 'config_invalid_secret_key'
  // tokens and session (the same `token_*` names as @hellojohn/node's verification failures)
  | HelloJohnTokenErrorCode
  // flows and arguments
  | 'invalid_argument'
  | 'no_pending_challenge'
  | 'oauth_state_mismatch'
  | 'oauth_nonce_mismatch'
  | 'oauth_callback_error'
  | 'crypto_unavailable'
  | 'webauthn_unavailable'
  | 'webauthn_failed'
  | 'storage_error'
  // adapters (React/Vue provider, Node admin client)
  | 'provider_missing'
  | 'unexpected_error'

/**
 * Every code the API and the SDK define: a closed union (jose's `AnyJOSEError` is the model), so a `switch`
 * over it can be exhaustive and the compiler reports a code added in a new version. The API codes come from
 * the spec's `ErrorCode` and `OAuthError` schemas.
 *
 * @example
 * ```ts
 * function explain(code: HelloJohnKnownErrorCode): string {
 *   switch (code) {
 *     case 'invalid_credentials': return 'Wrong email or password'
 *     // … every other code …
 *     default: {
 *       const unhandled: never = code // compile error here when a code is not handled
 *       return unhandled
 *     }
 *   }
 * }
 * ```
 *
 * `HelloJohnError.code` stays the open {@link HelloJohnErrorCode}: a server newer than the SDK may send a
 * code this union does not list yet, so handle a `default` when switching on an error's code at run time.
 */
export type HelloJohnKnownErrorCode = HelloJohnApiErrorCode | HelloJohnClientErrorCode

/**
 * Every code a {@link HelloJohnError} can carry: switch on it to handle a case.
 *
 * @example
 * ```ts
 * try { await hj.auth.signIn({ email, password }) }
 * catch (e) {
 *   if (!isHelloJohnError(e)) throw e
 *   switch (e.code) {
 *     case 'invalid_credentials': showError('Wrong email or password'); break
 *     case 'rate_limited': showError('Too many attempts'); break
 *     default: throw e
 *   }
 * }
 * ```
 */
export type HelloJohnErrorCode = HelloJohnKnownErrorCode | (string & {})
