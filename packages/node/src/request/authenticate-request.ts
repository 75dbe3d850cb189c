import {
  HelloJohnTokenVerificationError,
  type TokenVerificationFailureReason,
} from '../errors/token-verification-error'
import type { HelloJohnClaims } from '../verify/claims'
import type { TokenVerifier } from '../verify/create-token-verifier'
import type { TokenVerifierOptions } from '../verify/options'
import { verifierFor } from '../verify/verify-token'
import { extractToken, SESSION_COOKIE, type RequestHeaders } from './extract-token'

/**
 * Options of {@link authenticateRequest} and `requireAuth`: the verifier options (issuer… — read from
 * `HELLOJOHN_ISSUER` etc. when omitted), or a ready `verifier`, plus the cookie name.
 */
export interface AuthenticateRequestOptions extends Partial<TokenVerifierOptions> {
  /** Use this verifier instead of building one from the options. */
  verifier?: TokenVerifier
  /** Cookie holding the session token when there is no `Authorization` header. Default `__session`. */
  cookieName?: string
}

/** The outcome of authenticating a request. */
export type RequestAuthState =
  | { isAuthenticated: true; claims: Readonly<HelloJohnClaims>; token: string }
  | { isAuthenticated: false; reason: TokenVerificationFailureReason; error: HelloJohnTokenVerificationError }

/** Anything with request headers: a fetch `Request`, or `{ headers }`. */
export interface RequestLike {
  headers: RequestHeaders
}

/** Resolves the verifier once (configuration errors surface here, not per request). */
export function resolveVerifier(options: AuthenticateRequestOptions | undefined): TokenVerifier {
  if (options?.verifier !== undefined) return options.verifier
  const { verifier: _ignored, cookieName: _cookie, ...verifierOptions } = options ?? {}
  return verifierFor(verifierOptions)
}

/** Authenticates request headers with a verifier. */
export async function authenticateHeaders(
  headers: RequestHeaders,
  verifier: TokenVerifier,
  cookieName: string = SESSION_COOKIE,
): Promise<RequestAuthState> {
  const token = extractToken(headers, cookieName)
  if (token === undefined) {
    const error = new HelloJohnTokenVerificationError(
      'token_missing',
      `Not signed in: send "Authorization: Bearer <access token>" or the ${cookieName} cookie.`,
    )
    return { isAuthenticated: false, reason: error.reason, error }
  }
  const result = await verifier.safeVerify(token)
  return result.ok
    ? { isAuthenticated: true, claims: result.claims, token }
    : { isAuthenticated: false, reason: result.reason, error: result.error }
}

/**
 * Authenticates a fetch-style request (Next.js route handlers and middleware, Hono, Remix, Cloudflare/Vercel
 * workers…): reads `Authorization: Bearer <token>` or the `__session` cookie and verifies the token locally. Never
 * throws for a bad or missing token (only for bad options).
 *
 * @example
 * ```ts
 * import { authenticateRequest } from '@hellojohn/node'
 *
 * export async function GET(request: Request) {
 *   const auth = await authenticateRequest(request, { issuer: 'http://localhost:3000', audience: 'tnt_demo' })
 *   if (!auth.isAuthenticated) return Response.json({ error: auth.reason }, { status: 401 })
 *   return Response.json({ userId: auth.claims.sub })
 * }
 * ```
 */
export async function authenticateRequest(
  request: Request | RequestLike,
  options?: AuthenticateRequestOptions,
): Promise<RequestAuthState> {
  const verifier = resolveVerifier(options)
  const headers = (request as RequestLike | undefined)?.headers
  if (headers === undefined || headers === null || typeof headers !== 'object') {
    const error = new HelloJohnTokenVerificationError(
      'token_missing',
      'authenticateRequest() needs a Request (or an object with headers).',
    )
    return { isAuthenticated: false, reason: error.reason, error }
  }
  return authenticateHeaders(headers, verifier, options?.cookieName)
}
