// @vitest-environment happy-dom
import { useMFA, useSession } from '@hellojohn/react'
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { HelloJohnTestProvider, createTestClient } from '@hellojohn/testing/react'

function Who() {
  const session = useSession()
  const mfa = useMFA()
  if (mfa.challenge) return <p>MFA: {mfa.factors.map((f) => f.type).join(',')}</p>
  if (!session.isLoaded) return <p>Loading…</p>
  return (
    <p>{session.status === 'signed_in' ? `Hi ${session.user.name} <${session.user.email}>` : 'Signed out'}</p>
  )
}

afterEach(cleanup)

describe('HelloJohnTestProvider', () => {
  it('renders every session state with no network', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch')
    render(
      <HelloJohnTestProvider state="signed_out">
        <Who />
      </HelloJohnTestProvider>,
    )
    expect(await screen.findByText('Signed out')).toBeTruthy()
    cleanup()
    render(
      <HelloJohnTestProvider state={{ signedIn: { email: 'ada@example.com', name: 'Ada' } }}>
        <Who />
      </HelloJohnTestProvider>,
    )
    expect(await screen.findByText('Hi Ada <ada@example.com>')).toBeTruthy()
    cleanup()
    render(
      <HelloJohnTestProvider state={{ mfaPending: { factors: ['totp', 'backup_code'] } }}>
        <Who />
      </HelloJohnTestProvider>,
    )
    expect(await screen.findByText('MFA: totp,backup_code')).toBeTruthy()
    cleanup()
    render(
      <HelloJohnTestProvider state="loading">
        <Who />
      </HelloJohnTestProvider>,
    )
    expect(await screen.findByText('Loading…')).toBeTruthy()
    expect(fetchSpy).not.toHaveBeenCalled()
    fetchSpy.mockRestore()
  })

  it('answers other API calls with 503 unless given a fetch, and refuses an unknown state', async () => {
    const client = await createTestClient({ state: { signedIn: {} } })
    await expect(client.me.get()).rejects.toMatchObject({ status: 503 })
    const answered = await createTestClient({
      state: { signedIn: { email: 'ada@example.com' } },
      fetch: async () =>
        new Response(JSON.stringify({ id: 'usr_test', email: 'from-fetch@example.com' }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
    })
    expect((await answered.me.get()).email).toBe('from-fetch@example.com')
    await expect(createTestClient({ state: 'weird' as 'loading' })).rejects.toMatchObject({
      code: 'invalid_options',
    })
  })
})
