import type { FetchLike, RetryOptions } from '../config'
import { HelloJohnNetworkError, HelloJohnTimeoutError } from '../errors/network-error'
import { parseRetryAfter } from '../errors/retry-after'

/*
 * Why retries and timeouts are a fetch wrapper and not openapi-fetch middleware: a middleware runs once per
 * call and cannot re-send a request (its `onResponse` may only swap the response, and the request body is
 * already consumed). openapi-fetch does call the `fetch` we give it with the final Request (after every
 * `onRequest`), so this wrapper sees the credential, tenant and Idempotency-Key headers and re-sends an
 * identical clone on each attempt: the Idempotency-Key therefore stays the same across retries. Auth, tenant,
 * idempotency and the 401 refresh-and-replay are middleware (see middleware.ts).
 */

const SAFE = /^(GET|HEAD|OPTIONS|PUT|DELETE)$/

/**
 * True when re-sending cannot apply a write twice: safe/idempotent methods, or a request carrying an
 * Idempotency-Key.
 *
 * @example
 * ```ts
 * isRetryable(new Request(url, { method: 'POST', headers: { 'Idempotency-Key': key } })) // true
 * ```
 */
export const isRetryable = (request: Request): boolean =>
  SAFE.test(request.method) || request.headers.has('idempotency-key')

const retryableStatus = (s: number): boolean => s === 408 || s === 429 || (s >= 500 && s !== 501 && s !== 505)

/** Waits `ms`, rejecting early when `signal` aborts. */
const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms)
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t)
        reject(signal.reason)
      },
      { once: true },
    )
  })

/** Options of {@link createResilientFetch}. */
export interface ResilientFetchOptions {
  fetch: FetchLike
  retry: RetryOptions | false
  /** Per attempt, in ms; 0 = none. */
  timeoutMs: number
  /** Random source in [0,1) for the jitter (default Math.random). */
  random?: (() => number) | undefined
  /** Called before each retry with the wait chosen (for logging and metrics). */
  onRetry?: ((info: RetryInfo) => void) | undefined
}

/** What the `onRetry` option of the resilient fetch receives. */
export interface RetryInfo {
  request: Request
  /** 1 for the first retry. */
  attempt: number
  delayMs: number
  /** The status that caused the retry, or the network/timeout error. */
  reason: number | Error
}

/**
 * Wraps `fetch` with per-attempt timeouts, the caller's `AbortSignal`, and retries with exponential backoff
 * and full jitter on network errors, timeouts, 408, 429 and 5xx — only for requests that are safe to repeat
 * ({@link isRetryable}). `Retry-After` / `X-RateLimit-Reset` replace the backoff when present; a wait longer
 * than `maxRetryAfterMs` is not attempted and the response is returned as is. Failures become
 * `HelloJohnNetworkError` (`network_error`, `request_aborted`) or `HelloJohnTimeoutError`.
 *
 * @example
 * ```ts
 * const f = createResilientFetch({ fetch: (r) => globalThis.fetch(r), retry: { retries: 2, baseDelayMs: 300, maxDelayMs: 5000, maxRetryAfterMs: 10000 }, timeoutMs: 10000 })
 * const res = await f(new Request('https://api.hellojohn.dev/v1/me'))
 * ```
 */
export function createResilientFetch({
  fetch,
  retry,
  timeoutMs,
  random = Math.random,
  onRetry,
}: ResilientFetchOptions): FetchLike {
  const live = new Set<Request>()
  return async (request) => {
    const caller = request.signal
    const retries = retry && isRetryable(request) ? retry.retries : 0
    const aborted = (cause: unknown): HelloJohnNetworkError =>
      new HelloJohnNetworkError('Aborted by its AbortSignal.', { code: 'request_aborted', cause })
    for (let attempt = 0; ; attempt++) {
      if (caller.aborted) throw aborted(caller.reason)
      const controller = new AbortController()
      const abort = (): void => controller.abort()
      caller.addEventListener('abort', abort)
      const timer = timeoutMs ? setTimeout(abort, timeoutMs) : undefined
      // Held in `live` until the attempt settles: fetch (undici) holds the Request's signal only weakly, so
      // once this Request is garbage-collected the abort of the timeout or of the caller's signal never
      // reaches the connection, and the call waits for the server (undici: 300 s) instead of timing out.
      const attempt_ = new Request(request.clone(), { signal: controller.signal })
      live.add(attempt_)
      let response: Response | undefined
      let reason: number | Error
      try {
        response = await fetch(attempt_)
        reason = response.status
      } catch (cause) {
        if (caller.aborted) throw aborted(cause)
        reason = controller.signal.aborted
          ? new HelloJohnTimeoutError(timeoutMs, { cause })
          : new HelloJohnNetworkError(
              `Could not reach ${new URL(request.url).origin}: check baseUrl, the network and CORS.`,
              { cause },
            )
      } finally {
        clearTimeout(timer)
        caller.removeEventListener('abort', abort)
        live.delete(attempt_)
      }
      if (attempt >= retries || (response && !retryableStatus(response.status))) {
        if (response) return response
        throw reason
      }
      let wait =
        random() *
        Math.min((retry as RetryOptions).maxDelayMs, (retry as RetryOptions).baseDelayMs * 2 ** attempt)
      if (response) {
        const after = parseRetryAfter(response.headers, response.status)
        if (after !== undefined) {
          if (after * 1000 > (retry as RetryOptions).maxRetryAfterMs) return response
          wait = Math.max(wait, after * 1000)
        }
        void response.body?.cancel().catch(() => undefined)
      }
      onRetry?.({ request, attempt: attempt + 1, delayMs: wait, reason })
      await sleep(wait, caller).catch((cause: unknown) => {
        throw aborted(cause)
      })
    }
  }
}
