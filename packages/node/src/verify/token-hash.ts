import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'

const encoder = new TextEncoder()

/**
 * SHA-256 of a token, hex. The verified-token cache is keyed by this, never by the token itself, so a heap dump of
 * the cache holds no usable credentials.
 *
 * Synchronous (@noble/hashes) on purpose: `crypto.subtle.digest` is asynchronous and, on Node, costs a thread-pool
 * round trip that is a large fraction of a whole Ed25519 verification, which would defeat the cache.
 */
export function hashToken(token: string): string {
  return bytesToHex(sha256(encoder.encode(token)))
}
