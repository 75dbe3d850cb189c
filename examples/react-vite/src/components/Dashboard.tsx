import type { User } from '@hellojohn/js'
import { useAuth } from '@hellojohn/react'
import { EmailVerification } from './EmailVerification'
import { Button } from './ui'
import { NodeApi } from './NodeApi'
import { Organizations } from './Organizations'
import { Security } from './Security'
import { Sessions } from './Sessions'

/** Everything a signed-in user can do. */
export function Dashboard({ user, mfaVerified }: { user: User; mfaVerified: boolean }) {
  const { signOut, isSubmitting } = useAuth()
  return (
    <div className="dashboard">
      <header className="topbar">
        <div className="brand">
          Hello<span className="accent">John</span>
        </div>
        <div className="who" data-testid="signed-in-as">
          <span className="avatar" aria-hidden>
            {(user.name ?? user.email ?? '?').slice(0, 1).toUpperCase()}
          </span>
          <div>
            <div>{user.name ?? user.email}</div>
            <div className="muted small">
              {user.name ? user.email : null}
              {user.email_verified ? <span className="badge">email verified</span> : null}
              {mfaVerified ? <span className="badge badge-green">MFA verified</span> : null}
            </div>
          </div>
          <Button variant="secondary" type="button" pending={isSubmitting} onClick={() => void signOut()}>
            Sign out
          </Button>
        </div>
      </header>
      <main className="grid">
        <EmailVerification user={user} />
        <NodeApi />
        <Security />
        <Sessions />
        <Organizations />
      </main>
    </div>
  )
}
