import { isHelloJohnError, type AuthResult } from '@hellojohn/js'
import type { ResolvedServerSessionOptions } from './options'

/** A completed `AuthResult` (tokens, user, session). */
export type CompleteAuthResult = Extract<AuthResult, { status: 'complete' }>

/**
 * The outcome of a refresh:
 * - `refreshed`: new tokens;
 * - `revoked`: the API refused the refresh token (revoked, expired, reused): sign out and clear the cookies;
 * - `unavailable`: network error, timeout, 408, 429 or 5xx: keep the session and the cookies, try again
 *   later.
 */
export type RefreshOutcome =
  | { type: 'refreshed'; result: CompleteAuthResult }
  | { type: 'revoked'; status: number; code: string }
  | { type: 'unavailable'; status: number; code: string }

/** Calls `POST /v1/auth/token/refresh` once (through the core's transport) and classifies the answer; never throws. */
async function refreshOnce(o: ResolvedServerSessionOptions, refreshToken: string): Promise<RefreshOutcome> {
  const send = () => o.api.POST('/v1/auth/token/refresh', { body: { refresh_token: refreshToken } })
  let answer: Awaited<ReturnType<typeof send>>
  try {
    answer = await send()
  } catch (error) {
    // no answer (network, timeout: `network_error`, `timeout`) or a 2xx body that is not JSON
    // (`unexpected_response`): temporary, the session is kept
    return { type: 'unavailable', status: 0, code: isHelloJohnError(error) ? error.code : 'network_error' }
  }
  const { data, error, response } = answer
  const status = response.status
  if (response.ok) {
    if (data?.status === 'complete' && typeof data.tokens?.access_token === 'string')
      return { type: 'refreshed', result: data }
    return { type: 'unavailable', status, code: 'unexpected_response' }
  }
  const code = (error as { error?: { code?: unknown } } | undefined)?.error?.code
  const named = typeof code === 'string' ? code : `http_${status}`
  const temporary = status === 408 || status === 429 || status >= 500
  return temporary ? { type: 'unavailable', status, code: named } : { type: 'revoked', status, code: named }
}

/**
 * Single-flight refresh per refresh token in this process: concurrent requests of one session (five tabs
 * reloading at once) share one API call, and requests that arrive shortly after it finished, still carrying
 * the old cookie, get the same new tokens instead of presenting a spent refresh token. Requests that already
 * carry those new tokens (the next tab's client asking for a refresh right after the previous tab's answer
 * set the cookies: the clients' cross-tab lock serializes them) also get the same answer for
 * `recentRefreshMs` instead of rotating the pair once per tab. Across processes (serverless instances) the
 * API's `refresh_token_reuse_interval` returns the same successor pair to a late duplicate, so both sides
 * stay signed in.
 */
export function createRefresher(
  o: ResolvedServerSessionOptions,
): (refreshToken: string) => Promise<RefreshOutcome> {
  // Keyed by the refresh token itself: it never leaves this process's memory.
  const flights = new Map<string, { promise: Promise<RefreshOutcome>; doneAt?: number }>()
  const prune = (): void => {
    const now = o.now()
    for (const [key, f] of flights)
      if (f.doneAt !== undefined && now - f.doneAt > o.recentRefreshMs) flights.delete(key)
    // bound the memory even under a flood of distinct tokens
    while (flights.size > 10_000) flights.delete(flights.keys().next().value as string)
  }
  return (refreshToken) => {
    prune()
    const existing = flights.get(refreshToken)
    if (existing) return existing.promise
    const flight: { promise: Promise<RefreshOutcome>; doneAt?: number } = {
      promise: refreshOnce(o, refreshToken).then((outcome) => {
        // a temporary failure is not remembered: the next request tries again
        if (outcome.type === 'unavailable') {
          flights.delete(refreshToken)
          return outcome
        }
        flight.doneAt = o.now()
        // the pair it just issued counts as this refresh too (see above), pruned at the same time
        const successor = outcome.type === 'refreshed' ? outcome.result.tokens.refresh_token : undefined
        if (typeof successor === 'string' && successor !== refreshToken && !flights.has(successor))
          flights.set(successor, flight)
        return outcome
      }),
    }
    flights.set(refreshToken, flight)
    return flight.promise
  }
}
