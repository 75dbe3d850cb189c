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

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

/** The minimal response information the parser needs (a `Response` fits). */
export interface ErrorResponseInfo {
  status: number
  headers: Headers
}

/**
 * Turns an error body into a {@link HelloJohnApiError}. Accepts the HelloJohn envelope
 * `{"error": {code, message, status, request_id, details}}`, the flat `{code, message, detail}` and the RFC 6749
 * `{error, error_description}` (OAuth token endpoint). Any other body (HTML from a proxy, empty) gives a code derived
 * from the HTTP status.
 *
 * @example
 * ```ts
 * const res = await fetch(url)
 * if (!res.ok) throw parseErrorBody(await res.json().catch(() => undefined), res)
 * ```
 */
export function parseErrorBody(body: unknown, response: ErrorResponseInfo): HelloJohnApiError {
  let code: string | undefined
  let message: string | undefined
  let requestId: string | undefined
  let details: unknown
  let status = response.status

  if (isRecord(body)) {
    const envelope = body.error
    if (isRecord(envelope)) {
      code = str(envelope.code)
      message = str(envelope.message)
      requestId = str(envelope.request_id)
      details = envelope.details
      if (typeof envelope.status === 'number' && response.status === 0) status = envelope.status
    } else if (typeof envelope === 'string') {
      code = envelope
      message = str(body.error_description)
      details = str(body.error_uri) === undefined ? undefined : { error_uri: body.error_uri }
    } else {
      code = str(body.code)
      message = str(body.message) ?? str(body.detail) ?? str(body.title)
      details = body.details ?? (str(body.message) !== undefined ? body.detail : undefined)
      requestId = str(body.request_id)
    }
  }

  code ??= STATUS_CODES[status] ?? (status >= 500 ? 'internal_error' : 'bad_request')
  requestId ??= response.headers.get('x-request-id') ?? undefined
  message ??= `The HelloJohn API answered HTTP ${status} (${code}).`

  return new HelloJohnApiError({
    code,
    message,
    status,
    requestId,
    details,
    retryAfter: parseRetryAfter(response.headers, status),
  })
}
