import type { ClientRecord, TenantRecord } from './records'
import type { MockState } from './state'

/**
 * Who an OAuth `client_id` names: a registered client (`cli_…`), or a tenant's publishable key (first-party
 * apps).
 */
export interface ResolvedClient {
  id: string
  tenant: TenantRecord
  /** The registered client; null for a publishable key. */
  record: ClientRecord | null
}

/**
 * Resolves an OAuth `client_id` to its tenant and client; null when it names nothing (or a revoked key).
 *
 * @example
 * ```ts
 * resolveClient(state, 'pk_test_demo') // { id: 'pk_test_demo', tenant: { id: 'tnt_demo', … }, record: null }
 * ```
 */
export function resolveClient(state: MockState, clientId: string): ResolvedClient | null {
  for (const c of state.db.clients.values()) {
    if (c.id === clientId || c.client_id === clientId) {
      const tenant = state.db.tenants.get(c.tenant_id)
      return tenant ? { id: clientId, tenant, record: c } : null
    }
  }
  for (const k of state.db.apiKeys.values()) {
    if (k.type === 'publishable' && k.secret === clientId && k.revoked_at === null) {
      const tenant = state.db.tenants.get(k.tenant_id)
      return tenant ? { id: clientId, tenant, record: null } : null
    }
  }
  return null
}
