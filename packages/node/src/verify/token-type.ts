import { decodeProtectedHeader, type JWTPayload } from 'jose'
import { HelloJohnTokenVerificationError } from '../errors/token-verification-error'
import { ALLOWED_ALGORITHMS, type TokenType } from './options'

/** The header type of access tokens (RFC 9068); jose also accepts the long form `application/at+jwt`. */
export const ACCESS_TOKEN_TYP = 'at+jwt'

/**
 * Which kind of access token the claims belong to: a user's session (`sid`), or a machine token of the
 * `client_credentials` grant (no `sid`; `sub` is the client: equal to `client_id` as RFC 9068 says, or a
 * `cli_…` id). Anything else is neither.
 */
export function tokenTypeOf(payload: JWTPayload): TokenType | undefined {
  if (typeof payload.sid === 'string' && payload.sid !== '') return 'session'
  if (
    payload.sid === undefined &&
    typeof payload.sub === 'string' &&
    (payload.sub === payload.client_id || payload.sub.startsWith('cli_'))
  ) {
    return 'machine'
  }
  return undefined
}

/** `at+jwt` or `application/at+jwt`, any letter case (RFC 7515 section 4.1.9). */
function isAccessTokenTyp(typ: unknown): boolean {
  return typeof typ === 'string' && typ.toLowerCase().replace(/^application\//, '') === ACCESS_TOKEN_TYP
}

/**
 * True when the (not yet verified) header says this is not an access token although it is signed with a
 * public-key algorithm: an ID token, say, whatever key signed it. Checked before the signature so such a
 * token is refused as `token_type_not_allowed` (and costs no JWKS request) rather than as an algorithm or key
 * problem. Headers that do not parse, or name `none` / HS*, are left to the signature check, which reports
 * them precisely. Refusing early on an unverified header is safe: it can only refuse, never accept.
 */
export function isForeignTokenType(token: string): boolean {
  let header: { alg?: unknown; typ?: unknown }
  try {
    header = decodeProtectedHeader(token)
  } catch {
    return false
  }
  return isForeignHeader(header)
}

/** {@link isForeignTokenType} on a header already decoded (by jose, before it asks for the key). */
export function isForeignHeader(header: { alg?: unknown; typ?: unknown }): boolean {
  return typeof header.alg === 'string' && ALLOWED_ALGORITHMS.has(header.alg) && !isAccessTokenTyp(header.typ)
}

/** The `token_type_not_allowed` error for a JWT that is not an access token (an ID token…). */
export function notAnAccessToken(cause?: unknown): HelloJohnTokenVerificationError {
  return new HelloJohnTokenVerificationError(
    'token_type_not_allowed',
    'The token is not an access token (its header is not "typ: at+jwt", RFC 9068): ID tokens and other JWTs are refused.',
    cause === undefined ? {} : { cause },
  )
}
