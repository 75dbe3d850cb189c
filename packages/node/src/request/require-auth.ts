import type { HelloJohnClaims } from '../verify/claims'
import {
  authenticateHeaders,
  resolveVerifier,
  type AuthenticateRequestOptions,
  report,
  type RequestAuthState,
} from './authenticate-request'
import { authErrorResponse } from './error-response'
import type { RequestHeaders } from './extract-token'

/** The `req.auth` set by {@link requireAuth}. */
export type SignedInAuthState = Extract<RequestAuthState, { isAuthenticated: true }>

/** The minimal request shape (Express, Connect, Node's `IncomingMessage`). */
export interface NodeLikeRequest {
  headers: RequestHeaders
  auth?: SignedInAuthState
}

/** The minimal response shape (Express `res`, Node's `ServerResponse`). */
export interface NodeLikeResponse {
  statusCode: number
  /** Sets one response header. */
  setHeader(name: string, value: string): unknown
  /** Sends the response (the JSON error body when the request is refused). */
  end(body?: string): unknown
  headersSent?: boolean
}

declare global {
  // Lets Express users write `req.auth` without a cast (a no-op for anyone else).
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by `requireAuth()` from @hellojohn/node. */
      auth?: {
        isAuthenticated: true
        claims: Readonly<HelloJohnClaims>
        token: string
        tokenType: 'session' | 'machine'
      }
    }
  }
}

/**
 * Express / Connect middleware: verifies the request's token (`Authorization: Bearer` or the `__session`
 * cookie), sets `req.auth = { isAuthenticated: true, claims, token, tokenType }` and calls `next()`;
 * otherwise answers in the API's error envelope
 * `{"error": {code, message, status, request_id, details: {reason}}}`: 401 for a missing or invalid token (an
 * ID token, a machine token without `acceptsToken`, another tenant's token…), 403 `mfa_required` when
 * `requireMfa` is set and the token is not MFA-verified, 503 when the keys or the issuer cannot be fetched.
 * The body's message is a fixed public text: the detailed error (JWKS address, `kid`…) goes to `onError`
 * only. The verifier is built once, when the middleware is created, so bad options (no tenant…) fail at
 * start-up.
 *
 * @example
 * ```ts
 * import express from 'express'
 * import { requireAuth } from '@hellojohn/node'
 *
 * const app = express()
 * const auth = { baseUrl: 'http://localhost:3000', tenantId: 'tnt_demo', onError: (e: Error) => console.warn(e.message) }
 * app.get('/api/me', requireAuth(auth), (req, res) => {
 *   res.json({ userId: req.auth!.claims.sub })
 * })
 * app.post('/api/admin', requireAuth({ ...auth, requireMfa: true }), handler)
 * // or from HELLOJOHN_BASE_URL and HELLOJOHN_TENANT_ID: requireAuth()
 * ```
 */
export function requireAuth(options?: AuthenticateRequestOptions) {
  const verifier = resolveVerifier(options)
  const cookieName = options?.cookieName
  const onError = options?.onError
  return function helloJohnRequireAuth(
    req: NodeLikeRequest,
    res: NodeLikeResponse,
    next: (error?: unknown) => void,
  ): void {
    authenticateHeaders(req.headers ?? {}, verifier, cookieName).then(
      (auth) => {
        if (auth.isAuthenticated) {
          req.auth = auth
          next()
          return
        }
        report(onError, auth.error, req)
        const { status, headers, body } = authErrorResponse(auth.error)
        if (res.headersSent === true) {
          next(auth.error)
          return
        }
        res.statusCode = status
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
        res.end(JSON.stringify(body))
      },
      (error: unknown) => next(error),
    )
  }
}
