import type { Context } from '../context'
import { HelloJohnError } from '../errors/hellojohn-error'
import type { components, paths } from '../generated/openapi'
import type { Accepted, AuthResult, User } from '../types'
import { call, settle, type ApiResult } from '../util/call'
import { load } from '../util/lazy'
import { signOut } from './sign-out'

type Schemas = components['schemas']

/** A social provider for `signInWithOAuth`. */
export type OAuthProvider = NonNullable<
  paths['/v1/oauth/authorize']['get']['parameters']['query']['provider']
>

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
  signUp(body: Schemas['SignUpRequest']): Promise<AuthResult>
  /**
   * Signs in with email and password. `mfa_required` sets `pendingChallenge` in the snapshot; answer it with
   * `hj.mfa`.
   *
   * @example
   * ```ts
   * const r = await hj.auth.signIn({ email: 'bob@example.com', password })
   * if (r.status === 'mfa_required') await hj.mfa.submitTOTP(r.challenge_id, code)
   * ```
   */
  signIn(body: Schemas['SignInRequest']): Promise<AuthResult>
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
  sendMagicLink(body: Schemas['MagicLinkRequest']): Promise<Accepted>
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
  forgotPassword(body: Schemas['ForgotPasswordRequest']): Promise<Accepted>
  /** Sets a new password with the reset token. @example `await hj.auth.resetPassword({ token, password })` */
  resetPassword(body: Schemas['ResetPasswordRequest']): Promise<void>
  /** Sends an email verification code. @example `await hj.auth.sendEmailVerification({ email })` */
  sendEmailVerification(body: Schemas['EmailVerificationRequest']): Promise<Accepted>
  /**
   * Verifies an email with its code; resolves to the updated user. @example
   * `await hj.auth.verifyEmail({ email, code })`
   */
  verifyEmail(body: Schemas['VerifyEmailRequest']): Promise<User>
  /**
   * Signs in with a passkey (WebAuthn; the library is loaded on first use).
   *
   * @example
   * ```ts
   * await hj.auth.signInWithPasskey({ email })
   * ```
   */
  signInWithPasskey(body?: Schemas['PasskeyOptionsRequest']): Promise<AuthResult>
  /**
   * Starts the OAuth code flow with PKCE S256, `state` and `nonce` (kept in storage), and navigates to the
   * server.
   *
   * @example
   * ```ts
   * await hj.auth.signInWithOAuth({ provider: 'github', redirectUri: 'https://app.example.com/callback' })
   * ```
   */
  signInWithOAuth(options?: SignInWithOAuthOptions): Promise<{ url: string }>
  /**
   * Completes the OAuth flow on the callback page: checks `state` and `nonce`, exchanges the code with the
   * PKCE verifier, and signs in.
   *
   * @example
   * ```ts
   * await hj.auth.handleRedirectCallback() // on https://app.example.com/callback?code=…&state=…
   * ```
   */
  handleRedirectCallback(url?: string | URL): Promise<AuthResult>
}

/** The current page's URL, if any. */
export const here = (): string | undefined => (globalThis as { location?: Location }).location?.href

/** Builds `hj.auth`. Passkey and OAuth code are separate chunks, loaded on first use. */
export function createAuth(ctx: Context): HelloJohnAuth {
  const { api, session } = ctx
  const post =
    <B, T>(path: string, then: (p: Promise<ApiResult<T>>) => Promise<T> = call) =>
    (body: B): Promise<T> =>
      then((api.POST as (p: string, o: object) => Promise<ApiResult<T>>)(path, { body }))
  const done = (p: Promise<ApiResult<AuthResult>>): Promise<AuthResult> => settle(session, p)
  const oauth = () => load(() => import('./oauth'))

  return {
    signUp: post('/v1/auth/sign-up', done),
    signIn: post('/v1/auth/sign-in', done),
    signOut: () => signOut(ctx),
    sendMagicLink: post('/v1/auth/magic-link'),
    async verifyMagicLink(token = new URL(here() ?? 'x:/').searchParams.get('token') ?? '') {
      if (!token)
        throw new HelloJohnError('invalid_argument', 'verifyMagicLink() needs the token of the link.')
      return done(api.POST('/v1/auth/magic-link/verify', { body: { token } }))
    },
    forgotPassword: post('/v1/auth/password/forgot'),
    resetPassword: post('/v1/auth/password/reset'),
    sendEmailVerification: post('/v1/auth/email/verification'),
    async verifyEmail(body) {
      const user = await call(api.POST('/v1/auth/email/verify', { body }))
      if (session.getSnapshot().user?.id === user.id) await session.updateUser(user)
      return user
    },
    signInWithPasskey: async (body) => (await load(() => import('../webauthn'))).signInWithPasskey(ctx, body),
    signInWithOAuth: async (options) => (await oauth()).signInWithOAuth(ctx, options),
    handleRedirectCallback: async (url) => (await oauth()).handleRedirectCallback(ctx, url),
  }
}
