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
  /** Extra information, e.g. per-field problems (`[{ field, code, message }]`) for `validation_failed`. */
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
  declare readonly status: number
  declare readonly requestId: string | undefined
  declare readonly details: unknown
  declare readonly retryAfter: number | undefined
  /** Discriminator that survives duplicated bundles (see {@link isHelloJohnApiError}). */
  declare readonly kind: 'api'

  constructor({ code, message, cause, ...fields }: HelloJohnApiErrorInit) {
    super(code, message, { cause })
    Object.assign(this, { name: 'HelloJohnApiError', kind: 'api', ...fields })
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
export const isHelloJohnApiError = (value: unknown, code?: HelloJohnErrorCode): value is HelloJohnApiError =>
  isHelloJohnError(value, code) && (value as { kind?: unknown }).kind === 'api'
