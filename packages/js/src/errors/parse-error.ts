import { HelloJohnApiError } from './api-error'
import { parseRetryAfter } from './retry-after'

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  422: 'validation_failed',
  429: 'rate_limited',
  503: 'service_unavailable',
}

type JsonObject = Record<string, unknown>

/** `value` when it is a JSON object (not an array), else undefined. */
const asObject = (value: unknown): JsonObject | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined

/** `value` when it is a non-empty string, else undefined. */
const nonEmptyString = (value: unknown): string | undefined =>
  typeof value === 'string' && value ? value : undefined

/** The minimal response information the parser needs (a `Response` fits). */
export interface ErrorResponseInfo {
  status: number
  headers: Headers
}

/**
 * Turns an error body into a {@link HelloJohnApiError}. Accepts the HelloJohn envelope
 * `{"error": {code, message, status, request_id, details}}`, the flat `{code, message, detail}` and the RFC
 * 6749 `{error, error_description}` (OAuth endpoints). Any other body (HTML from a proxy, empty) gives a code
 * derived from the HTTP status.
 *
 * @example
 * ```ts
 * const res = await fetch(url)
 * if (!res.ok) throw parseErrorBody(await res.json().catch(() => undefined), res)
 * ```
 */
export function parseErrorBody(body: unknown, { status, headers }: ErrorResponseInfo): HelloJohnApiError {
  const root = asObject(body) ?? {}
  // RFC 6749: `error` is the code as a string, `error_description` the message
  const oauthCode = nonEmptyString(root.error)
  // the HelloJohn envelope nests its fields under `error`; the flat form has them at the top
  const fields = asObject(root.error) ?? root
  const code =
    oauthCode ??
    nonEmptyString(fields.code) ??
    STATUS_CODES[status] ??
    (status >= 500 ? 'internal_error' : 'bad_request')
  const message = oauthCode ? root.error_description : (fields.message ?? fields.detail)
  return new HelloJohnApiError({
    code,
    message: nonEmptyString(message) ?? `HTTP ${status} (${code}) from the HelloJohn API.`,
    status,
    requestId: nonEmptyString(fields.request_id) ?? headers.get('x-request-id') ?? undefined,
    // in the flat form, `detail` carries the details when `message` carries the message
    details: fields.details ?? (nonEmptyString(fields.message) ? fields.detail : undefined),
    retryAfter: parseRetryAfter(headers, status),
  })
}
