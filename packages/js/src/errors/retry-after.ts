/**
 * Seconds the server asked us to wait, from `Retry-After` (delta-seconds or an HTTP date) or, on a 429 or when
 * `X-RateLimit-Remaining` is 0, from `X-RateLimit-Reset` (unix seconds). `undefined` when the server said nothing usable.
 */
export function parseRetryAfter(headers: Headers, status: number, now: number = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim()
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter)
    const date = Date.parse(retryAfter)
    if (!Number.isNaN(date)) return Math.max(0, (date - now) / 1000)
  }
  const reset = headers.get('x-ratelimit-reset')?.trim()
  if (reset && /^\d+$/.test(reset) && (status === 429 || headers.get('x-ratelimit-remaining')?.trim() === '0')) {
    return Math.max(0, Number(reset) - now / 1000)
  }
  return undefined
}
