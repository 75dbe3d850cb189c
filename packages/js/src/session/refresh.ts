// The refresh path of the session manager: a separate chunk, loaded by the first refresh or the first 401 (an
// access token lives 15 minutes, so a page rarely needs it at startup; see .size-limit.js).
import type { ResolvedConfig } from '../config'
import { isHelloJohnApiError, type HelloJohnApiError } from '../errors/api-error'
import { HelloJohnTokenError } from '../errors/token-error'
import type { ApiRunner } from '../http/request-runner'
import type { AuthResult } from '../types'
import { check } from '../util/call'
import { withLock } from './lock'
import type { StoredSession } from './session-manager'
import type { SessionSnapshot } from './snapshot'

/** What the refresh path needs from the session manager. */
export interface RefreshContext {
  config: ResolvedConfig
  /** Sends the refresh request (`POST /v1/auth/token/refresh`). */
  api: Pick<ApiRunner, 'POST'>
  /** The in-memory session. */
  state(): StoredSession | undefined
  /** The session in storage (another tab may have written a newer one). */
  read(): StoredSession | undefined | Promise<StoredSession | undefined>
  /** Takes a session from storage or another tab (no write, no broadcast). */
  adopt(next: StoredSession, extra: Partial<SessionSnapshot>): void
  /** Signs out here, in storage and in every tab, with `reason`. */
  end(reason: string): Promise<void>
  pending(): Partial<SessionSnapshot>
  missing(): HelloJohnTokenError
  applyAuthResult(result: AuthResult, response?: Response): Promise<void>
}

/**
 * The access token of a session newer than the refresh token `spent`, from another tab (its message, else
 * storage), looking `tries` times 100 ms apart; adopted when found. Only across tabs: alone, nobody else
 * refreshes.
 */
const newerThan = async (ctx: RefreshContext, spent: string, tries: number): Promise<string | undefined> => {
  for (let i = 0; ctx.config.crossTab && i < tries; i++) {
    if (i) await new Promise((r) => setTimeout(r, 100))
    const state = ctx.state()
    const s = state?.refreshToken !== spent ? state : await ctx.read()
    if (s && s.refreshToken !== spent) {
      if (s !== state) ctx.adopt(s, ctx.pending())
      return s.accessToken
    }
  }
  return undefined
}

/**
 * A 401 answered the current access token. When its `code` says the session is gone (`session_revoked`,
 * `session_expired`): unless another tab already holds a newer session, sign out everywhere with that reason.
 * Otherwise (a bad or expired token): `refresh()` once. Resolves to the token to replay with, if any.
 */
export async function after401(
  ctx: RefreshContext,
  refresh: () => Promise<string>,
  code: string | undefined,
): Promise<string | undefined> {
  if (!/^session_(revoked|expired)$/.test(code ?? '')) return refresh().catch(() => undefined)
  const newer = await newerThan(ctx, ctx.state()?.refreshToken ?? '', 1)
  if (!newer) await ctx.end(code!)
  return newer
}

/**
 * Refreshes under the cross-tab lock (waiting at most `lockTimeoutMs`, by default longer than the slowest
 * refresh). After getting the lock it re-reads storage and skips the request when another tab already
 * refreshed; a 4xx answer ends the session (reason: the server's code) unless another tab's newer tokens turn
 * up, which are adopted instead.
 */
export const refresh = (ctx: RefreshContext, stale: string): Promise<string> =>
  withLock(`${ctx.config.storageKey}.refresh`, ctx.config.lockTimeoutMs, async () => {
    // Another tab (or client) may have refreshed while we waited for the lock: adopt its newer tokens.
    const stored = await ctx.read()
    let state = ctx.state()
    if (stored && stored.refreshToken !== state?.refreshToken && stored.expiresAt >= (state?.expiresAt ?? 0))
      ctx.adopt(stored, ctx.pending())
    state = ctx.state()
    if (!state) throw ctx.missing()
    if (state.accessToken !== stale && ctx.config.now() < state.refreshAt) return state.accessToken
    const spent = state.refreshToken
    let outcome
    try {
      const r = await ctx.api.POST('/v1/auth/token/refresh', { body: { refresh_token: spent } })
      // a 4xx/5xx answer throws its HelloJohnApiError here
      outcome = { result: check(r), response: r.response }
    } catch (cause) {
      const status = isHelloJohnApiError(cause) ? cause.status : 0
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
        const { code } = cause as HelloJohnApiError
        // Another tab refreshed with this token a moment ago and its write had not reached us yet
        // (localStorage and BroadcastChannel deliver across tabs asynchronously): adopt its newer tokens
        // instead of signing out.
        const newer = await newerThan(ctx, spent, code === 'refresh_token_reused' ? 20 : 1)
        if (newer) return newer
        await ctx.end(code)
        throw new HelloJohnTokenError('revoked', `The session ended (${code}): sign in again.`, { cause })
      }
      throw new HelloJohnTokenError(
        'refresh_failed',
        'Token refresh failed (network or server); the session is kept.',
        {
          cause,
        },
      )
    }
    if (outcome.result.status !== 'complete')
      throw new HelloJohnTokenError('refresh_failed', `The refresh answered ${outcome.result.status}.`)
    await ctx.applyAuthResult(outcome.result, outcome.response)
    return outcome.result.tokens.access_token
  })
