import { errors } from 'jose'
import { HelloJohnTokenVerificationError } from '../errors/token-verification-error'
import { isHelloJohnError } from '@hellojohn/js'
import { notAnAccessToken } from './token-type'

/** Options that shape the messages (what was expected). */
interface Expectations {
  /** The issuer, once known (it may still be undiscovered when verification fails early). */
  issuer: string | undefined
  algorithms: readonly string[]
  maxTokenAge: number | undefined
}

/**
 * Turns whatever jose (or our key resolver) threw into a {@link HelloJohnTokenVerificationError} with a
 * stable reason. Our own errors pass through unchanged. Messages never include the token.
 */
export function mapVerificationError(
  error: unknown,
  expected: Expectations,
): HelloJohnTokenVerificationError {
  if (error instanceof HelloJohnTokenVerificationError) return error
  if (isHelloJohnError(error) && (error as { kind?: unknown }).kind === 'token_verification') {
    return error as HelloJohnTokenVerificationError
  }
  const fail = (reason: ConstructorParameters<typeof HelloJohnTokenVerificationError>[0], message: string) =>
    new HelloJohnTokenVerificationError(reason, message, { cause: error })

  if (error instanceof errors.JWTExpired) {
    if (error.claim === 'iat') {
      return fail(
        'token_too_old',
        `The token was issued more than ${String(expected.maxTokenAge)} s ago (maxTokenAge); the user must sign in again.`,
      )
    }
    return fail('token_expired', 'The token has expired ("exp" is in the past); refresh it and retry.')
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'nbf':
        return fail(
          'token_not_yet_valid',
          'The token is not valid yet ("nbf" is in the future); check the server clocks.',
        )
      case 'iat':
        return error.reason === 'check_failed'
          ? fail(
              'token_not_yet_valid',
              'The token was issued in the future ("iat"); check the server clocks.',
            )
          : fail(
              'token_claim_invalid',
              `The token's "iat" claim is ${error.reason === 'missing' ? 'missing' : 'not a number'}.`,
            )
      case 'iss':
        return fail(
          'token_issuer_mismatch',
          `The token was not issued by ${expected.issuer ?? 'the expected issuer'} ("iss" differs); check the issuer / baseUrl option.`,
        )
      case 'aud':
        // The expected audience is not repeated here: messages end up in logs and, in careless code, in
        // responses.
        return fail(
          'token_audience_mismatch',
          'The token was issued for another tenant or client ("aud" differs from your tenant id); check the tenantId / audience option.',
        )
      case 'typ':
        return notAnAccessToken(error)
      default:
        return fail(
          'token_claim_invalid',
          `The token's "${error.claim}" claim is ${error.reason === 'missing' ? 'missing' : 'invalid'}.`,
        )
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return fail(
      'token_alg_not_allowed',
      `The token's algorithm is not allowed; accepted: ${expected.algorithms.join(', ')} (see the algorithms option).`,
    )
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return fail(
      'token_invalid_signature',
      'The token signature is invalid: it was tampered with or signed by someone else.',
    )
  }
  if (error instanceof errors.JOSENotSupported) {
    return fail(
      'token_alg_not_allowed',
      'The token uses an algorithm or header this verifier does not support.',
    )
  }
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSEError
  ) {
    return fail(
      'token_malformed',
      'The token is not a well-formed JWT (expected header.payload.signature, base64url JSON).',
    )
  }
  if (error instanceof TypeError) {
    return fail('token_malformed', 'The token could not be verified: it is not a well-formed JWT.')
  }
  return fail('token_malformed', 'The token could not be verified.')
}
