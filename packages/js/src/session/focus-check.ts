/** The least time between two session checks on focus, in ms. */
export const FOCUS_CHECK_INTERVAL_MS = 10_000

import type { ApiRunner } from '../http/request-runner'
import type { SessionManager } from './session-manager'

/**
 * Checks the session (`GET /v1/me`, whose 401 `session_revoked` signs out through the 401 handling) when the
 * page becomes visible or its window gets the focus, at most once per {@link FOCUS_CHECK_INTERVAL_MS} (by
 * `now`) and only while signed in, so a session revoked from another device is noticed when the user comes
 * back, not only on the next failing call. Does nothing without a `document` (servers, workers). Returns the
 * stop function.
 *
 * @example
 * ```ts
 * const stop = watchFocus(api, session, Date.now)
 * ```
 */
export function watchFocus(api: ApiRunner, session: SessionManager, now: () => number): () => void {
  const doc = (globalThis as { document?: Document }).document
  if (!doc?.addEventListener) return () => undefined
  let last = -Infinity
  const on = (): void => {
    if (doc.visibilityState !== 'hidden' && now() - last >= FOCUS_CHECK_INTERVAL_MS) {
      last = now()
      if (session.currentToken()) void api.GET('/v1/me').catch(() => undefined)
    }
  }
  doc.addEventListener('visibilitychange', on)
  globalThis.addEventListener('focus', on)
  return () => {
    doc.removeEventListener('visibilitychange', on)
    globalThis.removeEventListener('focus', on)
  }
}
