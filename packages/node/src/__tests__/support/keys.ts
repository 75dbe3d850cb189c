import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose'

export const ISSUER = 'https://auth.test.hellojohn.dev'
export const AUDIENCE = 'tnt_demo'

export interface TestKey {
  kid: string
  privateKey: CryptoKey
  publicKey: CryptoKey
  publicJwk: JWK
}

/** An Ed25519 key pair with its public JWK (kid, alg, use set), as the HelloJohn server publishes it. */
export async function createTestKey(
  kid = `key_${Math.random().toString(36).slice(2, 10)}`,
): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }
  return { kid, privateKey, publicKey, publicJwk }
}

export interface SignOptions {
  /** Seconds relative to now (negative = past). Default +900. */
  expiresIn?: number
  /** Seconds relative to now. Default 0. */
  issuedAt?: number
  notBefore?: number
  issuer?: string
  audience?: string | string[]
  header?: Record<string, unknown>
  /** Unix seconds used as "now" (default real time). */
  now?: number
}

/**
 * Signs an access token shaped like HelloJohn's (RFC 9068: header `typ: at+jwt`; sub, sid, client_id,
 * tenant_id, azp, email, role, mfa_verified…), with jose directly (not the SDK, not the mock).
 */
export async function signToken(
  key: TestKey,
  claims: JWTPayload = {},
  options: SignOptions = {},
): Promise<string> {
  const now = options.now ?? Math.floor(Date.now() / 1000)
  const jwt = new SignJWT({
    sub: 'usr_01HALICE',
    sid: 'ses_01HSESSION',
    tenant_id: AUDIENCE,
    azp: 'pk_test_demo',
    client_id: 'pk_test_demo',
    email: 'alice@example.com',
    role: 'member',
    mfa_verified: false,
    jti: `jti_${Math.random().toString(36).slice(2)}`,
    ...claims,
  })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'at+jwt', ...options.header })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt(now + (options.issuedAt ?? 0))
    .setExpirationTime(now + (options.expiresIn ?? 900))
  if (options.notBefore !== undefined) jwt.setNotBefore(now + options.notBefore)
  return jwt.sign(key.privateKey)
}

const b64url = (value: unknown) =>
  btoa(typeof value === 'string' ? value : JSON.stringify(value))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')

/** Builds a compact JWS from raw parts (for forged tokens: alg none, HS256…). */
export function rawJws(header: unknown, payload: unknown, signature = ''): string {
  return `${b64url(header)}.${b64url(payload)}.${signature}`
}

/** A standard payload for forged tokens. */
export function forgedPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000)
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'usr_01HMALLORY',
    iat: now,
    exp: now + 900,
    role: 'admin',
    ...overrides,
  }
}
