import { HelloJohnError, type HelloJohnApi } from '@hellojohn/js'
import type { ApiRunner } from '@hellojohn/js/internal'

/**
 * The typed openapi-fetch client of `hj.api`: the core's `hj.api` type, here with a secret-key credential.
 */
export type AdminApi = HelloJohnApi

/**
 * What the admin methods send their requests with: the core transport's typed runner (the one `hj.auth`,
 * `hj.mfa`, … use in `@hellojohn/js`), over the same fetch and middleware as `hj.api`.
 */
export type AdminRequest = ApiRunner

/** What every namespace factory receives. */
export interface AdminContext {
  request: AdminRequest
  /** The configured tenant (`tnt_…`), the default of the `/v2/admin/tenants/{tenantId}` methods. */
  tenantId: string
}

/**
 * Checks a positional id / string argument before any request is sent, so a missing id is a clear
 * `invalid_argument` error instead of a request to `/v1/users/undefined`.
 */
export function requireString(value: unknown, what: string, method: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    const got =
      value === undefined ? 'nothing' : typeof value === 'string' ? 'an empty string' : `a ${typeof value}`
    throw new HelloJohnError('invalid_argument', `${method} needs ${what} as a non-empty string, got ${got}.`)
  }
  return value
}

/** Checks that a request body argument is a plain object. */
export function requireObject<T>(value: T, what: string, method: string): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HelloJohnError(
      'invalid_argument',
      `${method} needs ${what} as an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}.`,
    )
  }
  return value
}
