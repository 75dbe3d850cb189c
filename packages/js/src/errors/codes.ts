import type { components } from '../generated/openapi'

/**
 * Error codes returned by the HelloJohn API: the spec's closed `ErrorCode` list plus the RFC 6749 codes of the OAuth
 * endpoints. An unknown code from a newer server is still surfaced as-is.
 */
export type HelloJohnApiErrorCode =
  | components['schemas']['ErrorCode']
  | components['schemas']['OAuthError']['error']

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
  // tokens and session
  | 'token_malformed'
  | 'token_missing'
  | 'token_expired'
  | 'token_refresh_failed'
  | 'token_revoked'
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
export type HelloJohnErrorCode = HelloJohnApiErrorCode | HelloJohnClientErrorCode | (string & {})
