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
 * The public message of each answer. Fixed texts on purpose: the verifier's messages are for logs and may
 * name the JWKS address, the token's `kid` or what was expected, none of which a caller should learn.
 */
const PUBLIC_MESSAGES: Record<string, string> = {
  unauthorized: 'Not signed in: send "Authorization: Bearer <access token>".',
  token_expired: 'The access token has expired; refresh it and retry.',
  invalid_token: 'The access token is not valid for this API.',
  mfa_required: 'This requires multi-factor authentication: complete a step-up and retry.',
  service_unavailable: 'Sign-in cannot be checked right now; retry shortly.',
}

/**
 * The HTTP answer for a failed authentication, in the API's envelope:
 * - no token → 401 `unauthorized`; expired → 401 `token_expired`; other bad tokens → 401 `invalid_token`
 * - valid token without MFA where `requireMfa` is set → 403 `mfa_required` (the user is known; a step-up
 *   fixes it)
 * - JWKS or issuer discovery unavailable → 503 `service_unavailable` (our problem, not the client's: do not
 *   make it sign out) `details.reason` carries the verifier's precise reason; `message` is a fixed public
 *   text (never the error's own message, which may name internal URLs or the token's `kid`: log that one).
 *   Includes the RFC 6750 `WWW-Authenticate` header.
 *
 * @example
 * ```ts
 * const auth = await authenticateRequest(request, { baseUrl, tenantId: 'tnt_demo' })
 * if (!auth.isAuthenticated) {
 *   const { status, headers, body } = authErrorResponse(auth.error)
 *   return Response.json(body, { status, headers })
 * }
 * ```
 */
export function authErrorResponse(error: HelloJohnTokenVerificationError, id: string = requestId()) {
  let status = 401
  let code = 'invalid_token'
  if (error.reason === 'token_missing') code = 'unauthorized'
  else if (error.reason === 'token_expired') code = 'token_expired'
  else if (error.reason === 'token_mfa_required') {
    status = 403
    code = 'mfa_required'
  } else if (error.reason === 'jwks_unavailable' || error.reason === 'discovery_unavailable') {
    status = 503
    code = 'service_unavailable'
  }
  const body: ErrorEnvelope = {
    error: {
      code,
      message: PUBLIC_MESSAGES[code]!,
      status,
      request_id: id,
      details: { reason: error.reason },
    },
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
