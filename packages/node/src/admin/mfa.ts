import { call, requestInit } from './call'
import { requireString, type AdminContext } from './context'
import { mfaOperations, type MfaOperations } from './generated/mfa'
import { ItemsRequest } from './page-request'
import type { MfaFactor, RequestOptions, UserMfa } from './types'

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
export interface MfaApi extends MfaOperations {
  /**
   * The user's MFA: `await` it for `{ user_id, mfa_enabled, factors, backup_codes_remaining }` as the API
   * returns it (one object, never paged), or `for await` over the factors.
   */
  list(userId: string, options?: RequestOptions): ItemsRequest<MfaFactor, UserMfa>
}

/** Builds `hj.mfa`. */
export function createMfaApi({ request }: AdminContext): MfaApi {
  return {
    ...mfaOperations(request),
    list(userId, options) {
      requireString(userId, 'the user id (usr_…)', 'mfa.list()')
      return new ItemsRequest(
        () =>
          call(
            request.GET('/v2/admin/users/{userId}/mfa', {
              params: { path: { userId } },
              ...requestInit(options),
            }),
          ),
        (mfa) => mfa.factors,
      )
    },
  }
}
