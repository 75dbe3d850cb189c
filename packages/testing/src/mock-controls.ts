import { HelloJohnTestingError } from './errors'
import { apiBase, callMock } from './http'

/** Options of {@link clock} and {@link faults}. */
export interface MockControlOptions {
  /** The mock's `--controls-token`, if it was started with one (default: `HELLOJOHN_MOCK_CONTROLS_TOKEN`). */
  controlsToken?: string
}

/** The mock's clock. */
export interface MockClock {
  /**
   * Moves the mock's clock forward (tokens, codes, links and tickets expire; webhook retries run). Returns
   * the new time.
   */
  advance(ms: number): Promise<Date>
}

/**
 * The clock of a running mock server (`POST /__mock/clock`). Mock only: against a real API it throws
 * `mock_required`.
 *
 * @example
 * ```ts
 * await clock(baseUrl).advance(16 * 60_000) // the magic link (15 minutes) has now expired
 * ```
 */
export function clock(baseUrl: string, options: MockControlOptions = {}): MockClock {
  const base = apiBase(baseUrl)
  return {
    async advance(ms) {
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
        throw new HelloJohnTestingError(
          'invalid_options',
          'clock().advance(ms): ms must be a non-negative number of milliseconds.',
        )
      const { now } = await callMock<{ now: string }>(
        base,
        'clock().advance',
        'POST',
        '/__mock/clock',
        { advance_ms: ms },
        options.controlsToken,
      )
      return new Date(now)
    },
  }
}

/** A fault: the next `times` calls to `path` fail with `status`, wait `delayMs`, or lose their connection. */
export interface FaultSpec {
  /** `/v1/auth/sign-in`, with `*` wildcards or `:param` segments. */
  path: string
  /** Only this HTTP method (any when omitted). */
  method?: string
  /** Answer this error status (400-599) instead of running the handler. */
  status?: number
  /** Wait this long first. */
  delayMs?: number
  /** Run the request, then drop the connection (the client sees a network error). */
  drop?: boolean
  /** How many calls (default 1). */
  times?: number
}

/** The mock's fault injection. */
export interface MockFaults {
  /** Adds a fault (`POST /__mock/faults`); a bad rule throws `invalid_options` or `request_failed` (422). */
  inject(fault: FaultSpec): Promise<void>
  /** Removes every pending fault. */
  clear(): Promise<void>
}

/**
 * Fault injection on a running mock server (`/__mock/faults`): make the next calls to a path fail, hang or
 * drop, to test retries and error screens. Mock only.
 *
 * @example
 * ```ts
 * await faults(baseUrl).inject({ path: '/v1/auth/sign-in', status: 503, times: 1 })
 * ```
 */
export function faults(baseUrl: string, options: MockControlOptions = {}): MockFaults {
  const base = apiBase(baseUrl)
  return {
    async inject(fault) {
      if (!fault || typeof fault.path !== 'string' || !fault.path.startsWith('/'))
        throw new HelloJohnTestingError(
          'invalid_options',
          'faults().inject({ path }): path must start with "/", e.g. "/v1/auth/sign-in".',
        )
      const body = {
        path: fault.path,
        ...(fault.method !== undefined && { method: fault.method }),
        ...(fault.status !== undefined && { status: fault.status }),
        ...(fault.delayMs !== undefined && { delay_ms: fault.delayMs }),
        ...(fault.drop !== undefined && { drop: fault.drop }),
        ...(fault.times !== undefined && { times: fault.times }),
      }
      await callMock(base, 'faults().inject', 'POST', '/__mock/faults', body, options.controlsToken)
    },
    async clear() {
      await callMock(base, 'faults().clear', 'DELETE', '/__mock/faults', undefined, options.controlsToken)
    },
  }
}
