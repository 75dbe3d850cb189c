/**
 * Seconds the server asked us to wait, from `Retry-After` (delta-seconds or an HTTP date) or, on a 429 or
 * when `X-RateLimit-Remaining` is 0, from `X-RateLimit-Reset` (unix seconds). `undefined` when the server
 * said nothing usable.
 *
 * @example
 * ```ts
 * parseRetryAfter(response.headers, response.status) // 7
 * ```
 */
export function parseRetryAfter(
  headers: Headers,
  status: number,
  now: number = Date.now(),
): number | undefined {
  const after = headers.get('retry-after')
  let seconds: number
  if (after) {
    // delta-seconds, or an HTTP date
    seconds = /^\s*\d+(\.\d+)?\s*$/.test(after) ? Number(after) : (Date.parse(after) - now) / 1000
  } else if (status === 429 || headers.get('x-ratelimit-remaining') === '0') {
    seconds = Number(headers.get('x-ratelimit-reset') || NaN) - now / 1000
  } else {
    return undefined
  }
  // an unparsable value says nothing usable; a moment already past means "now"
  if (Number.isNaN(seconds)) return undefined
  return seconds < 0 ? 0 : seconds
}
