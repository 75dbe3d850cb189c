import { HelloJohnTokenError } from '../errors/token-error'
import type { AccessTokenClaims } from '../types'

export type { AccessTokenClaims }

/**
 * Decodes a JWT's payload WITHOUT verifying its signature: fine for reading claims in the client that
 * received the token from the server over TLS; a backend must verify (`verifyToken` in `@hellojohn/node`).
 *
 * @example
 * ```ts
 * const { sub, exp } = decodeJwt(await hj.session.getToken())
 * ```
 */
export function decodeJwt<T = AccessTokenClaims>(token: string): T {
  const payload = typeof token === 'string' ? token.split('.')[1] : undefined
  let claims: unknown
  try {
    if (payload) claims = JSON.parse(decodeBase64Url(payload))
  } catch (cause) {
    throw malformed(cause)
  }
  if (typeof claims !== 'object' || claims === null) throw malformed()
  return claims as T
}

/**
 * Decodes base64url to a UTF-8 string; throws when the input is not base64 or not UTF-8-decodable JSON text.
 */
function decodeBase64Url(encoded: string): string {
  const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'))
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)))
}

function malformed(cause?: unknown): HelloJohnTokenError {
  return new HelloJohnTokenError(
    'malformed',
    'Not a JWT: expected three base64url parts with a JSON payload.',
    cause === undefined ? undefined : { cause },
  )
}
