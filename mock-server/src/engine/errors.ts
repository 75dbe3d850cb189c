import type { components } from '../http/spec-types'
import { newId } from './ids'

/** The closed list of error codes the mock answers with: the spec's `ErrorCode`, from the generated types. */
export type ErrorCode = components['schemas']['ErrorCode']

/** A per-field problem reported under `error.details`. */
export interface ErrorDetail {
  /** JSON path of the offending field, e.g. `password` or `password_policy.min_length`. */
  field: string
  /** Short machine code of the rule, e.g. `required`, `type`, `min_length`. */
  code: string
  /** What to fix, in words. */
  message: string
}

/** The error envelope every failing response carries. */
export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; status: number; request_id: string; details?: ErrorDetail[] }
}

/**
 * An error a handler throws to answer with the error envelope. The pipeline turns it into a response;
 * anything else thrown becomes a 500 `internal_error`.
 *
 * @example
 * ```ts
 * throw new ApiError(404, 'user_not_found', 'No user found with the provided ID.')
 * ```
 */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message)
  }
}

/** True for an {@link ApiError}. */
export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError
}

/** Shorthands for the common errors. */
export const errors = {
  validation: (details: ErrorDetail[], message = 'The request is invalid: see details for each field.') =>
    new ApiError(422, 'validation_failed', message, details),
  badRequest: (message: string, details?: ErrorDetail[]) =>
    new ApiError(400, 'bad_request', message, details),
  unauthorized: (message = 'A valid Authorization: Bearer token is required.') =>
    new ApiError(401, 'unauthorized', message),
  forbidden: (message: string) => new ApiError(403, 'forbidden', message),
  notFound: (what: string, code: ErrorCode = 'not_found') =>
    new ApiError(404, code, `${what} was not found.`),
  conflict: (message: string, details?: ErrorDetail[]) => new ApiError(409, 'conflict', message, details),
}

/** A fresh request id (`req_…`). */
export function newRequestId(nowMs: number): string {
  return newId('req', nowMs)
}

/** The envelope for an error. */
export function envelope(err: ApiError, requestId: string): ErrorEnvelope {
  return {
    error: {
      code: err.code,
      message: err.message,
      status: err.status,
      request_id: requestId,
      ...(err.details && err.details.length > 0 ? { details: err.details } : {}),
    },
  }
}

/** Default status → code mapping used for injected faults. */
export function codeForStatus(status: number): ErrorCode {
  if (status === 400) return 'bad_request'
  if (status === 422) return 'validation_failed'
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not_found'
  if (status === 409) return 'conflict'
  if (status === 413) return 'payload_too_large'
  if (status === 429) return 'rate_limited'
  if (status === 503) return 'service_unavailable'
  return 'internal_error'
}

/** The server version the mock reports in `X-HelloJohn-Version`. */
export const HELLOJOHN_VERSION = '1.4.2'
