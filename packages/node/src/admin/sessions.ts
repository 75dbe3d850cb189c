import type { AdminContext } from './context'
import { sessionsOperations, type SessionsOperations } from './generated/sessions'

/**
 * `hj.sessions`: every session of the tenant (`/v1/sessions`). All its methods are generated from the spec.
 *
 * @example
 * ```ts
 * for await (const s of hj.sessions.list({ user_id: userId, status: 'active' })) await hj.sessions.revoke(s.id)
 * ```
 */
export interface SessionsApi extends SessionsOperations {}

/** Builds `hj.sessions`. */
export function createSessionsApi({ request }: AdminContext): SessionsApi {
  return sessionsOperations(request)
}
