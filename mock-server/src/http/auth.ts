import { ApiError } from '../engine/errors'
import type { ApiKeyRecord, SessionRecord, TenantRecord, UserRecord } from '../engine/records'
import { DEMO } from '../engine/state'
import type { MockState } from '../engine/state'
import { isSessionActive } from '../engine/sessions'
import { verifyAccessToken } from '../engine/tokens'
import type { AccessTokenClaims } from '../engine/tokens'
import type { OperationMeta } from './operations'

/** Who is calling, after the credential was checked. */
export type AuthContext =
  | { kind: 'none' }
  | { kind: 'publishable'; key: ApiKeyRecord; tenant: TenantRecord }
  | { kind: 'secret'; key: ApiKeyRecord; tenant: TenantRecord }
  /** The account's control-plane key: every tenant through `/v1/cp/…`, nothing else. */
  | { kind: 'controlPlane' }
  | {
      kind: 'access'
      token: string
      claims: AccessTokenClaims
      session: SessionRecord
      user: UserRecord
      tenant: TenantRecord
    }
  | {
      kind: 'enrollment'
      token: string
      user: UserRecord
      tenant: TenantRecord
      azp: string
      org_id: string | null
    }

/** Prefix of MFA enrollment tokens (accepted only by the enrollment endpoints). */
export const ENROLLMENT_TOKEN_PREFIX = 'enr_'

function bearer(request: Request): string | null {
  const header = request.headers.get('authorization')
  if (!header) return null
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return m?.[1] ?? null
}

function findKey(state: MockState, secret: string): ApiKeyRecord | undefined {
  for (const k of state.db.apiKeys.values()) if (k.secret === secret && k.revoked_at === null) return k
  return undefined
}

/** Prefix of control-plane keys. */
export const CONTROL_PLANE_KEY_PREFIX = 'cpk_'

/** The control-plane key of a state: the seed's `control_plane_key`, or the demo key `cpk_test_demo`. */
export function controlPlaneKeyOf(state: MockState): string {
  return state.seed.control_plane_key ?? DEMO.controlPlaneKey
}

/** Compares two secrets in time independent of where they differ. */
function sameSecret(a: string, b: string): boolean {
  let diff = a.length ^ b.length
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0)
  return diff === 0
}

const NAMES = {
  publishable: 'a publishable key',
  secret: 'a secret key',
  access: 'an access token',
  controlPlane: 'the control-plane key',
} as const

function wrongKind(kind: 'publishable' | 'secret' | 'access' | 'controlPlane', op: OperationMeta): ApiError {
  const wanted = op.schemes.map((s) => NAMES[s]).join(' or ')
  if (!op.statuses.includes('403')) {
    // the operation declares no 403: the credential is simply not one it accepts
    return new ApiError(
      401,
      'unauthorized',
      `${op.method.toUpperCase()} ${op.path} needs ${wanted}; ${NAMES[kind]} is not accepted here.`,
    )
  }
  if (kind === 'publishable')
    return new ApiError(
      403,
      'forbidden',
      `A publishable key cannot call ${op.method.toUpperCase()} ${op.path}; use ${wanted}${op.schemes.includes('secret') ? ' from your server' : ''}.`,
    )
  return new ApiError(
    403,
    'forbidden',
    `${NAMES[kind][0]?.toUpperCase()}${NAMES[kind].slice(1)} cannot call ${op.method.toUpperCase()} ${op.path}; use ${wanted}.`,
  )
}

/**
 * Checks the Authorization header against what the operation accepts: missing → 401 `unauthorized`; unknown
 * key → 401 `unauthorized`; a credential of the wrong kind (e.g. a publishable key on a secret-key path) →
 * 403 `forbidden`; a bad or expired JWT → 401 `invalid_token` / `token_expired`.
 */
export async function authenticate(
  state: MockState,
  request: Request,
  op: OperationMeta,
  acceptsEnrollmentToken: boolean,
): Promise<AuthContext> {
  if (op.schemes.length === 0) return { kind: 'none' }
  const token = bearer(request)
  if (!token) {
    const hint = op.schemes.map((s) => NAMES[s]).join(' or ')
    throw new ApiError(
      401,
      'unauthorized',
      `Missing bearer token: send Authorization: Bearer <token> with ${hint}.`,
    )
  }
  if (token.startsWith(CONTROL_PLANE_KEY_PREFIX)) {
    if (!sameSecret(token, controlPlaneKeyOf(state)))
      throw new ApiError(401, 'unauthorized', 'This control-plane key is not valid.')
    if (!op.schemes.includes('controlPlane')) throw wrongKind('controlPlane', op)
    return { kind: 'controlPlane' }
  }
  if (/^pk_(live|test)_/.test(token) || /^sk_(live|test)_/.test(token)) {
    const kind = token.startsWith('pk_') ? 'publishable' : 'secret'
    const key = findKey(state, token)
    if (!key || key.type !== kind)
      throw new ApiError(401, 'unauthorized', `This ${kind} key is not valid (unknown or revoked).`)
    const tenant = state.db.tenants.get(key.tenant_id)
    if (!tenant) throw new ApiError(401, 'unauthorized', 'The key belongs to a tenant that no longer exists.')
    if (!op.schemes.includes(kind)) throw wrongKind(kind, op)
    key.last_used_at = state.clock.now()
    return kind === 'publishable' ? { kind: 'publishable', key, tenant } : { kind: 'secret', key, tenant }
  }
  if (token.startsWith(ENROLLMENT_TOKEN_PREFIX)) {
    if (!acceptsEnrollmentToken) {
      const status = op.statuses.includes('403') ? 403 : 401
      throw new ApiError(
        status,
        status === 403 ? 'forbidden' : 'unauthorized',
        'An enrollment token only works on the MFA enrollment endpoints; finish enrolling a factor first.',
      )
    }
    const rec = state.db.enrollmentTokens.get(token)
    if (!rec) throw new ApiError(401, 'invalid_token', 'The enrollment token is not valid. Sign in again.')
    if (rec.expires_at <= state.clock.now())
      throw new ApiError(
        401,
        'token_expired',
        'The enrollment token has expired (15 minutes). Sign in again.',
      )
    const user = state.db.users.get(rec.user_id)
    const tenant = state.db.tenants.get(rec.tenant_id)
    if (!user || !tenant)
      throw new ApiError(401, 'invalid_token', 'The enrollment token is not valid. Sign in again.')
    return { kind: 'enrollment', token, user, tenant, azp: rec.azp, org_id: rec.org_id }
  }
  const result = await verifyAccessToken(state.keys, token, state.clock.seconds())
  if (!result.ok) {
    if (result.reason === 'expired')
      throw new ApiError(401, 'token_expired', 'The access token has expired; refresh it.')
    throw new ApiError(
      401,
      'invalid_token',
      'The access token is not valid (bad signature, unknown key or malformed).',
    )
  }
  if (!op.schemes.includes('access')) throw wrongKind('access', op)
  const claims = result.claims
  const user = state.db.users.get(claims.sub)
  const tenant = state.db.tenants.get(claims.tenant_id)
  if (!user || !tenant || user.tenant_id !== tenant.id)
    throw new ApiError(401, 'invalid_token', 'The user of this access token no longer exists.')
  if (user.status === 'banned') throw new ApiError(403, 'user_banned', 'This user is banned.')
  // HelloJohn's own endpoints can see the session, so they refuse tokens of a session that ended (signed out,
  // revoked, expired); only tokens verified elsewhere, locally against the JWKS, stay valid until `exp`.
  const session = state.db.sessions.get(claims.sid)
  if (!session || !isSessionActive(state, session)) {
    throw new ApiError(
      401,
      'session_revoked',
      'The session of this access token has been signed out or has expired. Sign in again.',
    )
  }
  return { kind: 'access', token, claims, session, user, tenant }
}
