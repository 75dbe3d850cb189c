import { call, requestInit } from './call'
import { requireString, type AdminContext } from './context'
import { usersOperations, type UsersOperations } from './generated/users'
import type { AdminUser, RequestOptions } from './types'

/**
 * `hj.users`: the tenant's users (`/v1/users`). The methods of `UsersOperations` are generated from the spec;
 * the look-ups and `verifyPhone(userId, code)` are written here.
 *
 * @example
 * ```ts
 * const user = await hj.users.create({ email: 'new@example.com', password: 'correct-horse-battery-staple' })
 * await hj.users.update(user.id, { public_metadata: { plan: 'pro' } })
 * for await (const u of hj.users.list({ status: 'active' })) console.log(u.email)
 * ```
 */
export interface UsersApi extends UsersOperations {
  /** The user with this email (case-insensitive), or `null` when there is none. */
  getByEmail(email: string, options?: RequestOptions): Promise<AdminUser | null>
  /**
   * The user with this `external_id` (your own system's id), or `null` when there is none — not an error, so
   * "link or create" code reads naturally.
   */
  getByExternalId(externalId: string, options?: RequestOptions): Promise<AdminUser | null>
  /**
   * Checks the SMS code; resolves to the user with `phone_verified: true`. Wrong code: 422 / `invalid_code`.
   */
  verifyPhone(userId: string, code: string, options?: RequestOptions): Promise<AdminUser>
}

/** Builds `hj.users`. */
export function createUsersApi({ request }: AdminContext): UsersApi {
  const findOne = async (query: { email: string } | { external_id: string }, options?: RequestOptions) => {
    const page = await call(
      request.GET('/v1/users', { params: { query: { ...query, limit: 1 } }, ...requestInit(options) }),
    )
    return page.data[0] ?? null
  }
  return {
    ...usersOperations(request),
    async getByEmail(email, options) {
      return findOne({ email: requireString(email, 'an email address', 'users.getByEmail()') }, options)
    },
    async getByExternalId(externalId, options) {
      return findOne(
        { external_id: requireString(externalId, 'the external id', 'users.getByExternalId()') },
        options,
      )
    },
    async verifyPhone(userId, code, options) {
      requireString(userId, 'the user id (usr_…)', 'users.verifyPhone()')
      requireString(code, 'the SMS code', 'users.verifyPhone()')
      return call(
        request.POST('/v1/users/{userId}/phone-verification/verify', {
          params: { path: { userId } },
          body: { code },
          ...requestInit(options, true),
        }),
      )
    },
  }
}
