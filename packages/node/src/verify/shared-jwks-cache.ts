import { createJwksCache, type JwksCache, type JwksCacheOptions } from './jwks-cache'
import { identityKey } from './identity-key'

/**
 * One JWKS cache per (URL, fetch, clock, timings), shared by every verifier in the process: a hundred
 * verifiers of the same issuer still make one JWKS request.
 */
const registry = new Map<string, JwksCache>()
const MAX_SHARED = 64

/** Returns the process-wide cache for these options, creating it on first use. */
export function sharedJwksCache(options: JwksCacheOptions): JwksCache {
  const key = [
    String(options.url),
    identityKey(options.fetch),
    identityKey(options.now),
    options.ttlMs ?? '',
    options.cooldownMs ?? '',
    options.timeoutMs ?? '',
  ].join('|')
  let cache = registry.get(key)
  if (cache === undefined) {
    cache = createJwksCache(options)
    registry.set(key, cache)
    // Bounded: a caller creating a new fetch function per request must not grow this forever.
    if (registry.size > MAX_SHARED) registry.delete(registry.keys().next().value as string)
  }
  return cache
}
