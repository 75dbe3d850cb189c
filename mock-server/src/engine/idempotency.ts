/** A stored response for an idempotency key. */
export interface StoredResponse {
  status: number
  headers: [string, string][]
  body: string
}

interface IdempotencyRecord {
  fingerprint: string
  response: StoredResponse
  expires_at: number
}

/** What the store says about a key. */
export type IdempotencyLookup =
  { kind: 'miss' } | { kind: 'replay'; response: StoredResponse } | { kind: 'reused' }

/** Idempotency-Key records, kept 24 hours on the engine clock. */
export interface IdempotencyStore {
  lookup(scope: string, key: string, fingerprint: string, nowMs: number): IdempotencyLookup
  save(scope: string, key: string, fingerprint: string, response: StoredResponse, nowMs: number): void
  clear(): void
  size(): number
}

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000

/**
 * Creates an empty store. Same scope + key + fingerprint (the request body) replays the stored response; the
 * same key with another fingerprint is `reused`.
 *
 * @example
 * ```ts
 * const store = createIdempotencyStore()
 * store.save('sk_test_demo POST /v1/users', 'k1', '{"email":"a@b.c"}', { status: 201, headers: [], body: '{}' }, Date.now())
 * store.lookup('sk_test_demo POST /v1/users', 'k1', '{"email":"x@y.z"}', Date.now()) // { kind: 'reused' }
 * ```
 */
export function createIdempotencyStore(): IdempotencyStore {
  let records = new Map<string, IdempotencyRecord>()
  return {
    lookup(scope, key, fingerprint, nowMs) {
      const id = `${scope}\u0000${key}`
      const rec = records.get(id)
      if (!rec) return { kind: 'miss' }
      if (rec.expires_at <= nowMs) {
        records.delete(id)
        return { kind: 'miss' }
      }
      return rec.fingerprint === fingerprint ? { kind: 'replay', response: rec.response } : { kind: 'reused' }
    },
    save(scope, key, fingerprint, response, nowMs) {
      records.set(`${scope}\u0000${key}`, { fingerprint, response, expires_at: nowMs + IDEMPOTENCY_TTL_MS })
    },
    clear() {
      records = new Map()
    },
    size: () => records.size,
  }
}
