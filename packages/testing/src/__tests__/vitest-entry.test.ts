import { createHelloJohn } from '@hellojohn/js'
import { DEMO } from '@hellojohn/mock-server/node'
import { describe, expect, it } from 'vitest'
import { useHelloJohnMock } from '@hellojohn/testing/vitest'

// In process: msw answers fetch calls to hj.baseUrl in this worker, nothing listens on a port.
const hj = useHelloJohnMock({ baseUrl: 'http://localhost:19914' })

describe('useHelloJohnMock', () => {
  it('answers @hellojohn/js in process (password sign-in of the demo user)', async () => {
    const client = createHelloJohn({
      baseUrl: hj.baseUrl,
      publishableKey: hj.tenant.publishableKey,
      tenantId: hj.tenant.tenantId,
      crossTab: false,
    })
    const result = await client.auth.signIn({ email: DEMO.alice, password: DEMO.password })
    expect(result.status).toBe('complete')
    expect(client.session.getSnapshot().user?.email).toBe(DEMO.alice)
  })

  it('test 1 of 2: creates a user and a magic link', async () => {
    const s = await hj.signInAs({ email: DEMO.bob })
    expect(s.user.email).toBe(DEMO.bob)
    hj.mock.controls.fault({ path: '/v1/users', status: 503 })
    const res = await fetch(`${hj.baseUrl}/v1/auth/magic-link`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${DEMO.publishableKey}`,
        'x-tenant-id': DEMO.tenantId,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ email: 'carol@example.com', redirect_url: 'http://localhost:19914/cb' }),
    })
    expect(res.status).toBe(202)
    expect((await hj.waitForMessage('carol@example.com', 'magic_link')).link).toContain('token=')
  })

  it('test 2 of 2: the mock was reset in between (no outbox message, no pending fault)', async () => {
    expect(hj.mock.controls.outbox()).toEqual([])
    const res = await fetch(`${hj.baseUrl}/v1/users`, {
      headers: { authorization: `Bearer ${DEMO.secretKey}`, 'x-tenant-id': DEMO.tenantId },
    })
    expect(res.status).toBe(200)
  })

  it('clock and faults work in process too', async () => {
    const before = hj.mock.controls.now()
    await hj.clock.advance(60_000)
    expect(hj.mock.controls.now() - before).toBeGreaterThanOrEqual(60_000)
    await hj.faults.inject({ path: '/v1/users', status: 500 })
    expect(
      (
        await fetch(`${hj.baseUrl}/v1/users`, {
          headers: { authorization: `Bearer ${DEMO.secretKey}`, 'x-tenant-id': DEMO.tenantId },
        })
      ).status,
    ).toBe(500)
  })
})
