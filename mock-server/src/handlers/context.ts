import { ApiError } from '../engine/errors'
import type { SessionRecord, TenantRecord, UserRecord } from '../engine/records'
import { isSessionActive } from '../engine/sessions'
import type { AuthContext } from '../http/auth'
import type { AnyRouteContext } from '../http/route'

/** The publishable key (or other credential) that starts sessions on this call: the token's `azp`. */
export function azpOf(auth: AuthContext): string {
  switch (auth.kind) {
    case 'publishable':
    case 'secret':
      return auth.key.secret.startsWith('pk_') ? auth.key.secret : auth.key.id
    case 'access':
      return auth.claims.azp
    case 'enrollment':
      return auth.azp
    default:
      return 'unknown'
  }
}

/** The signed-in user of an access-token call. */
export function signedIn(auth: AuthContext): {
  user: UserRecord
  tenant: TenantRecord
  session: SessionRecord | undefined
} {
  if (auth.kind === 'access') return { user: auth.user, tenant: auth.tenant, session: auth.session }
  if (auth.kind === 'enrollment') return { user: auth.user, tenant: auth.tenant, session: undefined }
  throw new ApiError(401, 'unauthorized', 'This endpoint needs the access token of a signed-in user.')
}

/** The live session of an access-token call: 401 `session_revoked` once it was signed out or expired. */
export function liveSession(ctx: AnyRouteContext): {
  user: UserRecord
  tenant: TenantRecord
  session: SessionRecord
} {
  if (ctx.auth.kind !== 'access')
    throw new ApiError(401, 'unauthorized', 'This endpoint needs the access token of a signed-in user.')
  const session = ctx.auth.session
  if (!session || !isSessionActive(ctx.state, session)) {
    throw new ApiError(
      401,
      'session_revoked',
      'The session of this access token has been signed out or has expired. Sign in again.',
    )
  }
  return { user: ctx.auth.user, tenant: ctx.auth.tenant, session }
}

/**
 * A library object (e.g. @simplewebauthn options) as the spec's JSON type: a JSON round trip drops
 * `undefined` fields and index-signature mismatches.
 */
export function asJson<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T
}
