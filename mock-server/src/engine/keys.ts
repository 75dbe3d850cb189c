import { exportJWK, generateKeyPair } from 'jose'
import { newId } from './ids'

/**
 * A public JSON Web Key (RFC 7517) as the JWKS endpoint publishes it. Declared here rather than imported from
 * the ESM-only jose, whose types in our .d.cts would break CommonJS projects under `module: node16` (TS1479).
 */
export type JWK = {
  kty?: string
  kid?: string
  alg?: string
  use?: string
  crv?: string
  x?: string
  [member: string]: unknown
}

/** One Ed25519 signing key of the mock. */
export interface SigningKey {
  kid: string
  privateKey: CryptoKey
  publicKey: CryptoKey
  publicJwk: JWK
  created_at: number
  /**
   * `active` signs new tokens; `retiring` still verifies and is published; `retired` is gone from the JWKS.
   */
  status: 'active' | 'retiring' | 'retired'
}

/** The signing keys, newest last. */
export interface KeyRing {
  keys: SigningKey[]
  /** The RSA key that signs ID tokens of clients registered with `id_token_signed_response_alg: RS256`. */
  rsa?: SigningKey
}

let rsaKey: Promise<SigningKey> | undefined

/**
 * The RS256 key for ID tokens (OIDC Discovery requires RS256 to be offered). Made once per process and shared
 * by every mock in it: RSA key generation costs tens of milliseconds, and a mock resets its state between
 * tests.
 *
 * @example
 * ```ts
 * const key = await rsaSigningKey()
 * key.publicJwk // { kty: 'RSA', n: '…', e: 'AQAB', kid: 'kid_…', alg: 'RS256', use: 'sig' }
 * ```
 */
export function rsaSigningKey(): Promise<SigningKey> {
  rsaKey ??= (async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', {
      modulusLength: 2048,
      extractable: true,
    })
    const now = Date.now()
    const kid = newId('kid', now)
    const jwk = await exportJWK(publicKey)
    return {
      kid,
      privateKey,
      publicKey,
      publicJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' },
      created_at: now,
      status: 'active' as const,
    }
  })()
  rsaKey.catch(() => {
    rsaKey = undefined
  })
  return rsaKey
}

/**
 * Generates a new Ed25519 key with jose and a `kid`.
 *
 * @example
 * ```ts
 * const key = await generateSigningKey(Date.now())
 * key.publicJwk // { kty: 'OKP', crv: 'Ed25519', x: '…', kid: 'kid_…', alg: 'EdDSA', use: 'sig' }
 * ```
 */
export async function generateSigningKey(nowMs: number): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  const kid = newId('kid', nowMs)
  const jwk = await exportJWK(publicKey)
  return {
    kid,
    privateKey,
    publicKey,
    publicJwk: { ...jwk, kid, alg: 'EdDSA', use: 'sig' },
    created_at: nowMs,
    status: 'active',
  }
}

/** The key that signs new tokens. */
export function activeKey(ring: KeyRing): SigningKey {
  const key = [...ring.keys].reverse().find((k) => k.status === 'active')
  if (!key) throw new Error('the key ring has no active signing key')
  return key
}

/**
 * Rotation: a new key becomes active and signs from now on; the previous active key keeps verifying (and
 * stays in the JWKS) until {@link retireKey} removes it.
 */
export async function rotateKeys(ring: KeyRing, nowMs: number): Promise<SigningKey> {
  const next = await generateSigningKey(nowMs)
  for (const k of ring.keys) if (k.status === 'active') k.status = 'retiring'
  ring.keys.push(next)
  return next
}

/**
 * Retires a key: tokens it signed stop verifying and it leaves the JWKS. Returns false for an unknown/active
 * kid.
 */
export function retireKey(ring: KeyRing, kid: string): boolean {
  const key = ring.keys.find((k) => k.kid === kid)
  if (!key || key.status === 'active') return false
  key.status = 'retired'
  return true
}

/** The public JWK set (active and retiring Ed25519 keys, then the RSA key of RS256 ID tokens). */
export function publicJwks(ring: KeyRing): { keys: JWK[] } {
  const keys = ring.keys.filter((k) => k.status !== 'retired').map((k) => ({ ...k.publicJwk }))
  return { keys: ring.rsa ? [...keys, { ...ring.rsa.publicJwk }] : keys }
}

/** The verification key for a `kid`, if it still verifies. */
export function verificationKey(ring: KeyRing, kid: string | undefined): SigningKey | undefined {
  return ring.keys.find((k) => k.kid === kid && k.status !== 'retired')
}
