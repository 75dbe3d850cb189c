// @vitest-environment happy-dom Issue 12 item 3: a session revoked from another device is noticed when the
// user comes back to the tab (focus or visibility), throttled, without waiting for a call to fail.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { HelloJohn, SessionSnapshot } from '@hellojohn/js'
import { admin, client, PASSWORD, theMock, useMock } from './mock'

useMock()

let clientNow = 0
beforeEach(() => {
  clientNow = theMock().controls.now()
})
/** Counts the GET /v1/me requests the mock receives until stop(). */
const meCalls = () => {
  const calls = { count: 0, stop: () => void theMock().server.events.removeListener('request:start', on) }
  const on = ({ request }: { request: Request }): void =>
    void (new URL(request.url).pathname === '/v1/me' && calls.count++)
  theMock().server.events.on('request:start', on)
  return calls
}
const until = (hj: HelloJohn, pred: (s: SessionSnapshot) => boolean) =>
  new Promise<SessionSnapshot>((resolve) => {
    if (pred(hj.session.getSnapshot())) return resolve(hj.session.getSnapshot())
    const off = hj.session.subscribe((s) => {
      if (!pred(s)) return
      off()
      resolve(s)
    })
  })
const settle = () => new Promise((r) => setTimeout(r, 50))

describe('session check on focus / visibility (issue 12.3)', () => {
  /** The watcher loads with the first session (a lazy chunk): fire `event` until its first check went out. */
  const firstCheck = async (calls: { count: number }, fire: () => void): Promise<void> =>
    vi.waitFor(
      () => {
        fire()
        expect(calls.count).toBe(1)
      },
      { timeout: 5_000, interval: 20 },
    )
  const focus = () => window.dispatchEvent(new Event('focus'))
  const visible = () => document.dispatchEvent(new Event('visibilitychange'))

  it('a session revoked elsewhere signs the tab out when it regains the focus', async () => {
    const calls = meCalls()
    try {
      const hj = client({ storage: 'memory', now: () => clientNow })
      const r = await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
      if (r.status !== 'complete') throw new Error('expected complete')
      await firstCheck(calls, focus)
      await admin('POST', `/v1/sessions/${r.session.id}/revoke`)
      clientNow += 10_000
      expect(hj.session.getSnapshot().status).toBe('signed_in')
      focus()
      expect(await until(hj, (s) => s.status === 'signed_out')).toMatchObject({ reason: 'session_revoked' })
    } finally {
      calls.stop()
    }
  })

  it('becoming visible checks too; checks are throttled (10 s) and stop with destroy()', async () => {
    const calls = meCalls()
    try {
      const hj = client({ storage: 'memory', now: () => clientNow })
      await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
      await firstCheck(calls, visible)
      focus()
      visible()
      await settle()
      expect(calls.count).toBe(1)
      clientNow += 10_000
      focus()
      await settle()
      expect(calls.count).toBe(2)
      expect(hj.session.getSnapshot().status).toBe('signed_in')
      hj.destroy()
      await settle()
      clientNow += 10_000
      focus()
      await settle()
      expect(calls.count).toBe(2)
    } finally {
      calls.stop()
    }
  })

  it('signed out, focus sends nothing', async () => {
    const calls = meCalls()
    try {
      client({ storage: 'memory', now: () => clientNow })
      window.dispatchEvent(new Event('focus'))
      await settle()
      expect(calls.count).toBe(0)
    } finally {
      calls.stop()
    }
  })
})
