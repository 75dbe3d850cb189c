import type { HelloJohnClaims } from './claims'
import { createTokenVerifier, type TokenVerifier } from './create-token-verifier'
import { identityKey } from './identity-key'
import { withEnvironmentDefaults, type TokenVerifierOptions } from './options'

const MAX_MEMOISED = 32
const memo = new Map<string, TokenVerifier>()

function memoKey(options: Partial<TokenVerifierOptions>): string {
  const { fetch, now, jwks, jwksCache, ...plain } = options
  const sorted = Object.keys(plain)
    .sort()
    .map((k) => [k, plain[k as keyof typeof plain]])
  return [
    JSON.stringify(sorted),
    identityKey(fetch),
    identityKey(now),
    identityKey(jwks),
    identityKey(jwksCache),
  ].join('|')
}

/**
 * The verifier `verifyToken()` / `authenticateRequest()` use for these options: created once per distinct options
 * (objects and functions compared by identity), so calling them with inline options on every request still shares the
 * JWKS and the verified-token cache.
 */
export function verifierFor(options: Partial<TokenVerifierOptions> | undefined): TokenVerifier {
  const withEnv = withEnvironmentDefaults(options ?? {})
  const key = memoKey(withEnv)
  let verifier = memo.get(key)
  if (verifier === undefined) {
    verifier = createTokenVerifier(withEnv as TokenVerifierOptions)
    memo.set(key, verifier)
    if (memo.size > MAX_MEMOISED) memo.delete(memo.keys().next().value as string)
  }
  return verifier
}

/**
 * Verifies a HelloJohn access token locally (JWKS, EdDSA) and returns its claims; throws a
 * `HelloJohnTokenVerificationError` with a stable `reason` on any failure.
 *
 * With no options it reads `HELLOJOHN_BASE_URL` (or `HELLOJOHN_ISSUER`, optionally `HELLOJOHN_JWKS_URL`) and
 * `HELLOJOHN_TENANT_ID` (or `HELLOJOHN_AUDIENCE`) from the environment; given options win over the environment. The
 * tenant is required: without it this throws a `HelloJohnConfigError` (`config_invalid_tenant_id`). For a hot path, prefer one {@link createTokenVerifier} made at
 * start-up (this function memoises one per distinct options anyway).
 *
 * @example
 * ```ts
 * import { verifyToken } from '@hellojohn/node'
 *
 * // HELLOJOHN_BASE_URL=http://localhost:3000 HELLOJOHN_TENANT_ID=tnt_demo
 * const user = await verifyToken(req.body.token)
 * console.log(user.sub, user.tenant_id, user.mfa_verified)
 *
 * // or explicitly
 * const claims = await verifyToken(token, { issuer: 'https://auth.example.com', audience: 'tnt_01H…' })
 * ```
 */
export async function verifyToken(
  token: string,
  options?: Partial<TokenVerifierOptions>,
): Promise<Readonly<HelloJohnClaims>> {
  return verifierFor(options).verify(token)
}
