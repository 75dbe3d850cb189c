import type { JWTPayload } from 'jose'
import type { TokenType } from './options'

/** The header type of access tokens (RFC 9068); jose also accepts the long form `application/at+jwt`. */
export const ACCESS_TOKEN_TYP = 'at+jwt'

/**
 * Which kind of access token the claims belong to: a user's session (`sid`), or a machine token of the
 * `client_credentials` grant (no `sid`; `sub` is the client: equal to `client_id` as RFC 9068 says, or a `cli_…`
 * id). Anything else is neither.
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
