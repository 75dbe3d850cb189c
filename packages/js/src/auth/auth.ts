import type { Context } from '../context'
import type { HelloJohnClientErrorCode } from '../errors/codes'
import { HelloJohnError } from '../errors/hellojohn-error'
import type { components, paths } from '../generated/openapi'
import { createPkcePair, createRandomState } from '../pkce'
import type { Accepted, AuthResult, User } from '../types'
import { call, check, type ApiResult } from '../util/call'
import { decodeJwt } from '../util/jwt'
import { withWebAuthn } from '../webauthn'

type S = components['schemas']

/** A social provider for `signInWithOAuth`. */
export type OAuthProvider = NonNullable<paths['/v1/oauth/authorize']['get']['parameters']['query']['provider']>

/** Options of `hj.auth.signInWithOAuth()`. */
export interface SignInWithOAuthOptions {
  /** Social provider; omit for the tenant's hosted sign-in. */
  provider?: OAuthProvider
  /** Where the server sends the user back (default: the `redirectUri` option, else the current page). */
  redirectUri?: string
  /** Default `openid profile email`. */
  scope?: string
  loginHint?: string
  /** Navigate to the authorization URL (default true in a browser); false only returns it. */
  redirect?: boolean
}

/** `hj.auth`: every sign-in flow. Methods throw `HelloJohnError`s and keep the session store up to date. */
export interface HelloJohnAuth {
  /**
   * Creates an account. Resolves to the `AuthResult` (signed in when `complete`).
   *
   * @example
   * ```ts
   * const result = await hj.auth.signUp({ email: 'carol@example.com', password: 'a-long-passphrase', name: 'Carol' })
   * ```
   */
  signUp(body: S['SignUpRequest']): Promise<AuthResult>
  /**
   * Signs in with email and password. `mfa_required` sets `pendingChallenge` in the snapshot; answer it with `hj.mfa`.
   *
   * @example
   * ```ts
   * const r = await hj.auth.signIn({ email: 'bob@example.com', password })
   * if (r.status === 'mfa_required') await hj.mfa.submitTOTP(r.challenge_id, code)
   * ```
   */
  signIn(body: S['SignInRequest']): Promise<AuthResult>
  /**
   * Revokes the session on the server (best effort) and signs out locally and in every tab.
   *
   * @example
   * ```ts
   * await hj.auth.signOut()
   * ```
   */
  signOut(): Promise<void>
  /**
   * Emails a single-use sign-in link (15 minutes).
   *
   * @example
   * ```ts
   * await hj.auth.sendMagicLink({ email, redirect_url: 'https://app.example.com/magic' })
   * ```
   */
  sendMagicLink(body: S['MagicLinkRequest']): Promise<Accepted>
  /**
   * Signs in with the token of a magic link (default: the `token` query parameter of the current URL).
   *
   * @example
   * ```ts
   * await hj.auth.verifyMagicLink(new URL(location.href).searchParams.get('token')!)
   * ```
   */
  verifyMagicLink(token?: string): Promise<AuthResult>
  /** Emails a password-reset link. @example `await hj.auth.forgotPassword({ email })` */
  forgotPassword(body: S['ForgotPasswordRequest']): Promise<Accepted>
  /** Sets a new password with the reset token. @example `await hj.auth.resetPassword({ token, password })` */
  resetPassword(body: S['ResetPasswordRequest']): Promise<void>
  /** Sends an email verification code. @example `await hj.auth.sendEmailVerification({ email })` */
  sendEmailVerification(body: S['EmailVerificationRequest']): Promise<Accepted>
  /** Verifies an email with its code; resolves to the updated user. @example `await hj.auth.verifyEmail({ email, code })` */
  verifyEmail(body: S['VerifyEmailRequest']): Promise<User>
  /**
   * Signs in with a passkey (WebAuthn; the library is loaded on first use).
   *
   * @example
   * ```ts
   * await hj.auth.signInWithPasskey({ email })
   * ```
   */
  signInWithPasskey(body?: S['PasskeyOptionsRequest']): Promise<AuthResult>
  /**
   * Starts the OAuth code flow with PKCE S256, `state` and `nonce` (kept in storage), and navigates to the server.
   *
   * @example
   * ```ts
   * await hj.auth.signInWithOAuth({ provider: 'github', redirectUri: 'https://app.example.com/callback' })
   * ```
   */
  signInWithOAuth(options?: SignInWithOAuthOptions): Promise<{ url: string }>
  /**
   * Completes the OAuth flow on the callback page: checks `state` and `nonce`, exchanges the code with the PKCE
   * verifier, and signs in.
   *
   * @example
   * ```ts
   * await hj.auth.handleRedirectCallback() // on https://app.example.com/callback?code=…&state=…
   * ```
   */
  handleRedirectCallback(url?: string | URL): Promise<AuthResult>
}

const here = (): string | undefined => (globalThis as { location?: Location }).location?.href

/** Builds `hj.auth`. */
export function createAuth({ api, session, config }: Context): HelloJohnAuth {
  const { storage } = config
  /** Checks an AuthResult answer and applies it to the session. */
  const done = async (p: Promise<ApiResult<AuthResult>>): Promise<AuthResult> => {
    const r = await p
    await session.applyAuthResult(check(r), r.response)
    return r.data!
  }
  const post =
    <B, T>(path: string, then: (p: Promise<ApiResult<T>>) => Promise<T> = call) =>
    (body: B): Promise<T> =>
      then((api.POST as (p: string, o: object) => Promise<ApiResult<T>>)(path, { body }))
  const fail = (code: HelloJohnClientErrorCode, message: string): never => {
    throw new HelloJohnError(code, message)
  }
  const oauthKey = (state: string): string => `${config.storageKey}.oauth.${state}`

  return {
    signUp: post('/v1/auth/sign-up', done),
    signIn: post('/v1/auth/sign-in', done),
    async signOut() {
      if (session.currentToken()) await api.POST('/v1/auth/sign-out').catch(() => undefined)
      await session.clear()
    },
    sendMagicLink: post('/v1/auth/magic-link'),
    async verifyMagicLink(token = new URL(here() ?? 'x:/').searchParams.get('token') ?? '') {
      return done(api.POST('/v1/auth/magic-link/verify', { body: { token: token || fail('invalid_argument', 'verifyMagicLink() needs the token of the link.') } }))
    },
    forgotPassword: post('/v1/auth/password/forgot'),
    resetPassword: post('/v1/auth/password/reset'),
    sendEmailVerification: post('/v1/auth/email/verification'),
    async verifyEmail(body) {
      const user = await call(api.POST('/v1/auth/email/verify', { body }))
      if (session.getSnapshot().user?.id === user.id) await session.updateUser(user)
      return user
    },
    async signInWithPasskey(body = {}) {
      const { challenge_id, options } = await call(api.POST('/v1/auth/passkey/options', { body }))
      const response = await withWebAuthn((w) => w.startAuthentication({ optionsJSON: options as never }))
      return done(api.POST('/v1/auth/passkey/verify', { body: { challenge_id, response: response as never } }))
    },
    async signInWithOAuth({ provider, redirectUri, scope = 'openid profile email', loginHint, redirect } = {}) {
      const redirect_uri =
        redirectUri ?? config.redirectUri ?? here()?.split(/[?#]/)[0] ?? fail('invalid_argument', 'signInWithOAuth() needs a redirectUri.')
      const { verifier, challenge } = await createPkcePair()
      const state = createRandomState()
      const nonce = createRandomState()
      await storage.setItem(oauthKey(state), JSON.stringify({ verifier, nonce, redirect_uri }))
      const query = { response_type: 'code', client_id: config.clientId, redirect_uri, code_challenge: challenge, code_challenge_method: 'S256', state, nonce, scope, provider, login_hint: loginHint }
      const url = `${config.baseUrl}/v1/oauth/authorize?${new URLSearchParams(JSON.parse(JSON.stringify(query)) as Record<string, string>)}`
      if (redirect !== false) (globalThis as { location?: Location }).location?.assign(url)
      return { url }
    },
    async handleRedirectCallback(input = here()) {
      const q = new URL(String(input ?? 'x:/')).searchParams
      const state = q.get('state') ?? ''
      const raw = state && (await storage.getItem(oauthKey(state)))
      if (!raw) fail('oauth_state_mismatch', 'The OAuth state matches no sign-in started here (reused or forged): start again.')
      await storage.removeItem(oauthKey(state))
      const saved = JSON.parse(raw!) as { verifier: string; nonce: string; redirect_uri: string }
      const code = q.get('code') ?? fail('oauth_callback_error', `Sign-in failed: ${q.get('error_description') ?? q.get('error') ?? 'no code'}.`)
      const tokens = await call(
        api.POST('/v1/oauth/token', {
          body: { grant_type: 'authorization_code', code, redirect_uri: saved.redirect_uri, code_verifier: saved.verifier, client_id: config.clientId },
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        }),
      )
      let nonce
      try {
        nonce = decodeJwt<{ nonce?: string }>(tokens.id_token!).nonce
      } catch {
        // no ID token: mismatch below
      }
      if (nonce !== saved.nonce) fail('oauth_nonce_mismatch', 'The ID token nonce does not match this sign-in: start again.')
      // The token endpoint answers bare OAuth tokens; one refresh turns them into a full AuthResult (user + session).
      return done(api.POST('/v1/auth/token/refresh', { body: { refresh_token: tokens.refresh_token! } }))
    },
  }
}
