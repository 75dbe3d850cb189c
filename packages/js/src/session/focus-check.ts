/** The least time between two session checks on focus, in ms. */
export const FOCUS_CHECK_INTERVAL_MS = 10_000

/**
 * Calls `check` when the page becomes visible or its window gets the focus, at most once per
 * {@link FOCUS_CHECK_INTERVAL_MS} (by `now`), so a session revoked from another device is noticed when the user comes
 * back, not only on the next failing call. Does nothing without a `document` (servers, workers). Returns the stop
 * function.
 *
 * @example
 * ```ts
 * const stop = watchFocus(() => void api.GET('/v1/me'), Date.now)
 * ```
 */
export function watchFocus(check: () => void, now: () => number): () => void {
  const doc = (globalThis as { document?: Document }).document
  if (!doc?.addEventListener) return () => undefined
  let last = -Infinity
  const on = (): void => {
    if (doc.visibilityState != 'hidden' && now() - last >= FOCUS_CHECK_INTERVAL_MS) {
      last = now()
      check()
    }
  }
  doc.addEventListener('visibilitychange', on)
  globalThis.addEventListener('focus', on)
  return () => {
    doc.removeEventListener('visibilitychange', on)
    globalThis.removeEventListener('focus', on)
  }
}
