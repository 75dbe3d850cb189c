import { requestInit, unwrap } from './call'
import { requireString, type AdminContext } from './context'
import { PageRequest } from './page-request'
import type { AuditLogEntry, AuditLogList, ListAuditLogsParams, RequestOptions } from './types'

/**
 * `hj.auditLogs`: the tenant's audit log (`/v1/audit-logs`): every admin action, sign-in and impersonation.
 *
 * @example
 * ```ts
 * for await (const entry of hj.auditLogs.list({ action: 'user.impersonated', since: '2024-01-01T00:00:00Z' })) {
 *   console.log(entry.actor.id, entry.resource.id, entry.created_at)
 * }
 * ```
 */
export interface AuditLogsApi {
  /** A page of entries (`await`), or all (`for await`). Filters: `actor_id`, `action`, `resource_type`, `resource_id`, `since`, `until`. */
  list(params?: ListAuditLogsParams, options?: RequestOptions): PageRequest<AuditLogEntry, AuditLogList>
  /** One entry by id (`aud_…`). */
  get(entryId: string, options?: RequestOptions): Promise<AuditLogEntry>
}

/** Builds `hj.auditLogs`. */
export function createAuditLogsApi({ api }: AdminContext): AuditLogsApi {
  return {
    list(params = {}, options) {
      return new PageRequest(
        (cursor) =>
          api.GET('/v1/audit-logs', { params: { query: { ...params, cursor } }, ...requestInit(options) }),
        params.cursor,
      )
    },
    async get(entryId, options) {
      requireString(entryId, 'the entry id (aud_…)', 'auditLogs.get()')
      return unwrap(
        api.GET('/v1/audit-logs/{entryId}', { params: { path: { entryId } }, ...requestInit(options) }),
      )
    },
  }
}
