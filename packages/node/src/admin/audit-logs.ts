import type { AdminContext } from './context'
import { auditLogsOperations, type AuditLogsOperations } from './generated/audit-logs'

/**
 * `hj.auditLogs`: the tenant's audit log (`/v1/audit-logs`): every admin action, sign-in and impersonation.
 * All its methods are generated from the spec.
 *
 * @example
 * ```ts
 * for await (const entry of hj.auditLogs.list({ action: 'user.impersonated', since: '2024-01-01T00:00:00Z' })) {
 *   console.log(entry.actor.id, entry.resource.id, entry.created_at)
 * }
 * ```
 */
export interface AuditLogsApi extends AuditLogsOperations {}

/** Builds `hj.auditLogs`. */
export function createAuditLogsApi({ request }: AdminContext): AuditLogsApi {
  return auditLogsOperations(request)
}
