import type { HelloJohnTokenError } from '../errors/token-error'
import type { SessionManager } from '../session/session-manager'
import { credentialFor } from './credentials'
import type { CredentialProvider, UnauthorizedHandler } from './middleware'

/** The credential half of the middleware chain: what to send, and what to do on a 401. */
export interface CredentialPolicy {
  getCredential: CredentialProvider
  onUnauthorized: UnauthorizedHandler
}

/**
 * The credential policy of a `createHelloJohn()` client, per operation (the spec's `security`, see
 * credentials.ts):
 *
 * - no credential for discovery and the OAuth endpoints;
 * - the publishable key for sign-in, sign-up and the MFA challenge steps;
 * - the session's access token (refreshed first when it is about to expire) for the user's own endpoints; a
 *   session that ended, or a refresh that failed, rejects the call typed instead of sending it
 *   unauthenticated;
 * - while MFA enrollment is required at sign-in, the enrollment token for the `/v1/mfa/` endpoints;
 * - a secret key (server-side use of the client with `sk_…`) for everything else.
 *
 * On a 401 for an access token, the session decides: a fresh token to replay once, or the end of the session.
 *
 * @example
 * ```ts
 * const chain = createMiddlewareChain({ tenantId: 'tnt_demo', ...sessionCredentialPolicy('pk_test_demo', session) })
 * ```
 */
export function sessionCredentialPolicy(key: string, session: SessionManager): CredentialPolicy {
  const secret = key.startsWith('sk_') ? key : undefined
  return {
    async getCredential({ schemaPath }) {
      const kind = credentialFor(schemaPath)
      if (kind === 'none') return undefined
      if (kind === 'publishableKey') return key
      if (kind === 'secretKey' && secret !== undefined) return secret
      if (session.currentToken()) {
        return session.getToken().catch((error: HelloJohnTokenError) => {
          if (error.code !== 'token_missing') throw error
          return undefined
        })
      }
      const enrollment = session.getSnapshot().pendingEnrollment
      if (enrollment && schemaPath.startsWith('/v1/mfa/')) return enrollment.enrollment_token
      return secret
    },
    onUnauthorized: async ({ token, code }) =>
      token === key ? undefined : session.tokenAfter401(token, code),
  }
}
