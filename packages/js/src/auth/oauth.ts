// The OAuth code + PKCE flow of `hj.auth`: a separate chunk, loaded on first use.
import type { Context } from '../context'
import type { HelloJohnClientErrorCode } from '../errors/codes'
import { HelloJohnError } from '../errors/hellojohn-error'
import { createPkcePair, createRandomState } from '../pkce'
import type { AuthResult } from '../types'
import { call, settle } from '../util/call'
import { decodeJwt } from '../util/jwt'
import { here, type SignInWithOAuthOptions } from './auth'

const fail = (code: HelloJohnClientErrorCode, message: string): never => {
  throw new HelloJohnError(code, message)
}
const oauthKey = ({ config }: Context, state: string): string => `${config.storageKey}.oauth.${state}`

/** `hj.auth.signInWithOAuth()`: PKCE S256, `state` and `nonce` kept in storage, then navigation to the server. */
export async function signInWithOAuth(
  ctx: Context,
  { provider, redirectUri, scope = 'openid profile email', loginHint, redirect }: SignInWithOAuthOptions = {},
): Promise<{ url: string }> {
  const { config } = ctx
  const redirect_uri =
    redirectUri ?? config.redirectUri ?? here()?.split(/[?#]/)[0] ?? fail('invalid_argument', 'signInWithOAuth() needs a redirectUri.')
  const { verifier, challenge } = await createPkcePair()
  const state = createRandomState()
  const nonce = createRandomState()
  await config.storage.setItem(oauthKey(ctx, state), JSON.stringify({ verifier, nonce, redirect_uri }))
  const query = { response_type: 'code', client_id: config.clientId, redirect_uri, code_challenge: challenge, code_challenge_method: 'S256', state, nonce, scope, provider, login_hint: loginHint }
  const url = `${config.baseUrl}/v1/oauth/authorize?${new URLSearchParams(JSON.parse(JSON.stringify(query)) as Record<string, string>)}`
  if (redirect !== false) (globalThis as { location?: Location }).location?.assign(url)
  return { url }
}

/** `hj.auth.handleRedirectCallback()`: checks `state` and `nonce`, exchanges the code with the verifier, signs in. */
export async function handleRedirectCallback(ctx: Context, input: string | URL | undefined = here()): Promise<AuthResult> {
  const { api, config } = ctx
  const q = new URL(String(input ?? 'x:/')).searchParams
  const state = q.get('state') ?? ''
  const raw = state && (await config.storage.getItem(oauthKey(ctx, state)))
  if (!raw) fail('oauth_state_mismatch', 'The OAuth state matches no sign-in started here (reused or forged): start again.')
  await config.storage.removeItem(oauthKey(ctx, state))
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
  return settle(ctx.session, api.POST('/v1/auth/token/refresh', { body: { refresh_token: tokens.refresh_token! } }))
}
