import { requestInit, unwrap } from './call'
import { requireString, type AdminContext } from './context'
import type { MfaReset, RequestOptions, UserMfa } from './types'

/**
 * `hj.mfa`: a user's MFA enrollment, as an administrator sees it (`/v2/admin/users/{userId}/mfa`).
 *
 * @example
 * ```ts
 * const { factors, backup_codes_remaining } = await hj.mfa.list(userId)
 * await hj.mfa.reset(userId) // lost phone: remove every factor and backup code
 * ```
 */
export interface MfaApi {
  /**
   * The user's factors and remaining backup codes. The API returns them in one object (never paged), so this
   * resolves to it directly: iterate over `.factors`.
   */
  list(userId: string, options?: RequestOptions): Promise<UserMfa>
  /** Removes every factor and backup code of the user (recorded in the audit log). */
  reset(userId: string, options?: RequestOptions): Promise<MfaReset>
}

/** Builds `hj.mfa`. */
export function createMfaApi({ api }: AdminContext): MfaApi {
  return {
    async list(userId, options) {
      requireString(userId, 'the user id (usr_…)', 'mfa.list()')
      return unwrap(api.GET('/v2/admin/users/{userId}/mfa', { params: { path: { userId } }, ...requestInit(options) }))
    },
    async reset(userId, options) {
      requireString(userId, 'the user id (usr_…)', 'mfa.reset()')
      return unwrap(api.DELETE('/v2/admin/users/{userId}/mfa', { params: { path: { userId } }, ...requestInit(options) }))
    },
  }
}
