import type { HelloJohnAuth } from './auth/auth'
import { signOut } from './auth/sign-out'
import { resolveConfig, type HelloJohnOptions } from './config'
import type { Context, HelloJohnApi } from './context'
import { createApiFetch, createMiddlewareChain } from './http/pipeline'
import { credentialFor } from './http/credentials'
import { createLazyApiClient } from './http/lazy-api-client'
import { createRequestRunner } from './http/request-runner'
import type { HelloJohnMe, HelloJohnOrganizations } from './me'
import { AUTH_METHODS, ME_METHODS, MFA_METHODS, ORGANIZATION_METHODS } from './method-names'
import type { HelloJohnMfa } from './mfa/mfa'
import type { HelloJohnTokenError } from './errors/token-error'
import { createSessionManager, type HelloJohnSession } from './session/session-manager'
import type { ClientPaths } from './types'
import { check } from './util/call'
import { lazy } from './util/lazy'

/** The client returned by `createHelloJohn()`. */
export interface HelloJohn {
  /**
   * The raw typed openapi-fetch client: `{ data, error, response }`, never throws on HTTP errors. openapi-fetch is
   * loaded on its first call; middleware added with `hj.api.use()` also runs for `hj.auth`, `hj.mfa`, `hj.me`, ….
   */
  api: HelloJohnApi
  auth: HelloJohnAuth
  session: HelloJohnSession
  mfa: HelloJohnMfa
  me: HelloJohnMe
  organizations: HelloJohnOrganizations
  /** Stops the refresh timer and the cross-tab channel (tests, hot reload, micro-frontends). */
  destroy(): void
}

/**
 * Creates the HelloJohn client: validated config, the typed API with its middleware chain, the session store and the
 * flows. Throws `HelloJohnConfigError` on bad options.
 *
 * @example
 * ```ts
 * import { createHelloJohn } from '@hellojohn/js'
 * const hj = createHelloJohn({ baseUrl: 'http://localhost:3000', publishableKey: 'pk_test_demo', tenantId: 'tnt_demo' })
 * const result = await hj.auth.signIn({ email: 'alice@example.com', password: 'correct-horse-battery-staple' })
 * hj.session.subscribe((s) => console.log(s.status, s.user?.email))
 * const { data } = await hj.api.GET('/v1/me/sessions')
 * ```
 */
export function createHelloJohn(options: HelloJohnOptions): HelloJohn {
  const config = resolveConfig(options)
  const key = config.publishableKey
  const secret = key.startsWith('sk_') ? key : undefined
  // one middleware chain, run by the high-level methods' runner and by openapi-fetch behind hj.api
  const chain = createMiddlewareChain({
    tenantId: config.tenantId,
    async getCredential({ schemaPath }) {
      const kind = credentialFor(schemaPath)
      if (kind === 'none') return undefined
      if (kind === 'publishableKey') return key
      if (kind === 'secretKey' && secret) return secret
      // a session that ended (or a refresh that failed) rejects the call typed instead of sending it unauthenticated
      if (session.currentToken())
        return session.getToken().catch((e: HelloJohnTokenError) => {
          if (e.reason !== 'missing') throw e
          return undefined
        })
      // MFA enrollment required at sign-in: the enrollment token opens the /v1/mfa endpoints
      const enrollment = session.getSnapshot().pendingEnrollment
      return enrollment && schemaPath.startsWith('/v1/mfa/') ? enrollment.enrollment_token : secret
    },
    onUnauthorized: async ({ token, code }) =>
      token === key ? undefined : session.tokenAfter401(token, code),
  })
  const fetch = createApiFetch(config)
  const api = createRequestRunner(config.baseUrl, fetch, chain)
  const session = createSessionManager(config, async (refresh_token) => {
    const r = await api.POST('/v1/auth/token/refresh', { body: { refresh_token } })
    return { result: check(r), response: r.response }
  })
  const ctx: Context = { api, session, config }
  // A session revoked elsewhere shows up when the user comes back to the tab, not only on the next failing call. The
  // focus watcher is a separate chunk, loaded with the first session of a page that has a document.
  let unwatch: Promise<() => void> | undefined
  const watch = (): void =>
    void (unwatch ??=
      typeof document === 'object' && session.currentToken()
        ? import('./session/focus-check').then((m) => m.watchFocus(api, session, config.now))
        : undefined)
  const unsubscribe = session.subscribe(watch)
  watch()
  // hj.auth and hj.mfa are separate chunks too, loaded by their first call (a page loads the sign-in code when the user
  // signs in, the MFA code when a challenge is answered), except signOut, which must work offline. One mfa instance
  // per client (it remembers which factor sendOTP used for submitOTP); a failed load is retried by the next call.
  const auth: HelloJohnAuth = {
    ...lazy(() => import('./auth/auth').then((m) => m.createAuth(ctx)), AUTH_METHODS),
    signOut: () => signOut(ctx),
  }
  let mfa: Promise<HelloJohnMfa> | undefined
  const loadMfa = (): Promise<HelloJohnMfa> =>
    (mfa ??= import('./mfa/mfa').then(
      (m) => m.createMfa(ctx),
      (e: unknown) => {
        mfa = undefined
        throw e
      },
    ))
  return {
    api: createLazyApiClient<ClientPaths>(config.baseUrl, fetch, chain),
    auth,
    // the manager itself, typed as its public face (HelloJohnSession)
    session,
    mfa: lazy(loadMfa, MFA_METHODS),
    // separate chunks, loaded on the first call
    me: lazy(() => import('./me').then((m) => m.createMe(ctx)), ME_METHODS),
    organizations: lazy(() => import('./me').then((m) => m.createOrganizations(ctx)), ORGANIZATION_METHODS),
    destroy() {
      unsubscribe()
      void unwatch?.then((stop) => stop())
      session.destroy()
    },
  }
}
