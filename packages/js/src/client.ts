import type { HelloJohnAuth } from './auth/auth'
import { signOut } from './auth/sign-out'
import { resolveConfig, type HelloJohnOptions } from './config'
import type { Context, HelloJohnApi } from './context'
import { sessionCredentialPolicy } from './http/credential-policy'
import { createApiFetch, createMiddlewareChain } from './http/pipeline'
import { createTransport } from './http/transport'
import type { HelloJohnMe, HelloJohnOrganizations } from './me'
import { AUTH_METHODS, ME_METHODS, MFA_METHODS, ORGANIZATION_METHODS } from './method-names'
import type { HelloJohnMfa } from './mfa/mfa'
import { createSessionManager, type HelloJohnSession } from './session/session-manager'
import { lazy } from './util/lazy'

/** The client returned by `createHelloJohn()`. */
export interface HelloJohn {
  /**
   * The raw typed openapi-fetch client: `{ data, error, response }`, never throws on HTTP errors.
   * openapi-fetch is loaded on its first call; middleware added with `hj.api.use()` also runs for `hj.auth`,
   * `hj.mfa`, `hj.me`, ….
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
 * Creates the HelloJohn client: validated config, the typed API with its middleware chain, the session store
 * and the flows. Throws `HelloJohnConfigError` on bad options.
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
  // One transport (http/transport.ts): the high-level methods run its typed runner, hj.api is its
  // openapi-fetch face, both over the same fetch and middleware array.
  const transport = createTransport({ baseUrl: config.baseUrl, fetch: createApiFetch(config) })
  const api = transport.request
  // the refresh request is sent (and its answer read) by the session's refresh path, a lazy chunk
  const session = createSessionManager(config, api)
  // The middleware go in once the session they read exists; no request is sent before this line.
  transport.middleware.push(
    ...createMiddlewareChain({
      tenantId: config.tenantId,
      ...sessionCredentialPolicy(config.publishableKey, session),
    }),
  )
  const ctx: Context = { api, session, config }
  // A session revoked elsewhere shows up when the user comes back to the tab, not only on the next failing
  // call. The focus watcher is a separate chunk, loaded with the first session of a page that has a document.
  let unwatch: Promise<() => void> | undefined
  const watch = (): void =>
    void (unwatch ??=
      typeof document === 'object' && session.currentToken()
        ? import('./session/focus-check').then((m) => m.watchFocus(api, session, config.now))
        : undefined)
  const unsubscribe = session.subscribe(watch)
  watch()
  // hj.auth and hj.mfa are separate chunks too, loaded by their first call (a page loads the sign-in code
  // when the user signs in, the MFA code when a challenge is answered), except signOut, which must work
  // offline. One mfa instance per client (it remembers which factor sendOTP used for submitOTP); a failed
  // load is retried by the next call.
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
    api: transport.api,
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
