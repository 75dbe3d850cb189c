import type { Context } from '../context'
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

const oauthError = (code: 'oauth_state_mismatch' | 'oauth_nonce_mismatch' | 'oauth_callback_error' | 'invalid_argument', message: string): HelloJohnError =>
  new HelloJohnError(code, message)

/** Builds `hj.auth`. */
export function createAuth({ api, session, config }: Context): HelloJohnAuth {
  /** Checks an AuthResult answer and applies it to the session. */
  const complete = async (p: Promise<ApiResult<AuthResult>>): Promise<AuthResult> => {
    const r = await p
    const result = check(r)
    await session.applyAuthResult(result, r.response)
    return result
  }
  const oauthKey = (state: string): string => `${config.storageKey}.oauth.${state}`

  return {
    signUp: (body) => complete(api.POST('/v1/auth/sign-up', { body })),
    signIn: (body) => complete(api.POST('/v1/auth/sign-in', { body })),
    async signOut() {
      if (session.currentToken()) await api.POST('/v1/auth/sign-out').catch(() => undefined)
      await session.clear()
    },
    sendMagicLink: (body) => call(api.POST('/v1/auth/magic-link', { body })),
    async verifyMagicLink(token = new URL(here() ?? 'x:/').searchParams.get('token') ?? '') {
      if (!token) throw oauthError('invalid_argument', 'verifyMagicLink() needs the token from the link (its `token` query parameter).')
      return complete(api.POST('/v1/auth/magic-link/verify', { body: { token } }))
    },
    forgotPassword: (body) => call(api.POST('/v1/auth/password/forgot', { body })),
    resetPassword: (body) => call(api.POST('/v1/auth/password/reset', { body })) as Promise<void>,
    sendEmailVerification: (body) => call(api.POST('/v1/auth/email/verification', { body })),
    async verifyEmail(body) {
      const user = await call(api.POST('/v1/auth/email/verify', { body }))
      if (session.getSnapshot().user?.id === user.id) await session.updateUser(user)
      return user
    },
    async signInWithPasskey(body = {}) {
      const { challenge_id, options } = await call(api.POST('/v1/auth/passkey/options', { body }))
      const response = await withWebAuthn((w) => w.startAuthentication({ optionsJSON: options as never }))
      return complete(api.POST('/v1/auth/passkey/verify', { body: { challenge_id, response: response as never } }))
    },
    async signInWithOAuth(options = {}) {
      const redirectUri = options.redirectUri ?? config.redirectUri ?? here()?.split(/[?#]/)[0]
      if (!redirectUri) {
        throw oauthError('invalid_argument', 'signInWithOAuth() needs a redirectUri (pass it, or set the redirectUri option of createHelloJohn()).')
      }
      const { verifier, challenge } = await createPkcePair()
      const state = createRandomState()
      const nonce = createRandomState()
      await config.storage.setItem(oauthKey(state), JSON.stringify({ verifier, nonce, redirectUri }))
      const url = new URL(`${config.baseUrl}/v1/oauth/authorize`)
      const params: Record<string, string | undefined> = {
        response_type: 'code',
        client_id: config.clientId,
        redirect_uri: redirectUri,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state,
        nonce,
        scope: options.scope ?? 'openid profile email',
        provider: options.provider,
        login_hint: options.loginHint,
      }
      for (const [k, v] of Object.entries(params)) if (v) url.searchParams.set(k, v)
      const location = (globalThis as { location?: Location }).location
      if (options.redirect !== false && location) location.assign(url.href)
      return { url: url.href }
    },
    async handleRedirectCallback(input = here()) {
      const query = new URL(String(input ?? 'x:/')).searchParams
      const state = query.get('state')
      const raw = state && (await config.storage.getItem(oauthKey(state)))
      if (!state || !raw) {
        throw oauthError('oauth_state_mismatch', 'The callback state matches no sign-in started here (expired, already used or forged): start again with signInWithOAuth().')
      }
      await config.storage.removeItem(oauthKey(state))
      const saved = JSON.parse(raw) as { verifier: string; nonce: string; redirectUri: string }
      const code = query.get('code')
      if (!code) {
        throw oauthError('oauth_callback_error', `Sign-in was not completed: ${query.get('error_description') ?? query.get('error') ?? 'the callback has no code'}.`)
      }
      const tokens = await call(
        api.POST('/v1/oauth/token', {
          body: { grant_type: 'authorization_code', code, redirect_uri: saved.redirectUri, code_verifier: saved.verifier, client_id: config.clientId },
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        }),
      )
      let nonce: unknown
      try {
        nonce = decodeJwt<{ nonce?: unknown }>(tokens.id_token ?? '').nonce
      } catch {
        // no or bad id_token: nonce stays undefined
      }
      if (nonce !== saved.nonce) throw oauthError('oauth_nonce_mismatch', 'The ID token nonce does not match this sign-in (possible replay): start again.')
      if (!tokens.refresh_token) throw oauthError('oauth_callback_error', 'The token endpoint returned no refresh token.')
      // The token endpoint answers bare OAuth tokens; one refresh turns them into a full AuthResult (user + session).
      return complete(api.POST('/v1/auth/token/refresh', { body: { refresh_token: tokens.refresh_token } }))
    },
  }
}
