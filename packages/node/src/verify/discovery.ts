import { HelloJohnTokenVerificationError } from '../errors/token-verification-error'
import { identityKey } from './identity-key'

/** What a verifier needs from the issuer's OpenID configuration. */
export interface IssuerMetadata {
  /** The `iss` every token of this server carries (`issuer`). */
  issuer: string
  /** Where its public keys are (`jwks_uri`). */
  jwksUri: string
}

/** Options of {@link createIssuerDiscovery}. */
export interface IssuerDiscoveryOptions {
  /** The API origin; the document is `${baseUrl}/.well-known/openid-configuration`. */
  baseUrl: string
  /** The fetch to use (default `globalThis.fetch`). */
  fetch?: typeof fetch
  /** Abort the request after this long, ms. Default 5 s. */
  timeoutMs?: number
  /** After a failure, callers get the same error (no new request) for this long, ms. Default 2 s. */
  retryMs?: number
  /** The clock, ms since the epoch (default `Date.now`); for tests. */
  now?: () => number
}

/** The issuer of one API origin, discovered once. */
export interface IssuerDiscovery {
  /**
   * The metadata: returned directly once known; otherwise fetched (one request in flight, joined by every
   * caller).
   */
  get(): IssuerMetadata | Promise<IssuerMetadata>
  /** The metadata if it was discovered already. */
  readonly current: IssuerMetadata | undefined
}

const DEFAULT_TIMEOUT_MS = 5_000
const DEFAULT_RETRY_MS = 2_000

function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : undefined
  } catch {
    return undefined
  }
}

/**
 * Reads `issuer` and `jwks_uri` from `${baseUrl}/.well-known/openid-configuration` (OpenID Connect Discovery
 * 1.0): once, single flight, cached for the life of the process once it succeeds. A failure is remembered for
 * `retryMs` (so a flood of requests against an unreachable server makes one request per `retryMs`, not one
 * each), then the next caller tries again. Errors are `discovery_unavailable` verification errors (503 in
 * `requireAuth`); their message names the URL for your logs, and `requireAuth` never puts it in a response
 * body.
 *
 * Written here rather than taken from a library: jose has no discovery, and openid-client's is Node-only and
 * far larger than the two fields needed.
 */
export function createIssuerDiscovery(options: IssuerDiscoveryOptions): IssuerDiscovery {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/.well-known/openid-configuration`
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const retryMs = options.retryMs ?? DEFAULT_RETRY_MS
  const now = options.now ?? Date.now
  const source = `The OpenID configuration at ${url}`

  let current: IssuerMetadata | undefined
  let inflight: Promise<IssuerMetadata> | undefined
  let failure: { error: HelloJohnTokenVerificationError; at: number } | undefined

  const fail = (message: string, cause?: unknown) =>
    new HelloJohnTokenVerificationError(
      'discovery_unavailable',
      `${source} ${message}`,
      cause === undefined ? {} : { cause },
    )

  async function download(): Promise<IssuerMetadata> {
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
        throw fail(
          controller.signal.aborted
            ? `did not answer within ${timeoutMs} ms; check baseUrl, or pass { issuer } explicitly.`
            : 'could not be fetched (network error); check baseUrl and that the server is reachable, or pass { issuer } explicitly.',
          cause,
        )
      }
      if (!response.ok) {
        throw fail(
          `answered HTTP ${response.status}; expected 200 with { issuer, jwks_uri }. Is baseUrl right?`,
        )
      }
      let body: unknown
      try {
        body = await response.json()
      } catch (cause) {
        throw fail('is not JSON; is baseUrl the HelloJohn API origin?', cause)
      }
      const doc = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
      const issuer = httpUrl(doc.issuer)
      const jwksUri = httpUrl(doc.jwks_uri)
      if (issuer === undefined || jwksUri === undefined) {
        throw fail(
          `has no usable ${issuer === undefined ? '"issuer"' : '"jwks_uri"'} (an absolute http(s) URL is required).`,
        )
      }
      return { issuer, jwksUri }
    } finally {
      clearTimeout(timer)
    }
  }

  function get(): IssuerMetadata | Promise<IssuerMetadata> {
    if (current !== undefined) return current
    if (inflight !== undefined) return inflight
    if (failure !== undefined && now() - failure.at < retryMs) return Promise.reject(failure.error)
    inflight = download().then(
      (metadata) => {
        current = metadata
        failure = undefined
        inflight = undefined
        return metadata
      },
      (error: unknown) => {
        const wrapped =
          error instanceof HelloJohnTokenVerificationError ? error : fail('could not be loaded.', error)
        failure = { error: wrapped, at: now() }
        inflight = undefined
        throw wrapped
      },
    )
    return inflight
  }

  return {
    get,
    get current() {
      return current
    },
  }
}

const registry = new Map<string, IssuerDiscovery>()
const MAX_SHARED = 64

/**
 * One discovery per (origin, fetch, clock, timeout) in the process: every verifier of one server shares it.
 */
export function sharedIssuerDiscovery(options: IssuerDiscoveryOptions): IssuerDiscovery {
  const key = [
    options.baseUrl,
    identityKey(options.fetch),
    identityKey(options.now),
    options.timeoutMs ?? '',
  ].join('|')
  let discovery = registry.get(key)
  if (discovery === undefined) {
    discovery = createIssuerDiscovery(options)
    registry.set(key, discovery)
    if (registry.size > MAX_SHARED) registry.delete(registry.keys().next().value as string)
  }
  return discovery
}
