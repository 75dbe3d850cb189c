import { HelloJohn } from '@hellojohn/node'
import { auth, currentUser } from '@hellojohn/nextjs/server'
import { redirect } from 'next/navigation'
import { hellojohn, secretKey } from '../../hellojohn.config'
import { ClientSession } from '../client-session'
import { OrganizationSwitcher } from '../organization-switcher'
import { PasskeySetup } from '../passkey-setup'
import { SignOutButton } from '../sign-out-button'

export default async function Dashboard() {
  const user = await currentUser(hellojohn)
  // the proxy already redirects; checking here too keeps the page safe if the matcher changes
  if (!user) redirect('/sign-in?redirect_url=%2Fdashboard')
  const { sessionId, orgId } = await auth(hellojohn)
  const admin = new HelloJohn({ secretKey, tenantId: hellojohn.tenantId, baseUrl: hellojohn.baseUrl })
  const sessions = await admin.sessions.list({ user_id: user.id, status: 'active' })
  return (
    <main>
      <h1>Dashboard</h1>
      <p>
        Signed in as <strong data-testid="email">{user.email}</strong>
      </p>
      <p>
        Session <code data-testid="session-id">{sessionId}</code> · organization{' '}
        <code data-testid="org-id">{orgId ?? 'none'}</code> · {sessions.data.length} active session(s)
      </p>
      <ClientSession />
      <OrganizationSwitcher />
      <PasskeySetup />
      <SignOutButton />
    </main>
  )
}
