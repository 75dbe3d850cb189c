import type { HelloJohnClaims } from './claims'
import type { TokenType } from './options'

/** A verified token as the verifier returns it and the cache keeps it (shared: never mutated). */
export interface VerifiedToken {
  claims: Readonly<HelloJohnClaims>
  /** Ms since epoch after which the entry must not be returned. */
  expiresAt: number
  kid: string | undefined
  tokenType: TokenType
}

/**
 * A bounded LRU of tokens that already passed verification, keyed by the token string itself. An entry is never
 * returned at or past its `expiresAt` (the token's `exp`, or `iat + maxTokenAge` when sooner).
 *
 * Why the token and not a digest of it: the key must be exact (a hit returns claims without a signature check), and
 * hashing every token (pure-JS SHA-256; `crypto.subtle.digest` is asynchronous and costs a thread-pool round trip on
 * Node) made a cache miss slower than raw `jose.jwtVerify`. The tokens held here are ones the server already holds in
 * its request, bounded by `tokenCacheSize` and dropped at their expiry; `clearCache()` forgets them all.
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

  get(key: string, now: number): VerifiedToken | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    this.#entries.delete(key)
    if (now >= entry.expiresAt) return undefined
    this.#entries.set(key, entry) // most recently used goes last
    return entry
  }

  set(key: string, entry: VerifiedToken): void {
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next()
      if (oldest.done === true) break
      this.#entries.delete(oldest.value)
    }
  }

  delete(key: string): void {
    this.#entries.delete(key)
  }

  clear(): void {
    this.#entries.clear()
  }
}
