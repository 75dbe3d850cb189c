import { base64url, randomString, webCrypto } from './util/random'

/** A PKCE verifier and its S256 challenge. */
export interface PkcePair {
  /** Keep secret until the token exchange (43 base64url characters). */
  verifier: string
  /** `BASE64URL(SHA-256(verifier))`, sent as `code_challenge` with `code_challenge_method=S256`. */
  challenge: string
}

/**
 * Creates a PKCE pair (RFC 7636, S256) with WebCrypto.
 *
 * @example
 * ```ts
 * const { verifier, challenge } = await createPkcePair()
 * url.searchParams.set('code_challenge', challenge)
 * url.searchParams.set('code_challenge_method', 'S256')
 * ```
 */
export async function createPkcePair(): Promise<PkcePair> {
  const verifier = randomString(32)
  const digest = await webCrypto().subtle.digest('SHA-256', new TextEncoder().encode(verifier))
  return { verifier, challenge: base64url(new Uint8Array(digest)) }
}

/**
 * A random, URL-safe value for the OAuth `state` or OIDC `nonce` parameter (256 bits).
 *
 * @example
 * ```ts
 * const state = createRandomState()
 * ```
 */
export const createRandomState = (): string => randomString(32)
