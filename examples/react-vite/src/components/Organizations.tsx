import type { Membership } from '@hellojohn/js'
import { useOrganization } from '@hellojohn/react'
import { useEffect, useState } from 'react'
import { Button, Card, ErrorText, Field, Form } from './ui'
import { useAction } from './use-action'

const INVITE_KEY = 'hellojohn-example:invitation-token'

/** Reads `?token=` from an invitation link (`/invitations/accept?token=…`), kept until used. */
export function pendingInvitationToken(): string {
  if (window.location.pathname === '/invitations/accept') {
    const token = new URLSearchParams(window.location.search).get('token')
    if (token) {
      sessionStorage.setItem(INVITE_KEY, token)
      window.history.replaceState(null, '', '/')
    }
  }
  return sessionStorage.getItem(INVITE_KEY) ?? ''
}

/** Organizations: list and switch the active one, create, invite, accept an invitation. */
export function Organizations() {
  // The active organization comes from the access token (org_id); the methods wrap hj.organizations.
  const organizations = useOrganization()
  const activeOrg = organizations.organizationId
  const [memberships, setMemberships] = useState<Membership[] | null>(null)
  const [name, setName] = useState('')
  const [inviteEmail, setInviteEmail] = useState('')
  const [invited, setInvited] = useState<string | null>(null)
  const [token, setToken] = useState(pendingInvitationToken)
  const [accepted, setAccepted] = useState<string | null>(null)

  const load = useAction(async () => setMemberships((await organizations.list({ limit: 100 })).data))
  const create = useAction(async () => {
    const org = await organizations.create({ name })
    setName('')
    setInvited(null) // the notice was about the previous organization
    await organizations.setActive(org.id)
    await load.run()
  })
  const switchTo = useAction(async (orgId: string | null) => {
    setInvited(null)
    await organizations.setActive(orgId)
    await load.run()
  })
  const invite = useAction(async () => {
    if (!activeOrg) return
    await organizations.invite(activeOrg, {
      email: inviteEmail,
      role: 'member',
      redirect_url: `${window.location.origin}/invitations/accept`,
    })
    setInvited(`${inviteEmail} for ${active?.organization.name ?? 'this organization'}`)
    setInviteEmail('')
  })
  const accept = useAction(async () => {
    const raw = token.trim()
    const value = raw.includes('token=')
      ? (new URL(raw, window.location.origin).searchParams.get('token') ?? raw)
      : raw
    const result = await organizations.acceptInvitation(value)
    sessionStorage.removeItem(INVITE_KEY)
    setToken('')
    setAccepted(result.organization.name)
    await load.run()
  })
  const reload = load.run
  useEffect(() => {
    void reload()
  }, [reload])

  const active = memberships?.find((m) => m.organization.id === activeOrg)
  return (
    <Card
      title="Organizations"
      subtitle="Your teams. The active one is in your access token (org_id, role)."
      testId="organizations"
    >
      {load.pending && !memberships ? <p className="muted">Loading organizations…</p> : null}
      <ErrorText error={load.error ?? switchTo.error} />
      {memberships && memberships.length === 0 ? (
        <p className="muted">You are not in any organization yet.</p>
      ) : null}
      {memberships && memberships.length > 0 ? (
        <ul className="list">
          {memberships.map((m) => (
            <li key={m.organization.id}>
              <div>
                <strong>{m.organization.name}</strong> <span className="muted">/{m.organization.slug}</span>
                <span className="badge">{m.role}</span>
                {m.organization.id === activeOrg ? <span className="badge badge-green">active</span> : null}
              </div>
              {m.organization.id === activeOrg ? (
                <Button
                  variant="secondary"
                  type="button"
                  pending={switchTo.pending}
                  onClick={() => void switchTo.run(null)}
                >
                  Personal
                </Button>
              ) : (
                <Button
                  variant="secondary"
                  type="button"
                  pending={switchTo.pending}
                  onClick={() => void switchTo.run(m.organization.id)}
                >
                  Switch
                </Button>
              )}
            </li>
          ))}
        </ul>
      ) : null}

      <div className="grid-2">
        <Form aria-label="Create organization" onSubmit={() => void create.run()}>
          <Field
            label="New organization"
            name="org-name"
            placeholder="Acme Labs"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <ErrorText error={create.error} />
          <Button type="submit" pending={create.pending}>
            Create
          </Button>
        </Form>
        <Form aria-label="Invite" onSubmit={() => void invite.run()}>
          <Field
            label={
              active ? `Invite to ${active.organization.name}` : 'Invite (switch to an organization first)'
            }
            name="invite-email"
            type="email"
            placeholder="bob@example.com"
            required
            disabled={!activeOrg}
            value={inviteEmail}
            onChange={(e) => setInviteEmail(e.target.value)}
          />
          <ErrorText error={invite.error} />
          {invited ? (
            <p className="success">Invitation sent to {invited} (the mock prints the link).</p>
          ) : null}
          <Button type="submit" pending={invite.pending} disabled={!activeOrg}>
            Send invitation
          </Button>
        </Form>
      </div>
      <Form aria-label="Accept invitation" onSubmit={() => void accept.run()}>
        <Field
          label="Accept an invitation (paste the link or token)"
          name="invitation-token"
          required
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
        <ErrorText error={accept.error} />
        {accepted ? <p className="success">You joined {accepted}.</p> : null}
        <Button type="submit" variant="secondary" pending={accept.pending}>
          Accept invitation
        </Button>
      </Form>
    </Card>
  )
}
