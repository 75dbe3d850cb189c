import { requestInit, unwrap } from './call'
import { requireString, type AdminContext } from './context'
import { PageRequest } from './page-request'
import type { AdminSession, ListSessionsParams, RequestOptions, SessionList } from './types'

/**
 * `hj.sessions`: every session of the tenant (`/v1/sessions`).
 *
 * @example
 * ```ts
 * for await (const s of hj.sessions.list({ user_id: userId, status: 'active' })) await hj.sessions.revoke(s.id)
 * ```
 */
export interface SessionsApi {
  /** A page of sessions (`await`), or all of them (`for await`). Filters: `user_id`, `status`. */
  list(params?: ListSessionsParams, options?: RequestOptions): PageRequest<AdminSession, SessionList>
  /** One session by id (`ses_…`). */
  get(sessionId: string, options?: RequestOptions): Promise<AdminSession>
  /** Revokes a session: its refresh token stops working at once (access tokens live until they expire). */
  revoke(sessionId: string, options?: RequestOptions): Promise<AdminSession>
}

/** Builds `hj.sessions`. */
export function createSessionsApi({ api }: AdminContext): SessionsApi {
  return {
    list(params = {}, options) {
      return new PageRequest(
        (cursor) =>
          api.GET('/v1/sessions', { params: { query: { ...params, cursor } }, ...requestInit(options) }),
        params.cursor,
      )
    },
    async get(sessionId, options) {
      requireString(sessionId, 'the session id (ses_…)', 'sessions.get()')
      return unwrap(
        api.GET('/v1/sessions/{sessionId}', { params: { path: { sessionId } }, ...requestInit(options) }),
      )
    },
    async revoke(sessionId, options) {
      requireString(sessionId, 'the session id (ses_…)', 'sessions.revoke()')
      return unwrap(
        api.POST('/v1/sessions/{sessionId}/revoke', {
          params: { path: { sessionId } },
          ...requestInit(options, true),
        }),
      )
    },
  }
}
