import { HelloJohnConfigError } from '@hellojohn/js'
import type { JSONWebKeySet } from './jwk-types'
import type { JwksCache } from './jwks-cache'

/**
 * Options of {@link createTokenVerifier} and `verifyToken()`.
 *
 * @example
 * ```ts
 * const options: TokenVerifierOptions = {
 *   baseUrl: 'http://localhost:3000',  // issuer and JWKS from its /.well-known/openid-configuration
 *   tenantId: 'tnt_demo',              // required: the expected audience
 *   authorizedParties: ['pk_test_demo'],
 *   requireMfa: true,
 * }
 * ```
 */
export interface TokenVerifierOptions {
  /**
   * Expected `iss`, e.g. `https://auth.example.com`. When omitted, the issuer (and the JWKS address) are read
   * from `${baseUrl}/.well-known/openid-configuration`; an explicit issuer always wins.
   */
  issuer?: string
  /**
   * The HelloJohn API origin, e.g. `http://127.0.0.1:3000`: used, when `issuer` is not given, to discover the
   * issuer and the JWKS (`issuer` and `jwks_uri` of its OpenID configuration, fetched once and cached), so
   * whatever host alias you typed, tokens are checked against the issuer the server names.
   */
  baseUrl?: string
  /** Where the public keys are. Default the discovered `jwks_uri`, else `${issuer}/.well-known/jwks.json`. */
  jwksUrl?: string | URL
  /** A local JWK set: verify with these keys only, never touch the network. */
  jwks?: JSONWebKeySet
  /** A JWKS cache to use (share one between verifiers); default: one shared per `jwksUrl`. */
  jwksCache?: JwksCache
  /**
   * Expected `aud`: your tenant id (one of several when an array). Required, here, as `tenantId`, or from the
   * environment (`HELLOJOHN_TENANT_ID` / `HELLOJOHN_AUDIENCE`, read by `verifyToken()`,
   * `authenticateRequest()` and `requireAuth()`): without it the verifier refuses to start, so another
   * tenant's token can never pass.
   */
  audience?: string | string[]
  /** Your tenant id (`tnt_…`), the expected `aud`; the same as `audience: tenantId`. */
  tenantId?: string
  /**
   * Which kinds of access token to accept. Default `['session']`: a user's session token (`sid` claim). Add
   * `'machine'` to also accept `client_credentials` tokens (`sub` = the client id, no `sid`); the
   * verification result says which kind it was (`tokenType`). ID tokens and other non-`at+jwt` tokens are
   * always refused (`token_type_not_allowed`).
   */
  acceptsToken?: ReadonlyArray<TokenType>
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
  /**
   * Fetch used for the JWKS and the discovery document (default `globalThis.fetch`, looked up at call time).
   */
  fetch?: typeof fetch
  /** How long fetched keys are used before refetching, ms. Default 10 minutes. */
  jwksCacheTtlMs?: number
  /** Minimum time between refetches caused by an unknown `kid` or a failure, ms. Default 30 s. */
  jwksCooldownMs?: number
  /** JWKS (and discovery) request timeout, ms. Default 5 s. */
  jwksTimeoutMs?: number
  /** How many verified tokens to remember (keyed by the token). Default 1000; 0 turns the cache off. */
  tokenCacheSize?: number
  /** Longest token accepted, in characters, checked before any parsing. Default 8192. */
  maxTokenLength?: number
  /** Clock in milliseconds (default `Date.now`); inject one in tests. */
  now?: () => number
}

/**
 * The kind of an access token: `session` (a user's session: has `sid`) or `machine` (`client_credentials`:
 * `sub` is the client id, no `sid`).
 */
export type TokenType = 'session' | 'machine'

/** The options after defaults and validation. */
export interface ResolvedVerifierOptions {
  /** The explicit issuer; undefined when it is discovered from `discoveryBaseUrl`. */
  issuer: string | undefined
  /**
   * The API origin whose OpenID configuration names the issuer (and the JWKS), when `issuer` is not given.
   */
  discoveryBaseUrl: string | undefined
  /**
   * Explicit, or derived from the explicit issuer; undefined when it comes from discovery (or keys are
   * local).
   */
  jwksUrl: string | undefined
  jwks: JSONWebKeySet | undefined
  jwksCache: JwksCache | undefined
  audience: string | string[]
  acceptsToken: ReadonlySet<TokenType>
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

/** The public-key JWS algorithms a verifier may be configured with (`none` and HS* never). */
export const ALLOWED_ALGORITHMS: ReadonlySet<string> = new Set([
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
 * Reads an environment variable where a `process` exists (Node, Bun, Deno's Node mode); undefined on edge
 * runtimes and where reading it is not allowed (Deno without --allow-env throws on access).
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
 * Fills `issuer`, `baseUrl`, `jwksUrl` and `audience` from `HELLOJOHN_ISSUER`, `HELLOJOHN_BASE_URL`,
 * `HELLOJOHN_JWKS_URL` and `HELLOJOHN_AUDIENCE` / `HELLOJOHN_TENANT_ID` when the caller did not give them.
 */
export function withEnvironmentDefaults(
  options: Partial<TokenVerifierOptions> = {},
): Partial<TokenVerifierOptions> {
  const issuer = options.issuer ?? readEnv('HELLOJOHN_ISSUER')
  const baseUrl = options.baseUrl ?? (issuer === undefined ? readEnv('HELLOJOHN_BASE_URL') : undefined)
  const jwksUrl =
    options.jwksUrl ??
    (options.jwks === undefined && options.jwksCache === undefined
      ? readEnv('HELLOJOHN_JWKS_URL')
      : undefined)
  const audience =
    options.audience ??
    (options.tenantId === undefined
      ? (readEnv('HELLOJOHN_AUDIENCE') ?? readEnv('HELLOJOHN_TENANT_ID'))
      : undefined)
  return {
    ...options,
    ...(issuer === undefined ? {} : { issuer }),
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(jwksUrl === undefined ? {} : { jwksUrl }),
    ...(audience === undefined ? {} : { audience }),
  }
}

const MISSING_AUDIENCE =
  'Token verification needs your tenant id, the audience every accepted token must carry (without it, any ' +
  "tenant's token would pass): pass { tenantId: 'tnt_…' } (or { audience }), or set HELLOJOHN_TENANT_ID " +
  '(or HELLOJOHN_AUDIENCE) for verifyToken(), authenticateRequest() and requireAuth().'

/**
 * `audience` or `tenantId`, validated; throws `config_invalid_tenant_id` (option `audience`) when neither is
 * set.
 */
function expectedAudience(options: Partial<TokenVerifierOptions>): string | string[] {
  const { audience, tenantId } = options
  if (tenantId !== undefined && (typeof tenantId !== 'string' || tenantId === '')) {
    throw invalid('tenantId', 'tenantId must be your tenant id, a non-empty string such as "tnt_01H…".')
  }
  if (audience === undefined) {
    if (tenantId === undefined) {
      throw new HelloJohnConfigError('config_invalid_tenant_id', MISSING_AUDIENCE, { option: 'audience' })
    }
    return tenantId
  }
  if (
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
  if (tenantId !== undefined && !(Array.isArray(audience) ? audience : [audience]).includes(tenantId)) {
    throw invalid(
      'tenantId',
      `tenantId and audience disagree: give one of them (audience does not include tenantId).`,
    )
  }
  return Array.isArray(audience) ? [...audience] : audience
}

const TOKEN_TYPES: ReadonlySet<string> = new Set<TokenType>(['session', 'machine'])

function acceptedTypes(value: unknown): ReadonlySet<TokenType> {
  if (value === undefined) return new Set<TokenType>(['session'])
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((v) => typeof v === 'string' && TOKEN_TYPES.has(v))
  ) {
    throw invalid(
      'acceptsToken',
      `acceptsToken must be a non-empty array of 'session' and/or 'machine', e.g. ['session', 'machine'] (got ${JSON.stringify(value)}).`,
    )
  }
  return new Set(value as TokenType[])
}

/** Validates options and applies defaults; throws a {@link HelloJohnConfigError} naming the option to fix. */
export function resolveVerifierOptions(
  options: Partial<TokenVerifierOptions> | undefined,
): ResolvedVerifierOptions {
  if (options === undefined || options === null || typeof options !== 'object') {
    throw invalid(
      'options',
      'Token verification needs options: pass { baseUrl, tenantId } or { issuer, audience } (or set HELLOJOHN_BASE_URL and HELLOJOHN_TENANT_ID).',
    )
  }
  const { issuer, baseUrl } = options
  if (issuer !== undefined && (typeof issuer !== 'string' || issuer === '')) {
    throw invalid('issuer', 'issuer must be a non-empty URL string such as "https://auth.example.com".')
  }
  if (baseUrl !== undefined && (typeof baseUrl !== 'string' || baseUrl === '')) {
    throw invalid('baseUrl', 'baseUrl must be a non-empty URL string such as "http://localhost:3000".')
  }
  if (issuer === undefined && baseUrl === undefined) {
    throw invalid(
      'issuer',
      'Token verification needs to know the issuer: pass { baseUrl: "https://api.example.com" } (the issuer and its keys are read from its OpenID configuration) or { issuer }, or set HELLOJOHN_BASE_URL / HELLOJOHN_ISSUER.',
    )
  }
  const issuerUrl = issuer === undefined ? undefined : absoluteUrl(issuer, 'issuer')
  const discoveryBaseUrl =
    issuer === undefined && baseUrl !== undefined
      ? absoluteUrl(baseUrl, 'baseUrl').href.replace(/\/+$/, '')
      : undefined
  const jwksUrl =
    options.jwksUrl !== undefined
      ? absoluteUrl(options.jwksUrl, 'jwksUrl').href
      : issuerUrl === undefined
        ? undefined
        : new URL(
            '.well-known/jwks.json',
            issuerUrl.href.endsWith('/') ? issuerUrl.href : `${issuerUrl.href}/`,
          ).href

  if (
    options.jwks !== undefined &&
    (typeof options.jwks !== 'object' || options.jwks === null || !Array.isArray(options.jwks.keys))
  ) {
    throw invalid('jwks', 'jwks must be a JSON Web Key Set: { keys: [ …public JWKs ] }.')
  }
  // One key source only: options that configure a source the verifier will not use are a mistake, not a
  // no-op.
  if (options.jwks !== undefined || options.jwksCache !== undefined) {
    const source = options.jwks !== undefined ? 'jwks' : 'jwksCache'
    const unused = (['jwksUrl', 'jwksCacheTtlMs', 'jwksCooldownMs'] as const).filter(
      (name) => options[name] !== undefined,
    ) as string[]
    // fetch and the timeout still serve the discovery request when the issuer is discovered.
    if (discoveryBaseUrl === undefined) {
      for (const name of ['fetch', 'jwksTimeoutMs'] as const)
        if (options[name] !== undefined) unused.push(name)
    }
    if (options.jwks !== undefined && options.jwksCache !== undefined) unused.unshift('jwksCache')
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
  const audience = expectedAudience(options)
  const acceptsToken = acceptedTypes(options.acceptsToken)
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
    discoveryBaseUrl,
    jwksUrl,
    jwks: options.jwks,
    jwksCache: options.jwksCache,
    audience,
    acceptsToken,
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
