import { HelloJohnError } from '@hellojohn/js'
import type { RequestOptions } from './types'

// Responses become values or HelloJohnApiErrors in one place for every package: `call()` of
// @hellojohn/js/internal.
export { call, type ApiResult } from '@hellojohn/js/internal'

/**
 * The part of an openapi-fetch `init` the admin methods set from {@link RequestOptions}: the caller's
 * AbortSignal and, for a POST (`post` true), their own Idempotency-Key. Without one, the core's idempotency
 * middleware adds a UUID that the retry wrapper keeps across attempts.
 */
export function requestInit(
  options: RequestOptions | undefined,
  post = false,
): { signal?: AbortSignal; headers?: Record<string, string> } {
  const init: { signal?: AbortSignal; headers?: Record<string, string> } = {}
  if (options?.signal) init.signal = options.signal
  if (post && options?.idempotencyKey !== undefined) {
    if (
      typeof options.idempotencyKey !== 'string' ||
      options.idempotencyKey === '' ||
      options.idempotencyKey.length > 255
    ) {
      throw new HelloJohnError(
        'invalid_argument',
        'idempotencyKey must be a non-empty string of at most 255 characters (a UUID or your own operation id).',
      )
    }
    init.headers = { 'Idempotency-Key': options.idempotencyKey }
  }
  return init
}
