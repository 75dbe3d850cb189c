import { requestInit, unwrap, unwrapVoid } from './call'
import { requireObject, requireString, type AdminContext } from './context'
import { PageRequest } from './page-request'
import type {
  AcceptedResult,
  AdminUser,
  CreateUserParams,
  ImpersonateParams,
  ImpersonationResult,
  ListUsersParams,
  RequestOptions,
  RevokedSessions,
  UpdateUserParams,
  UserList,
} from './types'

/**
 * `hj.users`: the tenant's users (`/v1/users`).
 *
 * @example
 * ```ts
 * const user = await hj.users.create({ email: 'new@example.com', password: 'correct-horse-battery-staple' })
 * await hj.users.update(user.id, { public_metadata: { plan: 'pro' } })
 * for await (const u of hj.users.list({ status: 'active' })) console.log(u.email)
 * ```
 */
export interface UsersApi {
  /** A page of users (`await`), or every user (`for await`). Filters: `email`, `phone_number`, `external_id`, `status`, `org_id`. */
  list(params?: ListUsersParams, options?: RequestOptions): PageRequest<AdminUser, UserList>
  /** Creates a user. Email, phone number and external id are unique per tenant (409 `conflict`). */
  create(params: CreateUserParams, options?: RequestOptions): Promise<AdminUser>
  /** One user by id; 404 `user_not_found` when there is none. */
  get(userId: string, options?: RequestOptions): Promise<AdminUser>
  /** Partial update: omitted fields keep their values. */
  update(userId: string, params: UpdateUserParams, options?: RequestOptions): Promise<AdminUser>
  /** Deletes a user (and their sessions). */
  delete(userId: string, options?: RequestOptions): Promise<void>
  /** The user with this email (case-insensitive), or `null` when there is none. */
  getByEmail(email: string, options?: RequestOptions): Promise<AdminUser | null>
  /**
   * The user with this `external_id` (your own system's id), or `null` when there is none — not an error, so
   * "link or create" code reads naturally.
   */
  getByExternalId(externalId: string, options?: RequestOptions): Promise<AdminUser | null>
  /** Sends an SMS code to the user's `phone_number` (202). Verify it with {@link UsersApi.verifyPhone}. */
  sendPhoneVerification(userId: string, options?: RequestOptions): Promise<AcceptedResult>
  /** Checks the SMS code; resolves to the user with `phone_verified: true`. Wrong code: 422 / `invalid_code`. */
  verifyPhone(userId: string, code: string, options?: RequestOptions): Promise<AdminUser>
  /** An access token to act as this user (support tooling); always recorded in the audit log. */
  impersonate(
    userId: string,
    params?: ImpersonateParams,
    options?: RequestOptions,
  ): Promise<ImpersonationResult>
  /** Revokes every session of the user; their refresh tokens stop working at once. */
  revokeSessions(userId: string, options?: RequestOptions): Promise<RevokedSessions>
}

/** Builds `hj.users`. */
export function createUsersApi({ api }: AdminContext): UsersApi {
  const findOne = async (query: { email: string } | { external_id: string }, options?: RequestOptions) => {
    const page = await unwrap(
      api.GET('/v1/users', { params: { query: { ...query, limit: 1 } }, ...requestInit(options) }),
    )
    return page.data[0] ?? null
  }
  return {
    list(params = {}, options) {
      return new PageRequest(
        (cursor) =>
          api.GET('/v1/users', { params: { query: { ...params, cursor } }, ...requestInit(options) }),
        params.cursor,
      )
    },
    async create(params, options) {
      requireObject(params, 'the new user ({ email, password?, … })', 'users.create()')
      return unwrap(api.POST('/v1/users', { body: params, ...requestInit(options, true) }))
    },
    async get(userId, options) {
      requireString(userId, 'the user id (usr_…)', 'users.get()')
      return unwrap(api.GET('/v1/users/{userId}', { params: { path: { userId } }, ...requestInit(options) }))
    },
    async update(userId, params, options) {
      requireString(userId, 'the user id (usr_…)', 'users.update()')
      requireObject(params, 'the fields to change', 'users.update()')
      return unwrap(
        api.PATCH('/v1/users/{userId}', {
          params: { path: { userId } },
          body: params,
          ...requestInit(options),
        }),
      )
    },
    async delete(userId, options) {
      requireString(userId, 'the user id (usr_…)', 'users.delete()')
      return unwrapVoid(
        api.DELETE('/v1/users/{userId}', { params: { path: { userId } }, ...requestInit(options) }),
      )
    },
    async getByEmail(email, options) {
      return findOne({ email: requireString(email, 'an email address', 'users.getByEmail()') }, options)
    },
    async getByExternalId(externalId, options) {
      return findOne(
        { external_id: requireString(externalId, 'the external id', 'users.getByExternalId()') },
        options,
      )
    },
    async sendPhoneVerification(userId, options) {
      requireString(userId, 'the user id (usr_…)', 'users.sendPhoneVerification()')
      return unwrap(
        api.POST('/v1/users/{userId}/phone-verification', {
          params: { path: { userId } },
          ...requestInit(options, true),
        }),
      )
    },
    async verifyPhone(userId, code, options) {
      requireString(userId, 'the user id (usr_…)', 'users.verifyPhone()')
      requireString(code, 'the SMS code', 'users.verifyPhone()')
      return unwrap(
        api.POST('/v1/users/{userId}/phone-verification/verify', {
          params: { path: { userId } },
          body: { code },
          ...requestInit(options, true),
        }),
      )
    },
    async impersonate(userId, params = {}, options) {
      requireString(userId, 'the user id (usr_…)', 'users.impersonate()')
      requireObject(params, 'the impersonation options ({ reason?, expires_in? })', 'users.impersonate()')
      return unwrap(
        api.POST('/v1/users/{userId}/impersonate', {
          params: { path: { userId } },
          body: params,
          ...requestInit(options, true),
        }),
      )
    },
    async revokeSessions(userId, options) {
      requireString(userId, 'the user id (usr_…)', 'users.revokeSessions()')
      return unwrap(
        api.POST('/v1/users/{userId}/sessions/revoke', {
          params: { path: { userId } },
          ...requestInit(options, true),
        }),
      )
    },
  }
}
