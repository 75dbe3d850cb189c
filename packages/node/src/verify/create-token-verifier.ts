import { jwtVerify, type JWTHeaderParameters, type JWTVerifyOptions, type JWTVerifyResult } from 'jose'
import {
  HelloJohnTokenVerificationError,
  type TokenVerificationFailureReason,
} from '../errors/token-verification-error'
import { normalizeClaims, type HelloJohnClaims } from './claims'
import { sharedIssuerDiscovery, type IssuerMetadata } from './discovery'
import {
  createLocalKeyResolver,
  discoveredKeyResolver,
  type KeyResolver,
  type RevalidatingKeyResolver,
} from './jwks-cache'
import { mapVerificationError } from './map-jose-error'
import { resolveVerifierOptions, type TokenType, type TokenVerifierOptions } from './options'
import { sharedJwksCache } from './shared-jwks-cache'
import {
  ACCESS_TOKEN_TYP,
  isForeignHeader,
  isForeignTokenType,
  notAnAccessToken,
  tokenTypeOf,
} from './token-type'
import { VerifiedTokenCache, type VerifiedToken as Verified } from './verified-token-cache'

const claimsOf = (verified: Verified) => verified.claims
const okResult = ({ claims, tokenType }: Verified): SafeVerifyResult => ({ ok: true, claims, tokenType })

/** header.payload.signature, base64url only: anything else (spaces, "Bearer ", 5 segments) is malformed. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

/** Result of {@link TokenVerifier.safeVerify}. */
export type SafeVerifyResult =
  | { ok: true; claims: Readonly<HelloJohnClaims>; tokenType: TokenType }
  | { ok: false; reason: TokenVerificationFailureReason; error: HelloJohnTokenVerificationError }

/** A reusable verifier bound to one issuer / key set / policy. Create it once, at start-up. */
export interface TokenVerifier {
  /** Verifies the token and returns its claims; throws a {@link HelloJohnTokenVerificationError}. */
  verify(token: string): Promise<Readonly<HelloJohnClaims>>
  /**
   * Like `verify`, but never throws: `{ ok: true, claims, tokenType }` (`'session'` or `'machine'`) or
   * `{ ok: false, reason, error }`.
   */
  safeVerify(token: string): Promise<SafeVerifyResult>
  /** The key source (a JWKS cache, or the local `jwks`). */
  readonly keys: KeyResolver
  /** Forgets every verified token (e.g. after revoking sessions in bulk). */
  clearCache(): void
}

/**
 * Creates a token verifier: EdDSA signatures checked locally against the issuer's JWKS (cached, see
 * `createJwksCache`) or a local JWK set, registered and HelloJohn claims validated, and already-verified
 * tokens remembered (never past `exp`) so verifying the same token again is nearly free.
 *
 * Only access tokens (header `typ: at+jwt`) of your tenant (`aud`) pass: an ID token or another tenant's
 * token is refused (`token_type_not_allowed`, `token_audience_mismatch`), and so is a machine
 * (`client_credentials`) token unless `acceptsToken` lists `'machine'`. The tenant is required (`tenantId` or
 * `audience`). Give `baseUrl` and the issuer and its JWKS are read from the server's OpenID configuration,
 * whatever host alias you typed; or give `issuer` explicitly.
 *
 * @example
 * ```ts
 * import { createTokenVerifier } from '@hellojohn/node'
 *
 * const verifier = createTokenVerifier({ baseUrl: 'http://localhost:3000', tenantId: 'tnt_demo' })
 *
 * const claims = await verifier.verify(token)            // throws on failure
 * const result = await verifier.safeVerify(token)        // never throws
 * if (!result.ok) console.log(result.reason)             // 'token_expired', 'token_type_not_allowed', …
 *
 * // an API that also serves machines (client_credentials)
 * const api = createTokenVerifier({ baseUrl, tenantId: 'tnt_demo', acceptsToken: ['session', 'machine'] })
 * const r = await api.safeVerify(token)
 * if (r.ok && r.tokenType === 'machine') console.log('client', r.claims.sub)
 * ```
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const o = resolveVerifierOptions(options)
  const discovery =
    o.discoveryBaseUrl === undefined
      ? undefined
      : sharedIssuerDiscovery({
          baseUrl: o.discoveryBaseUrl,
          ...(o.fetch === undefined ? {} : { fetch: o.fetch }),
          ...(o.now === undefined ? {} : { now: o.now }),
          ...(o.jwksTimeoutMs === undefined ? {} : { timeoutMs: o.jwksTimeoutMs }),
        })
  const remoteKeys = (url: string) =>
    sharedJwksCache({
      url,
      ...(o.fetch === undefined ? {} : { fetch: o.fetch }),
      ...(o.now === undefined ? {} : { now: o.now }),
      ...(o.jwksCacheTtlMs === undefined ? {} : { ttlMs: o.jwksCacheTtlMs }),
      ...(o.jwksCooldownMs === undefined ? {} : { cooldownMs: o.jwksCooldownMs }),
      ...(o.jwksTimeoutMs === undefined ? {} : { timeoutMs: o.jwksTimeoutMs }),
    })
  const keys: RevalidatingKeyResolver =
    o.jwks !== undefined
      ? createLocalKeyResolver(o.jwks)
      : (o.jwksCache ??
        (o.jwksUrl !== undefined
          ? remoteKeys(o.jwksUrl)
          : discoveredKeyResolver(discovery!, (metadata) => remoteKeys(metadata.jwksUri))))
  const cache = o.tokenCacheSize > 0 ? new VerifiedTokenCache(o.tokenCacheSize) : undefined
  const clock = o.now ?? Date.now
  // jose decodes the header once and hands it here before any key lookup (so before any JWKS request): a
  // token that is not an access token (an ID token…) is refused here, without decoding its header a second
  // time.
  const getKey = (header: JWTHeaderParameters) => {
    if (isForeignHeader(header)) throw notAnAccessToken()
    return keys.getKey(header)
  }
  const expected = {
    get issuer() {
      return o.issuer ?? discovery?.current?.issuer
    },
    algorithms: o.algorithms,
    maxTokenAge: o.maxTokenAge,
  }
  const baseJoseOptions: Omit<JWTVerifyOptions, 'issuer'> = {
    algorithms: o.algorithms,
    audience: o.audience,
    typ: ACCESS_TOKEN_TYP,
    clockTolerance: o.clockTolerance,
    requiredClaims: ['exp', 'iat', 'sub'],
    ...(o.maxTokenAge === undefined ? {} : { maxTokenAge: o.maxTokenAge }),
  }
  let joseOptions: JWTVerifyOptions | undefined =
    o.issuer === undefined ? undefined : { ...baseJoseOptions, issuer: o.issuer }
  /** The jose options, once the issuer is known (explicit, or discovered: one request, shared). */
  const optionsForIssuer = (): JWTVerifyOptions | Promise<JWTVerifyOptions> => {
    if (joseOptions !== undefined) return joseOptions
    const metadata = discovery!.get()
    const build = (m: IssuerMetadata) => (joseOptions = { ...baseJoseOptions, issuer: m.issuer })
    return metadata instanceof Promise ? metadata.then(build) : build(metadata)
  }
  const parties = o.authorizedParties === undefined ? undefined : new Set(o.authorizedParties)

  /**
   * The whole verification: the cheap shape checks, the verified-token cache, then jose. Written for the hot
   * path (it runs on every request): one `await` (jose's) on a miss, none on a hit, and no per-call option
   * objects. `pick` shapes the result inside, so `verify()` needs no second promise to return the claims.
   */
  async function verifyDetailed<T>(token: string, pick: (verified: Verified) => T): Promise<T> {
    if (typeof token !== 'string' || token === '') {
      throw new HelloJohnTokenVerificationError(
        'token_missing',
        typeof token === 'string'
          ? 'No token to verify (empty string).'
          : `verify() needs the token as a string (got ${token === null ? 'null' : typeof token}).`,
      )
    }
    if (token.length > o.maxTokenLength) {
      throw new HelloJohnTokenVerificationError(
        'token_too_large',
        `The token is ${token.length} characters long, over maxTokenLength (${o.maxTokenLength}); it was not parsed.`,
      )
    }
    if (cache !== undefined) {
      const hit = cache.get(token, clock())
      if (hit !== undefined) {
        // Cache hits never touch the JWKS, so re-check it in the background once it is past its TTL: a key
        // retired by rotation then stops verifying within the TTL (plus one fetch) even when only cache hits
        // arrive.
        keys.revalidate?.()
        // A retired signing key (gone from a refreshed JWKS) invalidates what it signed.
        if (hit.kid === undefined || keys.hasKid(hit.kid)) return pick(hit)
        cache.delete(token)
      }
    }
    // After the cache: a hit is a string that passed this check when it was verified, byte for byte.
    if (!COMPACT_JWS.test(token)) {
      throw new HelloJohnTokenVerificationError(
        'token_malformed',
        token.startsWith('Bearer ')
          ? 'Pass the token without the "Bearer " prefix (or use authenticateRequest(), which strips it).'
          : 'The token is not a compact JWT (three base64url segments separated by dots, no spaces).',
      )
    }

    // Tokens of one issuer share their header (alg, kid, typ): once a token with this exact encoded header
    // verified, jose gets the key itself instead of a key callback (the fresh-set rules are the key source's,
    // see keyForEncodedHeader). jose still decodes and checks the header (alg allowlist, typ, crit) of every
    // token.
    const encodedHeader = token.slice(0, token.indexOf('.'))
    const knownKey = keys.keyForEncodedHeader?.(encodedHeader)
    let verified: JWTVerifyResult & { key?: unknown }
    try {
      const verifyOptions = joseOptions ?? (await optionsForIssuer())
      verified = await jwtVerify(
        token,
        knownKey ?? getKey,
        o.now === undefined ? verifyOptions : { ...verifyOptions, currentDate: new Date(o.now()) },
      )
    } catch (error) {
      // jose refused the token before asking for a key (an algorithm not in `algorithms`, a bad header,
      // discovery down): still report a foreign token (an RS256 ID token…) as what it is. Decoded only on
      // this failure path.
      const mapped = mapVerificationError(error, expected)
      throw mapped.reason !== 'token_type_not_allowed' && isForeignTokenType(token)
        ? notAnAccessToken(error)
        : mapped
    }
    const { payload, protectedHeader } = verified

    // jose checks "iat" against the clock only with maxTokenAge; a token minted in the future is refused
    // regardless.
    if (typeof payload.iat === 'number' && payload.iat > clock() / 1000 + o.clockTolerance) {
      throw new HelloJohnTokenVerificationError(
        'token_not_yet_valid',
        'The token was issued in the future ("iat"); check the clocks of the issuer and of this server.',
      )
    }
    if (typeof payload.sub !== 'string' || payload.sub === '') {
      throw new HelloJohnTokenVerificationError(
        'token_claim_invalid',
        'The token\'s "sub" claim must be a non-empty string.',
      )
    }
    if (parties !== undefined && (typeof payload.azp !== 'string' || !parties.has(payload.azp))) {
      throw new HelloJohnTokenVerificationError(
        'token_azp_mismatch',
        typeof payload.azp === 'string'
          ? 'The token was issued to a party that is not in authorizedParties ("azp" differs).'
          : 'The token has no "azp" claim but authorizedParties is set.',
      )
    }
    const tokenType = tokenTypeOf(payload)
    if (tokenType === undefined || !o.acceptsToken.has(tokenType)) {
      throw new HelloJohnTokenVerificationError(
        'token_type_not_allowed',
        tokenType === 'machine'
          ? "This is a machine (client_credentials) token; this verifier accepts session tokens only: pass acceptsToken: ['session', 'machine'] to accept it."
          : tokenType === 'session'
            ? "This is a user session token; this verifier accepts machine tokens only (acceptsToken: ['machine'])."
            : 'The token is neither a session token ("sid") nor a client_credentials token ("sub" = "client_id", no "sid").',
      )
    }
    // jose parsed the payload for this call alone: it is normalised and frozen in place, not copied.
    const claims = normalizeClaims(payload)
    if (o.requireMfa && !claims.mfa_verified) {
      throw new HelloJohnTokenVerificationError(
        'token_mfa_required',
        'This requires multi-factor authentication: the token is not mfa_verified; start a step-up (hj.mfa.startStepUp()).',
      )
    }

    // jose returns the key only when it called getKey: remember which key this header selected, for the next
    // token. (The key source ignores a key that is not its current one for this header.)
    if (knownKey === undefined && verified.key !== undefined) {
      keys.rememberEncodedHeader?.(encodedHeader, protectedHeader, verified.key as CryptoKey)
    }
    let expiresAt = claims.exp * 1000
    if (o.maxTokenAge !== undefined) expiresAt = Math.min(expiresAt, (claims.iat + o.maxTokenAge) * 1000)
    const result: Verified = { token, claims, expiresAt, kid: protectedHeader.kid, tokenType }
    cache?.set(result)
    return pick(result)
  }

  return {
    verify: (token) => verifyDetailed(token, claimsOf),
    async safeVerify(token) {
      try {
        return await verifyDetailed(token, okResult)
      } catch (cause) {
        const error = mapVerificationError(cause, expected)
        return { ok: false, reason: error.reason, error }
      }
    },
    keys,
    clearCache: () => cache?.clear(),
  }
}
