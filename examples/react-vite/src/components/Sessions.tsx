import type { Session } from '@hellojohn/js'
import { useHelloJohn } from '@hellojohn/react'
import { useEffect, useState } from 'react'
import { Button, Card, ErrorText, formatTime } from './ui'
import { useAction } from './use-action'

function device(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device'
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Chrome\//.test(userAgent)
      ? 'Chrome'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : 'Browser'
  const os = /Windows/.test(userAgent)
    ? 'Windows'
    : /Mac OS/.test(userAgent)
      ? 'macOS'
      : /Android/.test(userAgent)
        ? 'Android'
        : /iPhone|iPad/.test(userAgent)
          ? 'iOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : ''
  return os ? `${browser} on ${os}` : browser
}

/** The signed-in user's sessions, with revoke. */
export function Sessions() {
  const hj = useHelloJohn()
  const [sessions, setSessions] = useState<Session[] | null>(null)
  const load = useAction(async () => setSessions((await hj.me.listSessions({ limit: 50 })).data))
  const revoke = useAction(async (id: string) => {
    await hj.me.revokeSession(id)
    await load.run()
  })
  const reload = load.run
  useEffect(() => {
    void reload()
  }, [reload])
  return (
    <Card
      title="Sessions"
      subtitle="Everywhere you are signed in. Revoking a session signs that device out."
      testId="sessions"
    >
      {load.pending && !sessions ? <p className="muted">Loading sessions…</p> : null}
      <ErrorText error={load.error ?? revoke.error} />
      {sessions ? (
        <ul className="list">
          {sessions.map((s) => (
            <li key={s.id} data-testid="session-row">
              <div>
                <strong>{device(s.user_agent)}</strong>
                {s.current ? <span className="badge">this device</span> : null}
                {s.mfa_verified ? <span className="badge badge-green">MFA</span> : null}
                <div className="muted small">
                  {s.ip_address ?? 'unknown IP'} · last active {formatTime(s.last_active_at)} · {s.status}
                </div>
              </div>
              {s.status === 'active' ? (
                <Button
                  variant="danger"
                  type="button"
                  pending={revoke.pending}
                  onClick={() => void revoke.run(s.id)}
                >
                  {s.current ? 'Sign out here' : 'Revoke'}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <Button variant="link" type="button" onClick={() => void load.run()}>
        Refresh
      </Button>
    </Card>
  )
}
