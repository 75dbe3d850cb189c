import { requestInit, unwrap } from './call'
import { requireString, type AdminContext } from './context'
import { ItemsRequest } from './page-request'
import type { MfaFactor, MfaReset, RequestOptions, UserMfa } from './types'

/**
 * `hj.mfa`: a user's MFA enrollment, as an administrator sees it (`/v2/admin/users/{userId}/mfa`).
 *
 * @example
 * ```ts
 * const { factors, backup_codes_remaining } = await hj.mfa.list(userId)
 * for await (const factor of hj.mfa.list(userId)) console.log(factor.type)
 * await hj.mfa.reset(userId) // lost phone: remove every factor and backup code
 * ```
 */
export interface MfaApi {
  /**
   * The user's MFA: `await` it for `{ user_id, mfa_enabled, factors, backup_codes_remaining }` as the API returns it
   * (one object, never paged), or `for await` over the factors.
   */
  list(userId: string, options?: RequestOptions): ItemsRequest<MfaFactor, UserMfa>
  /** Removes every factor and backup code of the user (recorded in the audit log). */
  reset(userId: string, options?: RequestOptions): Promise<MfaReset>
}

/** Builds `hj.mfa`. */
export function createMfaApi({ api }: AdminContext): MfaApi {
  return {
    list(userId, options) {
      requireString(userId, 'the user id (usr_…)', 'mfa.list()')
      return new ItemsRequest(
        () =>
          unwrap(
            api.GET('/v2/admin/users/{userId}/mfa', {
              params: { path: { userId } },
              ...requestInit(options),
            }),
          ),
        (mfa) => mfa.factors,
      )
    },
    async reset(userId, options) {
      requireString(userId, 'the user id (usr_…)', 'mfa.reset()')
      return unwrap(
        api.DELETE('/v2/admin/users/{userId}/mfa', { params: { path: { userId } }, ...requestInit(options) }),
      )
    },
  }
}
