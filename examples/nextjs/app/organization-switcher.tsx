'use client'
import { useOrganization } from '@hellojohn/nextjs'
import { useEffect, useState } from 'react'

/**
 * Switching organization from a client component: the call goes through the route handler, which stores the new
 * tokens in the HttpOnly cookies; a reload then renders the new organization on the server.
 */
export function OrganizationSwitcher() {
  const { list, setActive, organizationId, error } = useOrganization()
  const [orgs, setOrgs] = useState<Array<{ id: string; name: string }>>([])
  useEffect(() => {
    list()
      .then((page) => setOrgs(page.data.map((m) => ({ id: m.organization.id, name: m.organization.name }))))
      .catch(() => setOrgs([]))
  }, [list])
  return (
    <section aria-label="Organizations">
      <p data-testid="client-org">client organization: {organizationId ?? 'none'}</p>
      {orgs.map((org) => (
        <button
          key={org.id}
          type="button"
          onClick={() => void setActive(org.id).then(() => window.location.reload())}
        >
          Switch to {org.name}
        </button>
      ))}
      {error && <p role="alert">{error.message}</p>}
    </section>
  )
}
