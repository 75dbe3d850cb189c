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

type Rec = Record<string, unknown>
const rec = (v: unknown): Rec | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined)

/** The minimal response information the parser needs (a `Response` fits). */
export interface ErrorResponseInfo {
  status: number
  headers: Headers
}

/**
 * Turns an error body into a {@link HelloJohnApiError}. Accepts the HelloJohn envelope
 * `{"error": {code, message, status, request_id, details}}`, the flat `{code, message, detail}` and the RFC 6749
 * `{error, error_description}` (OAuth endpoints). Any other body (HTML from a proxy, empty) gives a code derived
 * from the HTTP status.
 *
 * @example
 * ```ts
 * const res = await fetch(url)
 * if (!res.ok) throw parseErrorBody(await res.json().catch(() => undefined), res)
 * ```
 */
export function parseErrorBody(body: unknown, { status, headers }: ErrorResponseInfo): HelloJohnApiError {
  const b = rec(body) ?? {}
  const oauth = str(b.error)
  const e = rec(b.error) ?? b
  const code = (oauth ??
    str(e.code) ??
    STATUS_CODES[status] ??
    (status >= 500 ? 'internal_error' : 'bad_request'))!
  return new HelloJohnApiError({
    code,
    message:
      str(oauth ? b.error_description : (e.message ?? e.detail)) ??
      `HTTP ${status} (${code}) from the HelloJohn API.`,
    status,
    requestId: str(e.request_id) ?? headers.get('x-request-id') ?? undefined,
    details: e.details ?? (str(e.message) && e.detail),
    retryAfter: parseRetryAfter(headers, status),
  })
}
