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

/** How long a started OAuth sign-in (its `state`, PKCE verifier and `nonce`) is kept: 10 minutes. */
export const OAUTH_FLOW_TTL_MS = 10 * 60_000

/** A started sign-in, kept until its callback (or {@link OAUTH_FLOW_TTL_MS}). */
interface Flow {
  verifier: string
  nonce: string
  redirect_uri: string
  /** When it started (config.now()). */
  at: number
}

/**
 * Every started sign-in lives under ONE storage key, so sign-out can clear them all and abandoned ones
 * expire.
 */
export const oauthKey = ({ config }: Context): string => `${config.storageKey}.oauth`

/** The started sign-ins that have not expired. */
const flows = async (ctx: Context): Promise<Record<string, Flow>> => {
  let all: Record<string, Flow> = {}
  try {
    all = JSON.parse(((await ctx.config.storage.getItem(oauthKey(ctx))) as string | null) ?? '{}') as Record<
      string,
      Flow
    >
  } catch {
    // unreadable: as if none
  }
  const now = ctx.config.now()
  return Object.fromEntries(Object.entries(all).filter(([, flow]) => now - flow.at < OAUTH_FLOW_TTL_MS))
}
const saveFlows = (ctx: Context, all: Record<string, Flow>): void | Promise<void> =>
  Object.keys(all).length
    ? ctx.config.storage.setItem(oauthKey(ctx), JSON.stringify(all))
    : ctx.config.storage.removeItem(oauthKey(ctx))

/**
 * `hj.auth.signInWithOAuth()`: PKCE S256, `state` and `nonce` kept in storage (10 min), then navigation to
 * the server.
 */
export async function signInWithOAuth(
  ctx: Context,
  { provider, redirectUri, scope = 'openid profile email', loginHint, redirect }: SignInWithOAuthOptions = {},
): Promise<{ url: string }> {
  const { config } = ctx
  const redirect_uri =
    redirectUri ??
    config.redirectUri ??
    here()?.split(/[?#]/)[0] ??
    fail('invalid_argument', 'signInWithOAuth() needs a redirectUri.')
  const { verifier, challenge } = await createPkcePair()
  const state = createRandomState()
  const nonce = createRandomState()
  await saveFlows(ctx, {
    ...(await flows(ctx)),
    [state]: { verifier, nonce, redirect_uri, at: config.now() },
  })
  const query = {
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    nonce,
    scope,
    provider,
    login_hint: loginHint,
  }
  const params = new URLSearchParams()
  // the options not given (provider, login_hint) are left out of the URL
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, value)
  const url = `${config.baseUrl}/v1/oauth/authorize?${params}`
  if (redirect !== false) (globalThis as { location?: Location }).location?.assign(url)
  return { url }
}

/**
 * `hj.auth.handleRedirectCallback()`: checks `state` (a sign-in started here less than 10 minutes ago) and
 * `nonce`, exchanges the code with the verifier, signs in. An error answer (`?error=…`) becomes
 * `oauth_callback_error` with our own message; the URL's raw `error` and `error_description` (which anyone
 * can write into a link) are only kept in the error's `oauthError` and `errorDescription` fields, never in
 * `message`.
 */
export async function handleRedirectCallback(
  ctx: Context,
  input: string | URL | undefined = here(),
): Promise<AuthResult> {
  const { api, config } = ctx
  const callback = new URL(String(input ?? 'x:/')).searchParams
  const state = callback.get('state') ?? ''
  const all = await flows(ctx)
  const saved = all[state]
  // consumed (single use), and the expired ones dropped, whatever happens next
  delete all[state]
  await saveFlows(ctx, all)
  if (!saved)
    throw new HelloJohnError(
      'oauth_state_mismatch',
      'The OAuth state matches no sign-in started here in the last 10 minutes (expired, reused or forged): start again.',
    )
  const code = callback.get('code')
  if (!code)
    throw Object.assign(
      new HelloJohnError(
        'oauth_callback_error',
        'The sign-in was not completed (the authorization server answered an error): try again.',
      ),
      {
        oauthError: callback.get('error') ?? undefined,
        errorDescription: callback.get('error_description') ?? undefined,
      },
    )
  const tokens = await call(
    api.POST('/v1/oauth/token', {
      body: {
        grant_type: 'authorization_code',
        code,
        redirect_uri: saved.redirect_uri,
        code_verifier: saved.verifier,
        client_id: config.clientId,
      },
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    }),
  )
  let nonce: string | undefined
  try {
    nonce = decodeJwt<{ nonce?: string }>(tokens.id_token!).nonce
  } catch {
    // no ID token: mismatch below
  }
  if (nonce !== saved.nonce)
    throw new HelloJohnError(
      'oauth_nonce_mismatch',
      'The ID token nonce does not match this sign-in: start again.',
    )
  // The token endpoint answers bare OAuth tokens; one refresh turns them into a full AuthResult (user +
  // session).
  return settle(
    ctx.session,
    api.POST('/v1/auth/token/refresh', { body: { refresh_token: tokens.refresh_token! } }),
  )
}
