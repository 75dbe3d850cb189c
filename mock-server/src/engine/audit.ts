import { newId } from './ids'
import type { AuditRecord } from './records'
import type { MockState } from './state'

/** Who did something. */
export interface Actor {
  type: 'user' | 'api_key' | 'system'
  id: string | null
}

/** What {@link recordAudit} needs. */
export interface AuditInput {
  tenant_id: string
  actor: Actor
  /** Dotted action name, e.g. `user.created`, `session.revoked`, `user.impersonated`, `user.signed_in`. */
  action: string
  resource: { type: string; id: string | null }
  ip_address?: string | null
  user_agent?: string | null
  metadata?: Record<string, unknown>
}

/**
 * Appends an audit-log entry (`aud_…`). Every admin action and every sign-in calls this.
 *
 * @example
 * ```ts
 * recordAudit(state, { tenant_id: 'tnt_demo', actor: { type: 'api_key', id: key.id }, action: 'user.created',
 *   resource: { type: 'user', id: user.id } })
 * ```
 */
export function recordAudit(state: MockState, input: AuditInput): AuditRecord {
  const now = state.clock.now()
  const entry: AuditRecord = {
    id: newId('aud', now),
    tenant_id: input.tenant_id,
    actor: { type: input.actor.type, id: input.actor.id },
    action: input.action,
    resource: { type: input.resource.type, id: input.resource.id },
    ip_address: input.ip_address ?? null,
    user_agent: input.user_agent ?? null,
    created_at: now,
    metadata: { ...(input.metadata ?? {}) },
  }
  state.db.auditLog.set(entry.id, entry)
  return entry
}
