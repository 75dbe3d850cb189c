'use client'
import { type HelloJohn } from '@hellojohn/js'
import { ORGANIZATION_METHODS } from '@hellojohn/js/internal'
import { useMemo } from 'react'
import { useClient } from './use-hellojohn'
import { usePendingCalls, type PendingCallState } from './pending-call'
import { useSnapshot } from './use-snapshot'

/** What {@link useOrganization} returns. */
export type UseOrganizationResult = Pick<HelloJohn['organizations'], (typeof ORGANIZATION_METHODS)[number]> &
  PendingCallState & {
    /** The active organization of the session (the token's `org_id`), `null` when none is active. */
    organizationId: string | null
    /** The user's role in the active organization (the token's `role`), `null` when none is active. */
    role: string | null
  }

/**
 * The session's active organization (from the token claims) and the `hj.organizations` methods.
 * `setActive(orgId)` gets new tokens, and `organizationId` / `role` follow.
 *
 * @example
 * ```tsx
 * const { organizationId, role, setActive } = useOrganization()
 * return <button onClick={() => setActive('org_…')}>Switch ({organizationId ?? 'personal'}, {role})</button>
 * ```
 */
export function useOrganization(): UseOrganizationResult {
  const hj = useClient('useOrganization')
  const { claims } = useSnapshot(hj)
  const calls = usePendingCalls(hj.organizations, ORGANIZATION_METHODS)
  const organizationId = claims?.org_id ?? null
  const role = organizationId ? (claims?.role ?? null) : null
  return useMemo(() => ({ ...calls, organizationId, role }), [calls, organizationId, role])
}
