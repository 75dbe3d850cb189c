'use client'
import { useSession } from '@hellojohn/nextjs'

/** A client component on the same session: rendered on the server from the snapshot, so no flash after hydration. */
export function ClientSession() {
  const session = useSession()
  return (
    <>
      <p data-testid="client-session">
        client: {session.status}
        {session.isSignedIn ? ` as ${session.user.email}` : ''}
      </p>
      <p>
        client session <code data-testid="client-session-id">{session.session?.id ?? 'none'}</code>
      </p>
    </>
  )
}
