import { SignJWT, decodeProtectedHeader, jwtVerify } from 'jose'
import { newId } from './ids'
import { activeKey, verificationKey } from './keys'
import type { KeyRing } from './keys'
import type { SessionRecord, TenantRecord, UserRecord } from './records'

/**
 * The claims of a HelloJohn access token (RFC 9068 JWT profile: `aud` = the tenant, `client_id` = the
 * client).
 */
export interface AccessTokenClaims {
  iss: string
  aud: string
  azp: string
  /** The OAuth client, or the publishable key, that created the session (RFC 9068 `client_id`). */
  client_id: string
  sub: string
  sid: string
  tenant_id: string
  org_id: string | null
  role: string
  mfa_verified: boolean
  email: string
  iat: number
  exp: number
  jti: string
  [claim: string]: unknown
}

const RESERVED = new Set([
  'iss',
  'aud',
  'azp',
  'client_id',
  'sub',
  'sid',
  'tenant_id',
  'org_id',
  'role',
  'mfa_verified',
  'email',
  'iat',
  'exp',
  'jti',
  'nbf',
  'act',
])

/**
 * The claims for a session's next access token: the standard ones plus the tenant's `jwt_claims` (static
 * values, keys from the user's metadata, keys from the tenant's metadata). Custom claims never replace a
 * standard one.
 *
 * @example
 * ```ts
 * const claims = buildAccessClaims({ issuer: 'http://localhost:3000', tenant, user, session, nowSec: 1_700_000_000, role: 'member' })
 * claims.exp - claims.iat // tenant.auth_config.session_config.access_token_ttl
 * ```
 */
export function buildAccessClaims(input: {
  issuer: string
  tenant: TenantRecord
  user: UserRecord
  session: SessionRecord
  nowSec: number
  role?: string
}): AccessTokenClaims {
  const { tenant, user, session } = input
  const custom: Record<string, unknown> = {}
  const jc = tenant.auth_config.jwt_claims
  // Only own keys (Object.hasOwn: "toString" or "__proto__" must not reach Object.prototype), and only the
  // user's public_metadata, which the user may edit: it never stands in for private_metadata, and it comes
  // first so the admin-set values (tenant metadata, static claims) win over a user's own.
  for (const k of jc.from_user_metadata)
    if (Object.hasOwn(user.public_metadata, k)) custom[k] = user.public_metadata[k]
  for (const k of jc.from_tenant_metadata)
    if (Object.hasOwn(tenant.metadata, k)) custom[k] = tenant.metadata[k]
  for (const [k, v] of Object.entries(jc.static)) custom[k] = v
  for (const k of Object.keys(custom)) if (RESERVED.has(k)) delete custom[k]
  const claims: AccessTokenClaims = {
    ...custom,
    iss: input.issuer,
    aud: tenant.id,
    azp: session.azp,
    client_id: session.azp,
    sub: user.id,
    sid: session.id,
    tenant_id: tenant.id,
    org_id: session.org_id,
    role: input.role ?? user.role,
    mfa_verified: session.mfa_verified,
    email: user.email,
    iat: input.nowSec,
    exp: input.nowSec + tenant.auth_config.session_config.access_token_ttl,
    jti: newId('jti', input.nowSec * 1000),
  }
  if (session.impersonator) claims['act'] = { sub: session.impersonator.id, type: session.impersonator.type }
  return claims
}

/**
 * The JWS `typ` of access tokens (RFC 9068 section 2.1): what tells them apart from ID tokens (`typ: JWT`).
 */
export const ACCESS_TOKEN_TYP = 'at+jwt'

/**
 * Signs claims with the active Ed25519 key (header `alg: EdDSA`, `typ: at+jwt`, `kid`). Also used for machine
 * (`client_credentials`) tokens, whose claims have `sub` = `client_id` and no `sid`.
 */
export async function signAccessToken(ring: KeyRing, claims: Record<string, unknown>): Promise<string> {
  const key = activeKey(ring)
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', typ: ACCESS_TOKEN_TYP, kid: key.kid })
    .sign(key.privateKey)
}

/** The outcome of {@link verifyAccessToken}. */
export type VerifyResult =
  | { ok: true; claims: AccessTokenClaims }
  | { ok: false; reason: 'malformed' | 'unknown_key' | 'expired' | 'invalid' }

/**
 * Verifies a token against the ring (active and retiring keys) at the engine's time.
 *
 * @example
 * ```ts
 * const r = await verifyAccessToken(state.keys, token, state.clock.seconds())
 * if (r.ok) r.claims.sub
 * ```
 */
export async function verifyAccessToken(ring: KeyRing, token: string, nowSec: number): Promise<VerifyResult> {
  let kid: string | undefined
  try {
    const header = decodeProtectedHeader(token)
    kid = header.kid
    // ID tokens (typ JWT) carry sid and tenant_id too: only an access token may authenticate an API call.
    if (header.alg !== 'EdDSA' || header.typ !== ACCESS_TOKEN_TYP) return { ok: false, reason: 'invalid' }
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  const key = verificationKey(ring, kid)
  if (!key) return { ok: false, reason: 'unknown_key' }
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: ['EdDSA'],
      currentDate: new Date(nowSec * 1000),
    })
    const p = payload as Partial<AccessTokenClaims>
    if (typeof p.sub !== 'string' || typeof p.sid !== 'string' || typeof p.tenant_id !== 'string')
      return { ok: false, reason: 'invalid' }
    return { ok: true, claims: payload as AccessTokenClaims }
  } catch (e) {
    const code = (e as { code?: string }).code
    return { ok: false, reason: code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid' }
  }
}
