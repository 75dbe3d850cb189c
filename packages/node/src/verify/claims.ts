import type { components } from '@hellojohn/js'
import type { JWTPayload } from 'jose'

type SpecClaims = components['schemas']['AccessTokenClaims']

/**
 * The claims of a verified HelloJohn access token: the spec's `AccessTokenClaims` schema (its descriptions
 * show in your editor) with the registered claims required, HelloJohn's own claims optional (a machine token
 * has no `sid`), `mfa_verified` always a boolean, and the RFC claims some issuers add (`nbf`, `amr`).
 * Anything else (the tenant's `jwt_claims`: static values, user and tenant metadata) is available by name as
 * `unknown`.
 *
 * The `tid` and `amr` forms some issuers use are normalised: `tenant_id` falls back to `tid`, and
 * `mfa_verified` is `true` when the claim says so or when `amr` lists a second factor (`mfa`, `otp`, `hwk`,
 * `swk`, `sms`, …).
 *
 * @example
 * ```ts
 * const claims = await verifyToken(token, { baseUrl: 'http://localhost:3000', tenantId: 'tnt_demo' })
 * claims.sub          // 'usr_…'
 * claims.tenant_id    // 'tnt_demo'
 * claims.mfa_verified // boolean
 * claims.plan         // unknown: a custom claim
 * ```
 */
export type HelloJohnClaims = Pick<SpecClaims, 'iss' | 'sub' | 'aud' | 'exp' | 'iat'> &
  Partial<SpecClaims> & {
    /** True once a second factor was verified in this session (from `mfa_verified` or `amr`). */
    mfa_verified: boolean
    /** Not before, unix seconds, when the issuer sets it. */
    nbf?: number
    /** Authentication methods references (RFC 8176), when the issuer sets them. */
    amr?: string[]
    /** Present on impersonation tokens: who is acting as `sub` (an API key or a user id). */
    act?: { sub: string; [claim: string]: unknown }
    /** The user's public metadata, when the tenant copies it into tokens. */
    public_metadata?: Record<string, unknown>
    /** Any other (custom) claim. */
    [claim: string]: unknown
  }

/** `amr` values (RFC 8176 and common usage) that mean a second factor was verified. */
const MFA_AMR_VALUES = new Set(['mfa', 'otp', 'hwk', 'swk', 'sms', 'totp', 'webauthn', 'fido', 'sc', 'mca'])

/**
 * Maps a verified JWT payload onto {@link HelloJohnClaims}: `tid` → `tenant_id`, `amr` → `mfa_verified`.
 * Normalises and deeply freezes the payload IN PLACE and returns it (results are shared through the
 * verified-token cache, so nobody may mutate them): pass a payload nobody else holds, such as the one
 * `jwtVerify` just parsed.
 */
export function normalizeClaims(payload: JWTPayload): Readonly<HelloJohnClaims> {
  const claims: Record<string, unknown> = payload
  if (typeof claims.tenant_id !== 'string' && typeof payload.tid === 'string') claims.tenant_id = payload.tid
  const amr = Array.isArray(payload.amr)
    ? payload.amr.filter((v): v is string => typeof v === 'string')
    : undefined
  claims.mfa_verified =
    payload.mfa_verified === true ||
    (amr !== undefined && amr.some((v) => MFA_AMR_VALUES.has(v.toLowerCase())))
  return deepFreeze(claims) as Readonly<HelloJohnClaims>
}

/** Freezes the claims and every nested object/array (JSON data, so no cycles). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}
