import {
  HelloJohnTokenVerificationError,
  type TokenVerificationFailureReason,
} from '../errors/token-verification-error'
import type { HelloJohnClaims } from '../verify/claims'
import type { TokenVerifier } from '../verify/create-token-verifier'
import type { TokenType, TokenVerifierOptions } from '../verify/options'
import { verifierFor } from '../verify/verify-token'
import { extractToken, SESSION_COOKIE, type RequestHeaders } from './extract-token'

/**
 * Called with the full verification error of every refused request (its message may name the JWKS address,
 * the token's `kid`…): log it here. Response bodies written by `requireAuth` / `authErrorResponse` never
 * carry those details. Whatever it throws is ignored.
 */
export type AuthErrorHook = (error: HelloJohnTokenVerificationError, request: unknown) => void

/**
 * Options of {@link authenticateRequest} and `requireAuth`: the verifier options (`baseUrl` or `issuer`, and
 * `tenantId` or `audience` — read from `HELLOJOHN_BASE_URL` / `HELLOJOHN_ISSUER` and `HELLOJOHN_TENANT_ID` /
 * `HELLOJOHN_AUDIENCE` when omitted), or a ready `verifier`, plus the cookie name and an `onError` hook.
 */
export interface AuthenticateRequestOptions extends Partial<TokenVerifierOptions> {
  /** Use this verifier instead of building one from the options. */
  verifier?: TokenVerifier
  /** Cookie holding the session token when there is no `Authorization` header. Default `__session`. */
  cookieName?: string
  /** Sees the detailed error of each refused request (for your logs); see {@link AuthErrorHook}. */
  onError?: AuthErrorHook
}

/** The outcome of authenticating a request. */
export type RequestAuthState =
  | {
      isAuthenticated: true
      claims: Readonly<HelloJohnClaims>
      token: string
      /** `'session'` (a user) or `'machine'` (a client_credentials token, when `acceptsToken` allows it). */
      tokenType: TokenType
    }
  | { isAuthenticated: false; reason: TokenVerificationFailureReason; error: HelloJohnTokenVerificationError }

/** Anything with request headers: a fetch `Request`, or `{ headers }`. */
export interface RequestLike {
  headers: RequestHeaders
}

/** Resolves the verifier once (configuration errors surface here, not per request). */
export function resolveVerifier(options: AuthenticateRequestOptions | undefined): TokenVerifier {
  if (options?.verifier !== undefined) return options.verifier
  const { verifier: _ignored, cookieName: _cookie, onError: _hook, ...verifierOptions } = options ?? {}
  return verifierFor(verifierOptions)
}

/** Hands a refusal to the `onError` hook; a throwing hook must not turn a 401 into a crash. */
export function report(
  onError: AuthErrorHook | undefined,
  error: HelloJohnTokenVerificationError,
  request: unknown,
) {
  if (onError === undefined) return
  try {
    onError(error, request)
  } catch {
    // ignored on purpose (documented)
  }
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
  if (!result.ok) return { isAuthenticated: false, reason: result.reason, error: result.error }
  // A custom TokenVerifier may predate tokenType: a token with a session id is a session.
  const tokenType: TokenType =
    result.tokenType ?? (typeof result.claims.sid === 'string' ? 'session' : 'machine')
  return { isAuthenticated: true, claims: result.claims, token, tokenType }
}

/**
 * Authenticates a fetch-style request (Next.js route handlers and middleware, Hono, Remix, Cloudflare/Vercel
 * workers…): reads `Authorization: Bearer <token>` or the `__session` cookie and verifies the token locally.
 * Never throws for a bad or missing token (only for bad options, e.g. no tenant configured). Only session
 * access tokens of your tenant pass, unless `acceptsToken` adds machine tokens.
 *
 * `auth.error.message` is for your logs (it may name the JWKS address or the token's `kid`); answer the
 * client with `authErrorResponse(auth.error)` or `auth.reason`, never the message.
 *
 * @example
 * ```ts
 * import { authenticateRequest, authErrorResponse } from '@hellojohn/node'
 *
 * export async function GET(request: Request) {
 *   const auth = await authenticateRequest(request, {
 *     baseUrl: 'http://localhost:3000',
 *     tenantId: 'tnt_demo',
 *     onError: (error) => console.warn('auth refused:', error.message),
 *   })
 *   if (!auth.isAuthenticated) {
 *     const { status, headers, body } = authErrorResponse(auth.error)
 *     return Response.json(body, { status, headers })
 *   }
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
    report(options?.onError, error, request)
    return { isAuthenticated: false, reason: error.reason, error }
  }
  const auth = await authenticateHeaders(headers, verifier, options?.cookieName)
  if (!auth.isAuthenticated) report(options?.onError, auth.error, request)
  return auth
}
