/**
 * The engine's injectable clock. Every expiry in the mock (tokens, challenges, magic links, idempotency
 * records, rate-limit windows) reads time from here, so tests can jump forward with {@link Clock.advance}.
 *
 * @example
 * ```ts
 * const clock = createClock()
 * const before = clock.now()
 * clock.advance(15 * 60_000) // fifteen minutes later
 * clock.now() - before >= 900_000 // true
 * ```
 */
export interface Clock {
  /** Current time in milliseconds since the epoch (real time plus every advance). */
  now(): number
  /** Current time as a Date. */
  date(): Date
  /** Current time in whole seconds since the epoch (JWT `iat`/`exp` unit). */
  seconds(): number
  /** Moves the clock forward by `ms` milliseconds (negative values are rejected). */
  advance(ms: number): void
  /** Drops every advance: the clock reads real time (or its frozen start) again. */
  reset(): void
  /**
   * How far the clock has been advanced (ms); persisted with the state so advanced time survives a restart.
   */
  offset(): number
}

/** Options of {@link createClock}. */
export interface ClockOptions {
  /** Freeze the clock at this instant (ms since epoch); it then only moves through `advance`. */
  frozenAt?: number
}

/**
 * Creates a clock that follows real time (or a frozen instant) plus an offset that `advance` grows.
 *
 * @example
 * ```ts
 * const clock = createClock({ frozenAt: Date.UTC(2026, 0, 1) })
 * clock.advance(1000)
 * clock.date().toISOString() // "2026-01-01T00:00:01.000Z"
 * ```
 */
export function createClock(options: ClockOptions = {}): Clock {
  let offset = 0
  const base = (): number => (options.frozenAt === undefined ? Date.now() : options.frozenAt)
  const now = (): number => base() + offset
  return {
    now,
    date: () => new Date(now()),
    seconds: () => Math.floor(now() / 1000),
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError('clock.advance(ms) needs a finite, non-negative number of milliseconds')
      offset += ms
    },
    reset() {
      offset = 0
    },
    offset: () => offset,
  }
}

/** RFC 3339 timestamp (UTC, milliseconds dropped) of an instant in ms. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
