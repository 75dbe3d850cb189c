import { ApiError } from '../engine/errors'
import { serializeAudit } from '../engine/serialize'
import { defineRoute } from '../http/route'
import type { AnyRouteContext, Route } from '../http/route'
import { list, tenantOf, textMatch } from './common'

function parseTime(ctx: AnyRouteContext, name: 'since' | 'until'): number | null {
  const raw = ctx.query.get(name)
  if (raw === null) return null
  const t = Date.parse(raw)
  if (Number.isNaN(t))
    throw new ApiError(400, 'bad_request', `${name} must be an RFC 3339 timestamp.`, [
      {
        field: name,
        code: 'format',
        message: `${name} must be an RFC 3339 timestamp such as 2024-01-15T10:30:00Z.`,
      },
    ])
  return t
}

/** The audit log (secret key). */
export const auditLogsRoutes: Route[] = [
  defineRoute('get', '/v1/audit-logs', (ctx) => {
    const tenant = tenantOf(ctx)
    const q = ctx.query
    const actorId = q.get('actor_id')
    const action = q.get('action')
    const resourceType = q.get('resource_type')
    const resourceId = q.get('resource_id')
    const since = parseTime(ctx, 'since')
    const until = parseTime(ctx, 'until')
    const items = [...ctx.state.db.auditLog.values()].filter(
      (a) =>
        a.tenant_id === tenant.id &&
        (actorId === null || a.actor.id === actorId) &&
        (action === null || a.action === action) &&
        (resourceType === null || a.resource.type === resourceType) &&
        (resourceId === null || a.resource.id === resourceId) &&
        (since === null || a.created_at >= since) &&
        (until === null || a.created_at < until),
    )
    const page = list(
      ctx,
      items,
      { created_at: (a) => a.created_at },
      (a) => a.id,
      serializeAudit,
      (a, s) => textMatch(s, a.action, a.resource.type, a.resource.id, a.actor.id),
    )
    return { status: 200, body: page }
  }),

  defineRoute('get', '/v1/audit-logs/{entryId}', (ctx) => {
    const tenant = tenantOf(ctx)
    const entry = ctx.state.db.auditLog.get(ctx.params.entryId)
    if (!entry || entry.tenant_id !== tenant.id)
      throw new ApiError(
        404,
        'audit_log_entry_not_found',
        `No audit-log entry ${ctx.params.entryId} in tenant ${tenant.id}.`,
      )
    return { status: 200, body: serializeAudit(entry) }
  }),
]
