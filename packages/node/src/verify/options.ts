import { HelloJohnConfigError } from '@hellojohn/js'
import type { JSONWebKeySet } from './jwk-types'
import type { JwksCache } from './jwks-cache'

/**
 * Options of {@link createTokenVerifier} and `verifyToken()`.
 *
 * @example
 * ```ts
 * const options: TokenVerifierOptions = {
 *   issuer: 'http://localhost:3000',   // JWKS at http://localhost:3000/.well-known/jwks.json
 *   audience: 'tnt_demo',
 *   authorizedParties: ['pk_test_demo'],
 *   requireMfa: true,
 * }
 * ```
 */
export interface TokenVerifierOptions {
  /** Expected `iss`: the HelloJohn base URL, e.g. `https://auth.example.com`. */
  issuer: string
  /** Where the public keys are. Default `${issuer}/.well-known/jwks.json`. */
  jwksUrl?: string | URL
  /** A local JWK set: verify with these keys only, never touch the network. */
  jwks?: JSONWebKeySet
  /** A JWKS cache to use (share one between verifiers); default: one shared per `jwksUrl`. */
  jwksCache?: JwksCache
  /** Expected `aud` (your tenant id); one of several when an array. Not checked when omitted. */
  audience?: string | string[]
  /** Accepted `azp` values (publishable keys / OAuth client ids). Not checked when omitted. */
  authorizedParties?: string[]
  /** Leeway for `exp`, `nbf` and `iat`, in seconds. Default 5. */
  clockTolerance?: number
  /** Reject tokens whose `iat` is older than this many seconds, whatever their `exp`. */
  maxTokenAge?: number
  /** Reject tokens that are not `mfa_verified` (reason `token_mfa_required`). */
  requireMfa?: boolean
  /** Accepted JWS algorithms. Default `['EdDSA']`. `none` and the `HS*` family are refused. */
  algorithms?: string[]
  /** Fetch used for the JWKS (default `globalThis.fetch`, looked up at call time). */
  fetch?: typeof fetch
  /** How long fetched keys are used before refetching, ms. Default 10 minutes. */
  jwksCacheTtlMs?: number
  /** Minimum time between refetches caused by an unknown `kid` or a failure, ms. Default 30 s. */
  jwksCooldownMs?: number
  /** JWKS request timeout, ms. Default 5 s. */
  jwksTimeoutMs?: number
  /** How many verified tokens to remember (by SHA-256). Default 1000; 0 turns the cache off. */
  tokenCacheSize?: number
  /** Longest token accepted, in characters, checked before any parsing. Default 8192. */
  maxTokenLength?: number
  /** Clock in milliseconds (default `Date.now`); inject one in tests. */
  now?: () => number
}

/** The options after defaults and validation. */
export interface ResolvedVerifierOptions {
  issuer: string
  jwksUrl: string
  jwks: JSONWebKeySet | undefined
  jwksCache: JwksCache | undefined
  audience: string | string[] | undefined
  authorizedParties: readonly string[] | undefined
  clockTolerance: number
  maxTokenAge: number | undefined
  requireMfa: boolean
  algorithms: string[]
  fetch: typeof fetch | undefined
  jwksCacheTtlMs: number | undefined
  jwksCooldownMs: number | undefined
  jwksTimeoutMs: number | undefined
  tokenCacheSize: number
  maxTokenLength: number
  now: (() => number) | undefined
}

const ALLOWED_ALGORITHMS = new Set([
  'EdDSA',
  'Ed25519',
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
])

function invalid(option: string, message: string): HelloJohnConfigError {
  return new HelloJohnConfigError('config_invalid', message, { option })
}

function absoluteUrl(value: string | URL, option: string): URL {
  let url: URL
  try {
    url = new URL(String(value))
  } catch {
    throw invalid(
      option,
      `${option} must be an absolute URL such as https://auth.example.com (got "${String(value)}").`,
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(option, `${option} must be an http(s) URL (got "${url.protocol}").`)
  }
  return url
}

function nonNegative(value: number | undefined, option: string): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
    throw invalid(option, `${option} must be a non-negative number (got ${String(value)}).`)
  }
}

/**
 * Reads an environment variable where a `process` exists (Node, Bun, Deno's Node mode); undefined on edge runtimes
 * and where reading it is not allowed (Deno without --allow-env throws on access).
 */
export function readEnv(name: string): string | undefined {
  let value: unknown
  try {
    const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    value = proc?.env?.[name]
  } catch {
    return undefined
  }
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

/**
 * Fills `issuer`, `jwksUrl` and `audience` from `HELLOJOHN_ISSUER`, `HELLOJOHN_JWKS_URL` and `HELLOJOHN_AUDIENCE`
 * when the caller did not give them.
 */
export function withEnvironmentDefaults(
  options: Partial<TokenVerifierOptions> = {},
): Partial<TokenVerifierOptions> {
  const issuer = options.issuer ?? readEnv('HELLOJOHN_ISSUER')
  const jwksUrl =
    options.jwksUrl ??
    (options.jwks === undefined && options.jwksCache === undefined
      ? readEnv('HELLOJOHN_JWKS_URL')
      : undefined)
  const audience = options.audience ?? readEnv('HELLOJOHN_AUDIENCE')
  return {
    ...options,
    ...(issuer === undefined ? {} : { issuer }),
    ...(jwksUrl === undefined ? {} : { jwksUrl }),
    ...(audience === undefined ? {} : { audience }),
  }
}

/** Validates options and applies defaults; throws a {@link HelloJohnConfigError} naming the option to fix. */
export function resolveVerifierOptions(
  options: Partial<TokenVerifierOptions> | undefined,
): ResolvedVerifierOptions {
  if (options === undefined || options === null || typeof options !== 'object') {
    throw invalid('options', 'Token verification needs options: pass { issuer } (or set HELLOJOHN_ISSUER).')
  }
  const { issuer } = options
  if (typeof issuer !== 'string' || issuer === '') {
    throw invalid(
      'issuer',
      'Token verification needs the issuer (your HelloJohn base URL): pass { issuer: "https://auth.example.com" } or set HELLOJOHN_ISSUER.',
    )
  }
  const issuerUrl = absoluteUrl(issuer, 'issuer')
  const jwksUrl =
    options.jwksUrl !== undefined
      ? absoluteUrl(options.jwksUrl, 'jwksUrl').href
      : new URL('.well-known/jwks.json', issuerUrl.href.endsWith('/') ? issuerUrl.href : `${issuerUrl.href}/`)
          .href

  if (
    options.jwks !== undefined &&
    (typeof options.jwks !== 'object' || options.jwks === null || !Array.isArray(options.jwks.keys))
  ) {
    throw invalid('jwks', 'jwks must be a JSON Web Key Set: { keys: [ …public JWKs ] }.')
  }
  // One key source only: options that configure a source the verifier will not use are a mistake, not a no-op.
  if (options.jwks !== undefined || options.jwksCache !== undefined) {
    const source = options.jwks !== undefined ? 'jwks' : 'jwksCache'
    const unused = (
      ['jwksUrl', 'fetch', 'jwksCacheTtlMs', 'jwksCooldownMs', 'jwksTimeoutMs'] as const
    ).filter((name) => options[name] !== undefined)
    if (options.jwks !== undefined && options.jwksCache !== undefined) unused.unshift('jwksCache' as never)
    if (unused.length > 0) {
      throw invalid(
        unused[0]!,
        `${unused.join(', ')} cannot be combined with ${source}: ${
          source === 'jwks'
            ? 'a local key set never fetches'
            : 'configure the cache itself in createJwksCache({ … })'
        }.`,
      )
    }
  }
  const algorithms = options.algorithms ?? ['EdDSA']
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    throw invalid('algorithms', 'algorithms must be a non-empty array, e.g. ["EdDSA"].')
  }
  for (const alg of algorithms) {
    if (!ALLOWED_ALGORITHMS.has(alg)) {
      throw invalid(
        'algorithms',
        `Algorithm "${String(alg)}" cannot be used to verify tokens against public keys (allowed: ${[...ALLOWED_ALGORITHMS].join(', ')}); "none" and HS* are always refused.`,
      )
    }
  }
  const audience = options.audience
  if (
    audience !== undefined &&
    !(typeof audience === 'string' && audience !== '') &&
    !(
      Array.isArray(audience) &&
      audience.length > 0 &&
      audience.every((a) => typeof a === 'string' && a !== '')
    )
  ) {
    throw invalid(
      'audience',
      'audience must be a non-empty string (your tenant id) or a non-empty array of strings.',
    )
  }
  const parties = options.authorizedParties
  if (
    parties !== undefined &&
    (!Array.isArray(parties) ||
      parties.length === 0 ||
      !parties.every((p) => typeof p === 'string' && p !== ''))
  ) {
    throw invalid(
      'authorizedParties',
      'authorizedParties must be a non-empty array of publishable keys / client ids.',
    )
  }
  nonNegative(options.clockTolerance, 'clockTolerance')
  nonNegative(options.maxTokenAge, 'maxTokenAge')
  nonNegative(options.jwksCacheTtlMs, 'jwksCacheTtlMs')
  nonNegative(options.jwksCooldownMs, 'jwksCooldownMs')
  nonNegative(options.jwksTimeoutMs, 'jwksTimeoutMs')
  nonNegative(options.tokenCacheSize, 'tokenCacheSize')
  nonNegative(options.maxTokenLength, 'maxTokenLength')
  if (options.fetch !== undefined && typeof options.fetch !== 'function')
    throw invalid('fetch', 'fetch must be a function.')
  if (options.now !== undefined && typeof options.now !== 'function')
    throw invalid('now', 'now must be a function returning ms.')

  return {
    issuer,
    jwksUrl,
    jwks: options.jwks,
    jwksCache: options.jwksCache,
    audience,
    authorizedParties: parties === undefined ? undefined : [...parties],
    clockTolerance: options.clockTolerance ?? 5,
    maxTokenAge: options.maxTokenAge,
    requireMfa: options.requireMfa === true,
    algorithms: [...algorithms],
    fetch: options.fetch,
    jwksCacheTtlMs: options.jwksCacheTtlMs,
    jwksCooldownMs: options.jwksCooldownMs,
    jwksTimeoutMs: options.jwksTimeoutMs,
    tokenCacheSize: Math.floor(options.tokenCacheSize ?? 1000),
    maxTokenLength: options.maxTokenLength ?? 8192,
    now: options.now,
  }
}
