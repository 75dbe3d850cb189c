import type { HelloJohnTokenVerificationError } from '../errors/token-verification-error'

/** The API error envelope. */
export interface ErrorEnvelope {
  error: {
    code: string
    message: string
    status: number
    request_id: string
    details?: Record<string, unknown>
  }
}

/** A `req_…` id (WebCrypto randomness, no node: import). */
export function requestId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(12))
  let hex = ''
  for (const b of bytes) hex += b.toString(16).padStart(2, '0')
  return `req_${hex}`
}

/**
 * The HTTP answer for a failed authentication, in the API's envelope:
 * - no token → 401 `unauthorized`; expired → 401 `token_expired`; other bad tokens → 401 `invalid_token`
 * - valid token without MFA where `requireMfa` is set → 403 `mfa_required` (the user is known; a step-up fixes it)
 * - JWKS unavailable → 503 `service_unavailable` (our problem, not the client's: do not make it sign out)
 * `details.reason` carries the verifier's precise reason. Includes the RFC 6750 `WWW-Authenticate` header.
 */
export function authErrorResponse(error: HelloJohnTokenVerificationError, id: string = requestId()) {
  let status = 401
  let code = 'invalid_token'
  if (error.reason === 'token_missing') code = 'unauthorized'
  else if (error.reason === 'token_expired') code = 'token_expired'
  else if (error.reason === 'token_mfa_required') {
    status = 403
    code = 'mfa_required'
  } else if (error.reason === 'jwks_unavailable') {
    status = 503
    code = 'service_unavailable'
  }
  const body: ErrorEnvelope = {
    error: { code, message: error.message, status, request_id: id, details: { reason: error.reason } },
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'x-request-id': id,
  }
  if (status === 401) {
    headers['www-authenticate'] =
      error.reason === 'token_missing'
        ? 'Bearer realm="hellojohn"'
        : `Bearer realm="hellojohn", error="invalid_token", error_description="${error.reason}"`
  } else if (status === 403) {
    headers['www-authenticate'] =
      'Bearer realm="hellojohn", error="insufficient_scope", error_description="mfa_required"'
  }
  return { status, headers, body }
}
