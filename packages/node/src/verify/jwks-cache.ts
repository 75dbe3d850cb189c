import { createLocalJWKSet, errors as joseErrors, type JSONWebKeySet as JoseJSONWebKeySet } from 'jose'
import type { JSONWebKeySet, JWSHeaderParameters } from './jwk-types'
import { HelloJohnTokenVerificationError } from '../errors/token-verification-error'
import type { IssuerDiscovery, IssuerMetadata } from './discovery'

/*
 * Why not jose's createRemoteJWKSet: we need (1) one cache shared by every verifier of the same JWKS URL
 * (including the memoised ones behind `verifyToken()` and `authenticateRequest()`), (2) cached keys still
 * served when a refetch fails (jose drops to an error once its cache expires), (3) fetch counts and the last
 * error exposed for the benchmark and for health checks, (4) a typed HelloJohn error (`jwks_unavailable` /
 * `token_unknown_kid`) instead of jose's, and (5) an injectable fetch and clock that work the same on Node,
 * edge runtimes and in tests. Key selection and import are still jose's (`createLocalJWKSet` over each
 * fetched set).
 */

/** Options of {@link createJwksCache}. */
export interface JwksCacheOptions {
  /** Where the key set lives, e.g. `http://localhost:3000/.well-known/jwks.json`. */
  url: string | URL
  /**
   * Fetch implementation (default: `globalThis.fetch`, looked up at call time so MSW set up later
   * intercepts).
   */
  fetch?: typeof fetch
  /** How long a fetched key set is used before it is refetched. Default 10 minutes. */
  ttlMs?: number
  /**
   * Minimum time between two fetches triggered by an unknown `kid` or by a failure. Stops a flood of tokens
   * with random `kid`s (or an unreachable JWKS) from turning into a flood of requests. Default 30 seconds.
   */
  cooldownMs?: number
  /** Abort a JWKS request after this long. Default 5 seconds. */
  timeoutMs?: number
  /** Clock in milliseconds (default `Date.now`); inject one in tests. */
  now?: () => number
}

/** Counters of a {@link JwksCache}, for health checks, logs and the benchmark. */
export interface JwksCacheStats {
  /** JWKS requests started (successful or not). */
  fetches: number
  /** JWKS requests that failed (network error, timeout, non-2xx, not a key set). */
  failures: number
  /** Number of keys in the current set (0 before the first successful fetch). */
  keys: number
  /** When the current set was fetched (ms since epoch), if ever. */
  fetchedAt: number | undefined
  /** The last failure, if the last fetch failed. */
  lastError: HelloJohnTokenVerificationError | undefined
}

/** The key lookup used by the verifier; also implemented by local key sets. */
export interface KeyResolver {
  /**
   * Resolves the public key for a JWS header, fetching or refetching the set when needed. Returns the key
   * directly (no promise) when it is already resolved and fresh: the hot path of every verification.
   */
  getKey(header: JWSHeaderParameters): CryptoKey | Promise<CryptoKey>
  /**
   * True when the current set still holds `kid` (used to drop cached verifications after a key is retired).
   */
  hasKid(kid: string | undefined): boolean
  /**
   * The key that a token with this encoded protected header (its first segment, byte for byte) verified with
   * before, when the set is still fresh; `undefined` means "ask `getKey`". The header decides alg and kid, so
   * the same segment always selects the same key of a given set: the verifier hands jose the key itself and
   * skips a key callback per token. Forgotten whenever the set is refetched.
   */
  keyForEncodedHeader?(encodedHeader: string): CryptoKey | undefined
  /**
   * Remembers, for `keyForEncodedHeader`, the key a VERIFIED token's header resolved to. Ignored when `key`
   * is not the current set's key for that header (the set was refetched meanwhile). Bounded.
   */
  rememberEncodedHeader?(encodedHeader: string, header: JWSHeaderParameters, key: CryptoKey): void
}

/** A key resolver that can re-check its keys in the background (JWKS caches do; local key sets need not). */
export interface RevalidatingKeyResolver extends KeyResolver {
  /**
   * Starts a background refetch when the keys are past their TTL (never throws, never waits). The verifier
   * calls it on verified-token cache hits, which otherwise never look at the JWKS.
   */
  revalidate?(): void
}

/** A cached, self-refreshing JWKS. Create one with {@link createJwksCache}; share it between verifiers. */
export interface JwksCache extends RevalidatingKeyResolver {
  /** The URL it fetches. */
  readonly url: string
  /** Fetches the set now (joins a fetch already in flight). Rejects only when no keys are cached at all. */
  refresh(): Promise<void>
  /** Counters, see {@link JwksCacheStats}. */
  stats(): JwksCacheStats
}

type LocalSet = ReturnType<typeof createLocalJWKSet>

interface LoadedSet {
  resolve: LocalSet
  kids: Set<string | undefined>
  size: number
  /** Keys already resolved through jose, by (alg, kid): later lookups skip jose's per-call key selection. */
  resolved: Map<string, CryptoKey>
  /** Keys by the encoded protected header of tokens that verified with them (see `keyForEncodedHeader`). */
  byEncodedHeader: Map<string, CryptoKey>
}

const slot = (header: JWSHeaderParameters) => `${String(header.alg)}\u0000${header.kid ?? ''}`

/**
 * Distinct headers remembered per key set. An issuer's tokens share one header per signing key (alg, kid,
 * typ), so a handful suffice; only verified tokens are remembered, and the map is emptied when full, so it
 * cannot grow.
 */
const MAX_ENCODED_HEADERS = 16

function rememberEncodedHeader(
  set: LoadedSet,
  encodedHeader: string,
  header: JWSHeaderParameters,
  key: CryptoKey,
): void {
  if (set.resolved.get(slot(header)) !== key) return
  if (set.byEncodedHeader.size >= MAX_ENCODED_HEADERS) set.byEncodedHeader.clear()
  set.byEncodedHeader.set(encodedHeader, key)
}

const DEFAULT_TTL_MS = 10 * 60_000
const DEFAULT_COOLDOWN_MS = 30_000
const DEFAULT_TIMEOUT_MS = 5_000

/** Builds a jose key resolver over a key set, counting usable keys. Throws `jwks_unavailable` for garbage. */
export function loadKeySet(jwks: unknown, source: string): LoadedSet {
  const keys = typeof jwks === 'object' && jwks !== null ? (jwks as { keys?: unknown }).keys : undefined
  if (!Array.isArray(keys)) {
    throw new HelloJohnTokenVerificationError(
      'jwks_unavailable',
      `${source} is not a JSON Web Key Set: expected an object with a "keys" array.`,
    )
  }
  const usable = keys.filter(
    (k): k is { kty: string; kid?: unknown } =>
      typeof k === 'object' && k !== null && typeof (k as { kty?: unknown }).kty === 'string',
  )
  if (usable.length === 0) {
    throw new HelloJohnTokenVerificationError(
      'jwks_unavailable',
      `${source} holds no usable keys (every entry needs at least "kty"); tokens cannot be verified.`,
    )
  }
  let resolve: LocalSet
  try {
    resolve = createLocalJWKSet({ keys: usable } as JoseJSONWebKeySet)
  } catch (cause) {
    throw new HelloJohnTokenVerificationError(
      'jwks_unavailable',
      `${source} is not a valid JSON Web Key Set.`,
      {
        cause,
      },
    )
  }
  const kids = new Set(usable.map((k) => (typeof k.kid === 'string' ? k.kid : undefined)))
  return { resolve, kids, size: usable.length, resolved: new Map(), byEncodedHeader: new Map() }
}

/**
 * Resolves a key from a loaded set, turning jose's lookup errors into ours. `undefined` means "no such kid".
 */
async function lookup(set: LoadedSet, header: JWSHeaderParameters): Promise<CryptoKey | undefined> {
  try {
    const key = (await set.resolve(header)) as CryptoKey
    set.resolved.set(slot(header), key)
    return key
  } catch (error) {
    if (error instanceof joseErrors.JWKSNoMatchingKey) return undefined
    if (error instanceof joseErrors.JWKSMultipleMatchingKeys) {
      throw new HelloJohnTokenVerificationError(
        'token_unknown_kid',
        'Several keys of the JWKS match this token and it names no "kid"; the issuer must set "kid" in the token header.',
        { cause: error },
      )
    }
    if (error instanceof joseErrors.JOSENotSupported) {
      throw new HelloJohnTokenVerificationError(
        'token_alg_not_allowed',
        `Algorithm "${String(header.alg)}" cannot be verified with a JSON Web Key Set.`,
        { cause: error },
      )
    }
    throw new HelloJohnTokenVerificationError(
      'jwks_unavailable',
      `The JWKS key for kid "${String(header.kid)}" is unusable (not a valid public key for "${String(header.alg)}").`,
      { cause: error },
    )
  }
}

function unknownKid(header: JWSHeaderParameters, where: string): HelloJohnTokenVerificationError {
  return new HelloJohnTokenVerificationError(
    'token_unknown_kid',
    header.kid === undefined
      ? `The token names no "kid" and no single key of ${where} fits it.`
      : `No key with kid "${header.kid}" in ${where}: the token was signed by another issuer, or with a key that was retired.`,
  )
}

/**
 * A key resolver over a fixed, local JWK set: no network at all.
 *
 * @example
 * ```ts
 * const keys = createLocalKeyResolver({ keys: [publicJwk] })
 * ```
 */
export function createLocalKeyResolver(jwks: JSONWebKeySet): KeyResolver {
  const set = loadKeySet(jwks, 'The local "jwks" option')
  return {
    getKey(header) {
      return (
        set.resolved.get(slot(header)) ??
        lookup(set, header).then((key) => {
          if (key === undefined) throw unknownKid(header, 'the local "jwks" option')
          return key
        })
      )
    },
    hasKid: (kid) => set.kids.has(kid),
    keyForEncodedHeader: (encodedHeader) => set.byEncodedHeader.get(encodedHeader),
    rememberEncodedHeader: (encodedHeader, header, key) =>
      rememberEncodedHeader(set, encodedHeader, header, key),
  }
}

/**
 * Creates a JWKS cache: TTL, one fetch in flight at a time, refetch on an unknown `kid` (at most once per
 * cooldown), a fetch timeout, stale keys served when a refetch fails, and a clear `jwks_unavailable` error
 * (fail closed) when no keys can be had.
 *
 * @example
 * ```ts
 * import { createJwksCache, createTokenVerifier } from '@hellojohn/node'
 * const jwksCache = createJwksCache({ url: 'https://auth.example.com/.well-known/jwks.json' })
 * const verifier = createTokenVerifier({ issuer: 'https://auth.example.com', tenantId: 'tnt_demo', jwksCache })
 * console.log(jwksCache.stats().fetches)
 * ```
 */
export function createJwksCache(options: JwksCacheOptions): JwksCache {
  const url = String(options.url)
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS
  const cooldownMs = options.cooldownMs ?? DEFAULT_COOLDOWN_MS
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const now = options.now ?? Date.now
  const source = `The JWKS at ${url}`

  let current: LoadedSet | undefined
  let fetchedAt: number | undefined
  /** When the current set must be refetched (TTL, or cooldown after a failure). */
  let staleAt = 0
  let lastAttemptAt: number | undefined
  let lastError: HelloJohnTokenVerificationError | undefined
  let inflight: Promise<void> | undefined
  let fetches = 0
  let failures = 0

  async function download(): Promise<LoadedSet> {
    const fetchImpl = options.fetch ?? globalThis.fetch
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), timeoutMs)
    try {
      let response: Response
      try {
        response = await fetchImpl(url, {
          headers: { accept: 'application/json' },
          signal: controller.signal,
        })
      } catch (cause) {
        throw new HelloJohnTokenVerificationError(
          'jwks_unavailable',
          controller.signal.aborted
            ? `${source} did not answer within ${timeoutMs} ms (raise timeoutMs, or check the issuer is reachable).`
            : `${source} could not be fetched (network error); check the issuer URL and that the server is reachable.`,
          { cause },
        )
      }
      if (!response.ok) {
        throw new HelloJohnTokenVerificationError(
          'jwks_unavailable',
          `${source} answered HTTP ${response.status}; expected 200 with a JSON Web Key Set.`,
        )
      }
      let body: unknown
      try {
        body = await response.json()
      } catch (cause) {
        throw new HelloJohnTokenVerificationError(
          'jwks_unavailable',
          controller.signal.aborted
            ? `${source} did not finish sending within ${timeoutMs} ms.`
            : `${source} did not answer JSON; is jwksUrl right?`,
          { cause },
        )
      }
      return loadKeySet(body, source)
    } finally {
      clearTimeout(timer)
    }
  }

  function refresh(): Promise<void> {
    if (inflight) return inflight
    fetches++
    lastAttemptAt = now()
    inflight = download()
      .then(
        (set) => {
          current = set
          fetchedAt = now()
          staleAt = fetchedAt + ttlMs
          lastError = undefined
        },
        (error: unknown) => {
          failures++
          lastError =
            error instanceof HelloJohnTokenVerificationError
              ? error
              : new HelloJohnTokenVerificationError('jwks_unavailable', `${source} could not be loaded.`, {
                  cause: error,
                })
          // Serve what we have (stale-if-error); try again after the cooldown, not on every verification.
          staleAt = now() + cooldownMs
          if (current === undefined) throw lastError
        },
      )
      .finally(() => {
        inflight = undefined
      })
    return inflight
  }

  function getKey(header: JWSHeaderParameters): CryptoKey | Promise<CryptoKey> {
    if (inflight === undefined && current !== undefined && now() < staleAt) {
      const key = current.resolved.get(slot(header))
      if (key !== undefined) return key
    }
    return resolveKey(header)
  }

  async function resolveKey(header: JWSHeaderParameters): Promise<CryptoKey> {
    if (inflight) await inflight
    else if (current === undefined) {
      // Cold, or every fetch so far failed: fail fast during the cooldown instead of hammering the issuer.
      if (lastError !== undefined && lastAttemptAt !== undefined && now() - lastAttemptAt < cooldownMs)
        throw lastError
      await refresh()
    } else if (now() >= staleAt) {
      await refresh()
    }
    const set = current
    if (set === undefined) throw lastError ?? unknownKid(header, source)
    const key = await lookup(set, header)
    if (key !== undefined) return key

    // Unknown kid: maybe the issuer rotated its keys. Refetch, at most once per cooldown.
    if (inflight === undefined && lastAttemptAt !== undefined && now() - lastAttemptAt < cooldownMs) {
      throw unknownKid(header, source)
    }
    await refresh()
    const retried = current === undefined ? undefined : await lookup(current, header)
    if (retried === undefined) throw unknownKid(header, source)
    return retried
  }

  return {
    url,
    getKey,
    hasKid: (kid) => current === undefined || current.kids.has(kid),
    // Same freshness rule as getKey's synchronous path: past the TTL, or while a fetch runs, getKey decides.
    keyForEncodedHeader: (encodedHeader) =>
      inflight === undefined && current !== undefined && now() < staleAt
        ? current.byEncodedHeader.get(encodedHeader)
        : undefined,
    rememberEncodedHeader(encodedHeader, header, key) {
      if (current !== undefined) rememberEncodedHeader(current, encodedHeader, header, key)
    },
    revalidate() {
      if (inflight === undefined && current !== undefined && now() >= staleAt) {
        // Failures are recorded in stats().lastError and retried after the cooldown; nobody awaits this.
        refresh().catch(() => undefined)
      }
    },
    refresh,
    stats: () => ({ fetches, failures, keys: current?.size ?? 0, fetchedAt, lastError }),
  }
}

/**
 * A key resolver whose JWKS address comes from the issuer's OpenID configuration (`jwks_uri`): the first
 * lookup waits for discovery (shared, single flight), then every call goes straight to the JWKS cache
 * `keysFor` returns.
 */
export function discoveredKeyResolver(
  discovery: IssuerDiscovery,
  keysFor: (metadata: IssuerMetadata) => RevalidatingKeyResolver,
): RevalidatingKeyResolver {
  let resolved: RevalidatingKeyResolver | undefined
  const ready = (): RevalidatingKeyResolver | undefined => {
    if (resolved === undefined && discovery.current !== undefined) resolved = keysFor(discovery.current)
    return resolved
  }
  return {
    getKey(header) {
      const keys = ready()
      if (keys !== undefined) return keys.getKey(header)
      return Promise.resolve(discovery.get()).then((metadata) => {
        resolved ??= keysFor(metadata)
        return resolved.getKey(header)
      })
    },
    hasKid: (kid) => ready()?.hasKid(kid) ?? true,
    keyForEncodedHeader: (encodedHeader) => resolved?.keyForEncodedHeader?.(encodedHeader),
    rememberEncodedHeader: (encodedHeader, header, key) =>
      resolved?.rememberEncodedHeader?.(encodedHeader, header, key),
    revalidate: () => ready()?.revalidate?.(),
  }
}
