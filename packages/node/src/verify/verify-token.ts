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
 * The options a verifier was made for, flattened (`[name, value, name, value…]`, arrays copied) so that a
 * later call with the same options object can be recognised without building the memo key. Undefined when a
 * value cannot be compared that cheaply and exactly (a URL, a nested object): such calls always take the
 * memo-key path.
 */
type Snapshot = unknown[]

function snapshotOf(options: Record<string, unknown>): Snapshot | undefined {
  const snapshot: unknown[] = []
  for (const name of Object.keys(options)) {
    const value = options[name]
    if (Array.isArray(value)) {
      if (!value.every(isPrimitive)) return undefined
      snapshot.push(name, [...value])
    } else if (isPrimitive(value) || typeof value === 'function' || IDENTITY_KEYED.has(name)) {
      snapshot.push(name, value)
    } else {
      return undefined
    }
  }
  return snapshot
}

/** True when the options hold exactly what the snapshot holds: same names in the same order, same values. */
function matches(options: Record<string, unknown>, snapshot: Snapshot): boolean {
  const names = Object.keys(options)
  if (names.length * 2 !== snapshot.length) return false
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!
    if (name !== snapshot[2 * i]) return false
    const value = options[name]
    const expected = snapshot[2 * i + 1]
    if (Array.isArray(value)) {
      if (!Array.isArray(expected) || value.length !== expected.length) return false
      for (let j = 0; j < value.length; j++) if (value[j] !== expected[j]) return false
    } else if (value !== expected) {
      return false
    }
  }
  return true
}

const isPrimitive = (value: unknown) =>
  value === null || (typeof value !== 'object' && typeof value !== 'function')

/** Options that the memo key compares by identity, not by content. */
const IDENTITY_KEYED: ReadonlySet<string> = new Set(['fetch', 'now', 'jwks', 'jwksCache'])

/**
 * The verifier last handed out for an options object (keyed by the caller's object; `NO_OPTIONS` stands for
 * none), with the options it was made for after the environment defaults. An app passing one options object
 * on every request is answered from here: the environment defaults are still applied on every call (the
 * environment may change) and the result compared value by value with the snapshot, but the memo key (sorting
 * and serialising the options, a few microseconds: a measurable share of a verification) is built only when
 * something differs.
 */
const recent = new WeakMap<object, { snapshot: Snapshot; verifier: TokenVerifier }>()
const NO_OPTIONS = {}

/**
 * The verifier `verifyToken()` / `authenticateRequest()` use for these options: created once per distinct
 * options (objects and functions compared by identity), so calling them with inline options on every request
 * still shares the JWKS and the verified-token cache.
 */
export function verifierFor(options: Partial<TokenVerifierOptions> | undefined): TokenVerifier {
  const withEnv = withEnvironmentDefaults(options ?? {})
  const last = recent.get(options ?? NO_OPTIONS)
  if (last !== undefined && matches(withEnv, last.snapshot)) return last.verifier
  const key = memoKey(withEnv)
  let verifier = memo.get(key)
  if (verifier === undefined) {
    verifier = createTokenVerifier(withEnv as TokenVerifierOptions)
    memo.set(key, verifier)
    if (memo.size > MAX_MEMOISED) memo.delete(memo.keys().next().value as string)
  }
  const snapshot = snapshotOf(withEnv)
  if (snapshot !== undefined) recent.set(options ?? NO_OPTIONS, { snapshot, verifier })
  return verifier
}

/**
 * Verifies a HelloJohn access token locally (JWKS, EdDSA) and returns its claims; throws a
 * `HelloJohnTokenVerificationError` with a stable `reason` on any failure.
 *
 * With no options it reads `HELLOJOHN_BASE_URL` (or `HELLOJOHN_ISSUER`, optionally `HELLOJOHN_JWKS_URL`) and
 * `HELLOJOHN_TENANT_ID` (or `HELLOJOHN_AUDIENCE`) from the environment; given options win over the
 * environment. The tenant is required: without it this throws a `HelloJohnConfigError`
 * (`config_invalid_tenant_id`). For a hot path, prefer one {@link createTokenVerifier} made at start-up (this
 * function memoises one per distinct options anyway).
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
export function verifyToken(
  token: string,
  options?: Partial<TokenVerifierOptions>,
): Promise<Readonly<HelloJohnClaims>> {
  let verifier: TokenVerifier
  try {
    verifier = verifierFor(options)
  } catch (error) {
    // Invalid options reject, as they always did, rather than throw synchronously.
    return Promise.reject(error)
  }
  // Not an async function: returning the verifier's promise from one would cost two more microtask turns per
  // call.
  return verifier.verify(token)
}
