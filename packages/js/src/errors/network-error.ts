import { HelloJohnError, type HelloJohnErrorOptions } from './hellojohn-error'

/**
 * The request never got an answer: DNS, connection refused or reset, CORS, or the caller aborted it
 * (`code: 'request_aborted'`).
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof HelloJohnNetworkError) showOfflineBanner() }
 * ```
 */
export class HelloJohnNetworkError extends HelloJohnError {
  constructor(
    message: string,
    options: HelloJohnErrorOptions & { code?: 'network_error' | 'request_aborted' | 'timeout' } = {},
  ) {
    super(options.code ?? 'network_error', message, options)
    this.name = 'HelloJohnNetworkError'
  }
}

/**
 * No answer within `timeoutMs` (per attempt). A timeout is also a network error.
 *
 * @example
 * ```ts
 * const hj = createHelloJohn({ ...config, timeoutMs: 5_000 })
 * catch (e) { if (isHelloJohnError(e, 'timeout')) retryLater() }
 * ```
 */
export class HelloJohnTimeoutError extends HelloJohnNetworkError {
  /** The limit that was exceeded, in milliseconds. */
  declare readonly timeoutMs: number

  constructor(timeoutMs: number, options: HelloJohnErrorOptions = {}) {
    super(`No answer within ${timeoutMs} ms: check the network or raise timeoutMs.`, {
      ...options,
      code: 'timeout',
    })
    Object.assign(this, { name: 'HelloJohnTimeoutError', timeoutMs })
  }
}
