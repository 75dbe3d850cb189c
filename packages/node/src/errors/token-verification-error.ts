import { HelloJohnError, isHelloJohnError, type HelloJohnErrorOptions } from '@hellojohn/js'

/**
 * Why an access token was rejected by {@link createTokenVerifier} / `verifyToken()`. The value is also the
 * error's `code`, so `switch (error.code)` and `switch (result.reason)` read the same.
 */
export type TokenVerificationFailureReason =
  /** No token at all (empty string, or no `Authorization` header / `__session` cookie). */
  | 'token_missing'
  /** Not a compact JWS / JWT: wrong number of segments, bad base64url, header or claims not JSON objects. */
  | 'token_malformed'
  /** Longer than `maxTokenLength` (default 8 KiB): rejected before any parsing. */
  | 'token_too_large'
  /** The header's `alg` is not in `algorithms` (default `['EdDSA']`): `none`, `HS256`, `RS256`… */
  | 'token_alg_not_allowed'
  /** No key in the JWKS has the token's `kid`, even after a refetch. */
  | 'token_unknown_kid'
  /** The signature does not match the header and claims (tampered token, or signed by someone else). */
  | 'token_invalid_signature'
  /** `exp` is in the past (beyond `clockTolerance`). */
  | 'token_expired'
  /** `nbf` (or `iat`) is in the future (beyond `clockTolerance`). */
  | 'token_not_yet_valid'
  /** `iat` is older than `maxTokenAge`. */
  | 'token_too_old'
  /** `iss` is not the configured issuer. */
  | 'token_issuer_mismatch'
  /**
   * `aud` does not contain the configured audience: a token of another tenant (or an ID token of a client).
   */
  | 'token_audience_mismatch'
  /**
   * Not an access token this verifier accepts: an ID token or anything else whose header is not `typ: at+jwt`
   * (RFC 9068), or a machine (`client_credentials`) token when `acceptsToken` does not list `'machine'`.
   */
  | 'token_type_not_allowed'
  /** `azp` is not one of `authorizedParties`. */
  | 'token_azp_mismatch'
  /** A required claim (`sub`, `exp`, `iat`…) is missing or has the wrong type. */
  | 'token_claim_invalid'
  /** `requireMfa` is set and the token is not `mfa_verified`. */
  | 'token_mfa_required'
  /** The JWKS could not be fetched, or was not a usable key set, and no cached keys exist. Fails closed. */
  | 'jwks_unavailable'
  /**
   * The issuer could not be read from `${baseUrl}/.well-known/openid-configuration` (unreachable, or not
   * usable).
   */
  | 'discovery_unavailable'

/**
 * A token failed local verification. `code` and `reason` are the same stable string
 * ({@link TokenVerificationFailureReason}); `message` says what to fix and never contains the token.
 *
 * @example
 * ```ts
 * import { verifyToken, isTokenVerificationError } from '@hellojohn/node'
 * try {
 *   const claims = await verifyToken(token, { baseUrl: 'http://localhost:3000', tenantId: 'tnt_demo' })
 * } catch (e) {
 *   if (isTokenVerificationError(e) && e.reason === 'token_expired') return res.status(401).end()
 *   throw e
 * }
 * ```
 */
export class HelloJohnTokenVerificationError extends HelloJohnError {
  readonly reason: TokenVerificationFailureReason
  /** Discriminator that survives duplicated bundles (see {@link isTokenVerificationError}). */
  readonly kind = 'token_verification' as const

  constructor(reason: TokenVerificationFailureReason, message: string, options: HelloJohnErrorOptions = {}) {
    super(reason, message, options)
    this.name = 'HelloJohnTokenVerificationError'
    this.reason = reason
  }
}

/**
 * True for a token verification failure, whichever copy of the SDK created it. Pass `reason` to test for one.
 *
 * @example
 * ```ts
 * if (isTokenVerificationError(e, 'jwks_unavailable')) return res.status(503).end()
 * ```
 */
export function isTokenVerificationError(
  value: unknown,
  reason?: TokenVerificationFailureReason,
): value is HelloJohnTokenVerificationError {
  return isHelloJohnError(value, reason) && (value as { kind?: unknown }).kind === 'token_verification'
}
