/** Rate-limit groups and their per-minute limits (seed 001). */
export const RATE_LIMITS = {
  /** Sign-in / sign-up: 10 per minute per IP. */
  auth: 10,
  /** Token refresh: 60 per minute per user. */
  refresh: 60,
  /** Reads: 1,000 per minute per key. */
  read: 1000,
  /** Writes: 200 per minute per key. */
  write: 200,
} as const

/** One of the rate-limit groups. */
export type RateLimitGroup = keyof typeof RATE_LIMITS

/** The outcome of one hit. */
export interface RateLimitResult {
  allowed: boolean
  limit: number
  remaining: number
  /** Unix seconds when the window resets. */
  reset: number
  /** Seconds until the window resets (for Retry-After). */
  retryAfter: number
}

/** A fixed-window limiter over the engine clock. */
export interface RateLimiter {
  enabled: boolean
  hit(group: RateLimitGroup, subject: string, nowMs: number): RateLimitResult
  clear(): void
}

/**
 * Creates a limiter with one-minute fixed windows. When disabled it still counts and reports headers, but
 * never refuses.
 *
 * @example
 * ```ts
 * const limiter = createRateLimiter(true)
 * limiter.hit('auth', 'ip:127.0.0.1', Date.now()) // { allowed: true, limit: 10, remaining: 9, … }
 * ```
 */
export function createRateLimiter(enabled = true): RateLimiter {
  let windows = new Map<string, { start: number; count: number }>()
  const limiter: RateLimiter = {
    enabled,
    hit(group, subject, nowMs) {
      const limit = RATE_LIMITS[group]
      const start = Math.floor(nowMs / 60_000) * 60_000
      const key = `${group}:${subject}`
      let w = windows.get(key)
      if (!w || w.start !== start) {
        w = { start, count: 0 }
        windows.set(key, w)
      }
      const reset = Math.floor((start + 60_000) / 1000)
      const retryAfter = Math.max(1, Math.ceil((start + 60_000 - nowMs) / 1000))
      if (limiter.enabled && w.count >= limit)
        return { allowed: false, limit, remaining: 0, reset, retryAfter }
      w.count += 1
      return { allowed: true, limit, remaining: Math.max(0, limit - w.count), reset, retryAfter }
    },
    clear() {
      windows = new Map()
    },
  }
  return limiter
}
