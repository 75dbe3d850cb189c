/** Stable codes of {@link HelloJohnTestingError}. */
export type HelloJohnTestingErrorCode =
  /**
   * The helper drives the mock's `/__mock/…` controls (outbox, clock, faults): it cannot work against a real
   * tenant.
   */
  | 'mock_required'
  /** An option is missing or malformed (the message names it). */
  | 'invalid_options'
  /** The API answered an error; `status` and `apiCode` say which. */
  | 'request_failed'
  /** No user matched `{ email }`. */
  | 'user_not_found'
  /** The sign-in needs a second factor: pass `{ mfaVerified: true }` to skip it. */
  | 'mfa_pending'
  /** Nothing arrived in time (`waitForMessage`). */
  | 'timeout'

/**
 * The one error type of `@hellojohn/testing`: a stable `code`, a message saying what to fix, and for API
 * failures the HTTP `status` and the API's error code. Keys and tokens never appear in it.
 *
 * @example
 * ```ts
 * try {
 *   await waitForMessage({ baseUrl, to: 'a@example.com', kind: 'magic_link' })
 * } catch (e) {
 *   if (e instanceof HelloJohnTestingError && e.code === 'mock_required') test.skip()
 * }
 * ```
 */
export class HelloJohnTestingError extends Error {
  override readonly name = 'HelloJohnTestingError'
  readonly code: HelloJohnTestingErrorCode
  /** HTTP status of the failed call, when there was one. */
  readonly status: number | undefined
  /** The API's `error.code`, when it sent one. */
  readonly apiCode: string | undefined

  constructor(
    code: HelloJohnTestingErrorCode,
    message: string,
    init: { status?: number; apiCode?: string; cause?: unknown } = {},
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause })
    this.code = code
    this.status = init.status
    this.apiCode = init.apiCode
  }
}
