// @vitest-environment happy-dom
// Issue 12 item 3: a session revoked from another device is noticed when the user comes back to the tab (focus or
// visibility), throttled, without waiting for a call to fail.
import { beforeEach, describe, expect, it } from 'vitest'
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
  const on = ({ request }: { request: Request }): void => void (new URL(request.url).pathname === '/v1/me' && calls.count++)
  theMock().server.events.on('request:start', on)
  return calls
}
const until = (hj: HelloJohn, pred: (s: SessionSnapshot) => boolean) =>
  new Promise<SessionSnapshot>((resolve) => {
    if (pred(hj.session.getSnapshot())) return resolve(hj.session.getSnapshot())
    const off = hj.session.subscribe((s) => pred(s) && (off(), resolve(s)))
  })
const settle = () => new Promise((r) => setTimeout(r, 50))

describe('session check on focus / visibility (issue 12.3)', () => {
  it('a session revoked elsewhere signs the tab out when it regains the focus', async () => {
    const hj = client({ storage: 'memory', now: () => clientNow })
    const r = await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    if (r.status !== 'complete') throw new Error('expected complete')
    await admin('POST', `/v1/sessions/${r.session.id}/revoke`)
    expect(hj.session.getSnapshot().status).toBe('signed_in')
    window.dispatchEvent(new Event('focus'))
    expect(await until(hj, (s) => s.status === 'signed_out')).toMatchObject({ reason: 'session_revoked' })
  })

  it('becoming visible checks too; checks are throttled (10 s) and stop with destroy()', async () => {
    const calls = meCalls()
    try {
      const hj = client({ storage: 'memory', now: () => clientNow })
      await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
      document.dispatchEvent(new Event('visibilitychange'))
      await settle()
      expect(calls.count).toBe(1)
      window.dispatchEvent(new Event('focus'))
      document.dispatchEvent(new Event('visibilitychange'))
      await settle()
      expect(calls.count).toBe(1)
      clientNow += 10_000
      window.dispatchEvent(new Event('focus'))
      await settle()
      expect(calls.count).toBe(2)
      expect(hj.session.getSnapshot().status).toBe('signed_in')
      hj.destroy()
      clientNow += 10_000
      window.dispatchEvent(new Event('focus'))
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
