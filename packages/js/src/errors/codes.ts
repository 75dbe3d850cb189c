/**
 * Error codes returned by the HelloJohn API (`error.code` in the response body). The list is closed in the spec;
 * an unknown code from a newer server is still surfaced as-is (typed as `string & {}` so autocompletion keeps working).
 */
export type HelloJohnApiErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'validation_failed'
  | 'rate_limited'
  | 'internal_error'
  | 'service_unavailable'
  | 'user_not_found'
  | 'invalid_credentials'
  | 'mfa_required'
  | 'mfa_enrollment_required'
  | 'invalid_code'
  | 'challenge_expired'
  | 'challenge_not_found'
  | 'idempotency_key_reused'
  | 'password_too_weak'
  | 'password_reused'
  | 'email_domain_not_allowed'
  | 'email_not_verified'
  | 'auth_method_disabled'
  | 'invalid_token'
  | 'token_expired'
  | 'session_revoked'
  | 'session_not_found'
  | 'user_banned'
  | 'factor_not_found'
  // RFC 6749 §5.2 codes used by /v1/oauth/token and /v1/oauth/revoke
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'

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
