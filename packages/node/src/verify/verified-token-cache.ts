import type { HelloJohnClaims } from './claims'
import type { TokenType } from './options'

/** A verified token as the verifier returns it and the cache keeps it (shared: never mutated). */
export interface VerifiedToken {
  /** The whole token: a cache hit requires this exact string. */
  token: string
  claims: Readonly<HelloJohnClaims>
  /** Ms since epoch after which the entry must not be returned. */
  expiresAt: number
  kid: string | undefined
  tokenType: TokenType
}

/** How many trailing characters of a token index the cache (the end of its signature). */
const KEY_CHARS = 32

/**
 * The map key of a token: its last `KEY_CHARS` (32) characters, the end of the signature (192 bits of it for
 * EdDSA), which is as good as unique among genuine tokens. Only an index: a hit also requires the whole token
 * to be equal, so two tokens that share an ending (a forged payload under a copied signature) never share an
 * entry.
 */
const keyOf = (token: string) => token.slice(-KEY_CHARS)

/**
 * A bounded LRU of tokens that already passed verification. An entry is returned only for the exact token it
 * was stored for, and never at or past its `expiresAt` (the token's `exp`, or `iat + maxTokenAge` when
 * sooner).
 *
 * Why not a digest of the token: the match must be exact (a hit returns claims without a signature check),
 * and hashing every token (pure-JS SHA-256; `crypto.subtle.digest` is asynchronous and costs a thread-pool
 * round trip on Node) made a cache miss slower than raw `jose.jwtVerify`. Why not the whole token as the map
 * key: the map then hashes all of a fresh token (hundreds of characters) on every lookup, a measurable share
 * of a miss; a short index plus one string comparison on a hit costs less. The tokens held here are ones the
 * server already holds in its request, bounded by `tokenCacheSize` and dropped at their expiry;
 * `clearCache()` forgets them all.
 */
export class VerifiedTokenCache {
  readonly #max: number
  readonly #entries = new Map<string, VerifiedToken>()

  constructor(max: number) {
    this.#max = max
  }

  get size(): number {
    return this.#entries.size
  }

  get(token: string, now: number): VerifiedToken | undefined {
    const key = keyOf(token)
    const entry = this.#entries.get(key)
    if (entry === undefined || entry.token !== token) return undefined
    this.#entries.delete(key)
    if (now >= entry.expiresAt) return undefined
    this.#entries.set(key, entry) // most recently used goes last
    return entry
  }

  set(entry: VerifiedToken): void {
    const key = keyOf(entry.token)
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    if (this.#entries.size > this.#max) {
      for (const oldest of this.#entries.keys()) {
        this.#entries.delete(oldest)
        if (this.#entries.size <= this.#max) break
      }
    }
  }

  delete(token: string): void {
    const key = keyOf(token)
    if (this.#entries.get(key)?.token === token) this.#entries.delete(key)
  }

  clear(): void {
    this.#entries.clear()
  }
}
