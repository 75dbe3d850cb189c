import type { HelloJohnErrorCode } from './codes'
import { HelloJohnError, isHelloJohnError } from './hellojohn-error'

/** Fields of an error answered by the HelloJohn API. */
export interface HelloJohnApiErrorInit {
  code: HelloJohnErrorCode
  message: string
  /** HTTP status. */
  status: number
  /** `request_id` from the body or the `X-Request-ID` header; quote it to support. */
  requestId?: string | undefined
  /** Extra information, e.g. per-field problems for `validation_failed`. */
  details?: unknown
  /** Seconds to wait before retrying (from `Retry-After` / `X-RateLimit-Reset`), when the server said so. */
  retryAfter?: number | undefined
  cause?: unknown
}

/**
 * An error answered by the API (4xx/5xx), from any of its body formats.
 *
 * @example
 * ```ts
 * catch (e) {
 *   if (isHelloJohnApiError(e) && e.code === 'validation_failed') console.log(e.details)
 *   if (isHelloJohnApiError(e) && e.status === 429) await sleep((e.retryAfter ?? 1) * 1000)
 * }
 * ```
 */
export class HelloJohnApiError extends HelloJohnError {
  readonly status: number
  readonly requestId: string | undefined
  readonly details: unknown
  readonly retryAfter: number | undefined
  /** Discriminator that survives duplicated bundles (see {@link isHelloJohnApiError}). */
  readonly kind = 'api' as const

  constructor(init: HelloJohnApiErrorInit) {
    super(init.code, init.message, { cause: init.cause })
    this.name = 'HelloJohnApiError'
    this.status = init.status
    this.requestId = init.requestId
    this.details = init.details
    this.retryAfter = init.retryAfter
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      requestId: this.requestId,
      details: this.details,
      retryAfter: this.retryAfter,
    }
  }
}

/**
 * True for an error answered by the API, whichever copy of the SDK created it.
 *
 * @example
 * ```ts
 * if (isHelloJohnApiError(e) && e.status === 404) return null
 * ```
 */
export function isHelloJohnApiError(value: unknown, code?: HelloJohnErrorCode): value is HelloJohnApiError {
  return isHelloJohnError(value, code) && (value as { kind?: unknown }).kind === 'api'
}
