import { type HelloJohn } from '@hellojohn/js'
import { ORGANIZATION_METHODS } from '@hellojohn/js/internal'
import { computed, type ComputedRef } from 'vue'
import { useContext } from './use-hellojohn'
import { usePendingCalls, type PendingCallState } from './pending-call'
import { useSnapshot } from './use-snapshot'

/** What {@link useOrganization} returns. */
export type UseOrganizationResult = Pick<HelloJohn['organizations'], (typeof ORGANIZATION_METHODS)[number]> &
  PendingCallState & {
    /** The active organization of the session (the token's `org_id`), `null` when none is active. */
    organizationId: ComputedRef<string | null>
    /** The user's role in the active organization (the token's `role`), `null` when none is active. */
    role: ComputedRef<string | null>
  }

/**
 * The session's active organization (from the token claims) and the `hj.organizations` methods.
 * `setActive(orgId)` gets new tokens, and `organizationId` / `role` follow.
 *
 * @example
 * ```ts
 * const { organizationId, role, setActive } = useOrganization()
 * await setActive('org_…')
 * ```
 */
export function useOrganization(): UseOrganizationResult {
  const context = useContext('useOrganization')
  const snapshot = useSnapshot(context)
  const organizationId = computed(() => snapshot.value.claims?.org_id ?? null)
  return {
    ...usePendingCalls(context.client.organizations, ORGANIZATION_METHODS),
    organizationId,
    role: computed(() => (organizationId.value ? (snapshot.value.claims?.role ?? null) : null)),
  }
}
