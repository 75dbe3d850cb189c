import { HelloJohnTokenError } from '../errors/token-error'
import type { AccessTokenClaims } from '../types'

export type { AccessTokenClaims }

/**
 * Decodes a JWT's payload WITHOUT verifying its signature: fine for reading claims in the client that received the token
 * from the server over TLS; a backend must verify (`verifyToken` in `@hellojohn/node`).
 *
 * @example
 * ```ts
 * const { sub, exp } = decodeJwt(await hj.session.getToken())
 * ```
 */
export function decodeJwt<T = AccessTokenClaims>(token: string): T {
  const part = typeof token === 'string' ? token.split('.')[1] : undefined
  try {
    if (!part) throw 0
    const bin = atob(part.replace(/-/g, '+').replace(/_/g, '/'))
    const claims: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))))
    if (typeof claims !== 'object' || claims === null) throw 0
    return claims as T
  } catch (cause) {
    throw new HelloJohnTokenError(
      'malformed',
      'Not a JWT: expected three base64url parts with a JSON payload.',
      { cause },
    )
  }
}
